"""A webhook receiver on loopback, and the settings that let deliveries reach it."""

import contextlib
import hashlib
import hmac
import json
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.helpers import bearer_client

ALL_TYPES = [
    "event.created",
    "event.updated",
    "event.cancelled",
    "event.deleted",
    "rsvp.created",
    "rsvp.cancelled",
    "rsvp.promoted",
]


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next of ``answers`` (then 200), ``(status, body, headers)``."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    answers: list[tuple[int, bytes, dict]] = field(default_factory=list)
    delay_seconds: float = 0.0

    def answer_with(self, *statuses: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.answers.extend((status, body, headers or {}) for status in statuses)


def signature_is_valid(received: Received, secret: str, *, tolerance_seconds: int = 300) -> bool:
    """What a receiver does: recompute the HMAC of ``<t>.<raw body>`` and refuse old timestamps."""
    parts = dict(item.split("=", 1) for item in received.headers["Eventsite-Signature"].split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + received.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - timestamp) <= tolerance_seconds


@contextlib.contextmanager
def serving(state: Receiver, *, tls: ssl.SSLContext | None = None):
    """``state``'s receiver on a free loopback port, over TLS with ``tls``."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            state.received.append(Received(self.path, dict(self.headers.items()), body))
            status, answer, headers = state.answers.pop(0) if state.answers else (200, b"ok", {})
            if state.delay_seconds:
                time.sleep(state.delay_seconds)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the client reads only the start of long answers
                self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if tls else "http"
    state.url = f"{scheme}://127.0.0.1:{server.server_address[1]}/hooks/eventsite"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver():
    with serving(Receiver()) as state:
        yield state


@pytest.fixture(autouse=True)
def _webhooks_may_call_loopback(settings):
    """Deliveries may reach the receiver: plain http and loopback, which production refuses."""
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 2


def register(client, url: str, event_types=None, **extra):
    body = {"url": url, "eventTypes": event_types or ALL_TYPES, **extra}
    return client.post("/users/me/webhooks", body, format="json")


@pytest.fixture
def webhook(user, receiver) -> dict:
    """The user's endpoint for every change, pointing at the receiver (with its secret)."""
    response = register(bearer_client(user), receiver.url)
    assert response.status_code == 201, response.content
    return response.json()["webhook"]
