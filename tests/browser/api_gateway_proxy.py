"""A local stand-in for API Gateway in front of the packaged app, for a real browser.

The browser speaks plain HTTP to 127.0.0.1. Each request under ``/dev/`` becomes a REST API
(v1) proxy event on stage ``dev`` for Zappa's handler, running warm in a ``LambdaProcess``,
as if the browser had called ``https://<api-id>.execute-api.<region>.amazonaws.com/dev/...``.
Like a reverse proxy, it maps that public origin both ways: ``Origin``/``Referer`` going in
(Django's CSRF check compares them with the API host) and absolute URLs going out.
"""

from __future__ import annotations

import base64
import importlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

_runtime = importlib.import_module("tests.lambda.lambda_runtime")  # "lambda" is a keyword
API_HOST, api_event = _runtime.API_HOST, _runtime.api_event

STAGE = "/dev"
GATEWAY_ORIGIN = f"https://{API_HOST}"
# Set by the gateway itself, or meaningless past one hop.
DROPPED_REQUEST_HEADERS = {"host", "connection", "keep-alive", "content-length"}
DROPPED_RESPONSE_HEADERS = {"connection", "content-length", "transfer-encoding"}
REWRITTEN_TYPES = ("text/html", "application/json")


class ApiGatewayProxy:
    def __init__(self, app):
        self.app = app
        self.invoking = threading.Lock()  # one container: one invocation at a time
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.stage_url = self.origin + STAGE
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ApiGatewayProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def forward(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        url = urlsplit(target)
        if url.path != STAGE and not url.path.startswith(f"{STAGE}/"):
            # What API Gateway answers for a path outside any stage.
            return 403, [("Content-Type", "application/json")], b'{"message":"Forbidden"}'
        gateway_headers = {
            name.title(): value.replace(self.origin, GATEWAY_ORIGIN)
            for name, value in headers
            if name.lower() not in DROPPED_REQUEST_HEADERS
        }
        event = api_event(
            method,
            url.path[len(STAGE) :] or "/",
            body.decode() if body else None,
            query=dict(parse_qsl(url.query, keep_blank_values=True)) or None,
            headers=gateway_headers,
        )
        with self.invoking:
            result = self.app.invoke(event)
        if "statusCode" not in result:
            raise AssertionError(f"the handler failed: {result}")
        response_headers = [
            (name, value.replace(GATEWAY_ORIGIN, self.origin))
            for name, values in result.get("multiValueHeaders", {}).items()
            if name.lower() not in DROPPED_RESPONSE_HEADERS
            for value in values
        ]
        return result["statusCode"], response_headers, self._response_body(result, response_headers)

    def _response_body(self, result: dict, headers: list[tuple[str, str]]) -> bytes:
        if result.get("isBase64Encoded"):
            return base64.b64decode(result["body"])
        body = result.get("body") or ""
        content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
        if content_type.startswith(REWRITTEN_TYPES):
            body = body.replace(GATEWAY_ORIGIN, self.origin)
        return body.encode()


def _handler_for(proxy: ApiGatewayProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            status, headers, body = proxy.forward(
                self.command, self.path, list(self.headers.items()), self.rfile.read(length)
            )
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _forward

        def log_message(self, format, *args) -> None:
            """Quiet: the handler's own access log (stderr of the Lambda process) has it."""

    return Handler
