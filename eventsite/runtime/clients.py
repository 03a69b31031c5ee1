"""The client's address, one rule for every place that keys or records by it."""

from rest_framework.throttling import BaseThrottle


def client_address(request) -> str:
    """The client's address as the DRF throttles see it (``BaseThrottle.get_ident``), or "".

    ``REMOTE_ADDR`` by default: on Lambda, Zappa sets it from the address API Gateway saw,
    which clients cannot forge; behind a declared proxy (``NUM_PROXIES``), the address
    that proxy forwarded.
    """
    return BaseThrottle().get_ident(request) or ""
