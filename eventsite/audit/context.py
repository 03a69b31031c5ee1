"""Who and where a change comes from: the request being answered, if any.

``AuditContextMiddleware`` (after ``AuthenticationMiddleware``) keeps the request in a context
variable for ``audit_record``. DRF authenticates inside the view and sets the user on the Django
request too, so the actor is read when the entry is written, not when the request arrives.
"""

import uuid
from contextvars import ContextVar
from typing import NamedTuple

from eventsite.runtime.clients import client_address
from eventsite.runtime.logging import API_KEY_ID_ATTRIBUTE, request_id_var

USER_AGENT_LENGTH = 300

current_request: ContextVar = ContextVar("audit_request", default=None)


class Origin(NamedTuple):
    actor_id: uuid.UUID | None = None
    actor_email: str = ""
    actor_is_staff: bool = False
    api_key_id: str = ""
    client_ip: str = ""
    user_agent: str = ""
    request_id: str = ""


def origin(actor=None) -> Origin:
    """``actor`` (else the request's user), with the request's address, user agent and id."""
    request = current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if request is None:
        return _actor_fields(actor, request_id=request_id_var.get() or "")
    return _actor_fields(
        actor,
        api_key_id=getattr(request, API_KEY_ID_ATTRIBUTE, None) or "",
        client_ip=client_address(request),
        user_agent=request.headers.get("User-Agent", "")[:USER_AGENT_LENGTH],
        request_id=request_id_var.get() or "",
    )


def _actor_fields(actor, **fields) -> Origin:
    if actor is None:
        return Origin(**fields)
    return Origin(actor_id=actor.pk, actor_email=actor.email, actor_is_staff=actor.is_staff, **fields)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
