"""One webhook POST, to the address ``ssrf.check_url`` checked, with the standard library only.

No redirect is followed (a 3xx is a failure like any other non-2xx), every socket operation has
``WEBHOOKS_TIMEOUT_SECONDS``, and at most ``READ_LIMIT`` bytes of the answer are read.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from django.conf import settings

from events.webhooks.ssrf import Target, UnsafeUrl, check_url

READ_LIMIT = 2048
EXCERPT_CHARS = 500
USER_AGENT = "eventsite-webhooks/1.0"


@dataclass(frozen=True)
class Outcome:
    succeeded: bool
    status_code: int | None
    duration_ms: int
    error: str = ""
    response_excerpt: str = ""


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address; the Host header still names the URL's host."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As ``_PinnedHTTPConnection``, with TLS verified for the URL's host name (SNI)."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body``; never raises for what the network or the receiver does."""
    started = time.monotonic()
    try:
        target = check_url(url)
    except UnsafeUrl as refused:
        return Outcome(succeeded=False, status_code=None, duration_ms=0, error=refused.message)
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = kind(target, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS)
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        response = connection.getresponse()
        excerpt = response.read(READ_LIMIT).decode("utf-8", errors="replace")[:EXCERPT_CHARS]
    except TimeoutError:
        return _failed(started, "Timed out.")
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return _failed(started, f"Connection failed: {type(exc).__name__}: {exc}")
    finally:
        connection.close()
    ok = 200 <= response.status < 300
    return Outcome(
        succeeded=ok,
        status_code=response.status,
        duration_ms=_elapsed_ms(started),
        error="" if ok else f"The receiver answered {response.status}.",
        response_excerpt=excerpt,
    )


def _failed(started: float, error: str) -> Outcome:
    return Outcome(succeeded=False, status_code=None, duration_ms=_elapsed_ms(started), error=error[:500])


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
