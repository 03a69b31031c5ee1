"""A real SMTP server on loopback (aiosmtpd) that can be made slow, for tests of the SMTP path."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from tests.helpers.servers import HOST, free_port


@dataclass
class SlowSmtpHandler:
    """Waits ``delay`` seconds before it answers DATA, then keeps the message."""

    delay: float
    received: list[tuple[list[str], bytes]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay)
        with self._lock:
            self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


class SmtpServer:
    """aiosmtpd on a free loopback port; ``recipients()`` lists whom the received mail went to."""

    def __init__(self, *, delay: float = 0.0):
        self.handler = SlowSmtpHandler(delay=delay)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname=HOST, port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    def recipients(self) -> list[str]:
        with self.handler._lock:
            return [address for rcpt_tos, _ in self.handler.received for address in rcpt_tos]

    def use_in(self, settings) -> None:
        """Point Django's SMTP back end at this server (``settings``: pytest-django's fixture)."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = HOST
        settings.EMAIL_PORT = self.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
