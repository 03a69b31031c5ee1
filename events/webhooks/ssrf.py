"""Which webhook URLs may be called: no request of ours reaches a private network (SSRF).

A URL must be ``https`` (``http`` too with ``WEBHOOKS_ALLOW_HTTP``), carry no credentials, and its
host name must resolve to public addresses only: every address it resolves to is checked, and
the connection goes to one of those checked addresses (``delivery``), so a name that resolves
differently a moment later (DNS rebinding) changes nothing. Loopback is allowed only with
``WEBHOOKS_ALLOW_LOOPBACK`` (local development and tests). Checked at registration and again
before every delivery.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from eventsite.runtime.errors import InvalidInput

DEFAULT_PORTS = {"https": 443, "http": 80}


class UnsafeUrl(InvalidInput):
    """A webhook URL we will not call; the message says why."""

    code = "unsafe_webhook_url"

    def __init__(self, message: str):
        super().__init__(message, errors={"url": [message]})


@dataclass(frozen=True)
class Target:
    """Where a delivery connects: the checked ``address``, with ``host`` for the Host header and SNI."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def check_url(url: str) -> Target:
    """The URL's target, on one of its checked addresses; ``UnsafeUrl`` if it may not be called."""
    scheme, host, port, path = _parts(url)
    addresses = _checked_addresses(host, port)
    # IPv4 first: not every network (a Lambda function's VPC, say) routes IPv6.
    address = next((address for address in addresses if ":" not in address), addresses[0])
    return Target(scheme=scheme, host=host, port=port, path=path, address=address)


def _parts(url: str) -> tuple[str, str, int, str]:
    if not url.isascii() or any(char.isspace() or not char.isprintable() for char in url):
        raise UnsafeUrl(
            "Webhook URLs must not contain spaces, control or non-ASCII characters: percent-encode "
            "them, and write an international host name in its xn-- form."
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeUrl("Enter a valid URL.") from None
    scheme = parts.scheme.lower()
    allowed = ("https", "http") if settings.WEBHOOKS_ALLOW_HTTP else ("https",)
    if scheme not in allowed:
        raise UnsafeUrl("Webhook URLs must use https." if scheme else "Enter a valid URL.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("Webhook URLs must not contain a user name or password.")
    if not parts.hostname:
        raise UnsafeUrl("Enter a valid URL.")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, parts.hostname, port or DEFAULT_PORTS[scheme], path


def _checked_addresses(host: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError):
        raise UnsafeUrl(f"The host name {host!r} could not be resolved.") from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise UnsafeUrl(f"The host name {host!r} could not be resolved.")
    for address in addresses:
        if not is_allowed_address(address):
            raise UnsafeUrl(
                "Webhook URLs must point to a public address, not a private, loopback, link-local "
                "or reserved one."
            )
    return addresses


def is_allowed_address(address: str) -> bool:
    """A public unicast address (or loopback, when ``WEBHOOKS_ALLOW_LOOPBACK`` allows it)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return settings.WEBHOOKS_ALLOW_LOOPBACK
    return ip.is_global and not ip.is_multicast
