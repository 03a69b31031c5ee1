"""Email to users: rendered from templates, sent only where the user and the address allow it.

Every message is rendered from ``emails/<name>_subject.txt``, ``emails/<name>.txt`` (plain
text: the ``text`` template engine, which escapes nothing) and, when it exists,
``emails/<name>.html``; a deployment overrides any of them from the directory
``EMAIL_TEMPLATES_DIR`` names, searched before the apps' own. A message of a category
(``CATEGORIES``) goes only to users who have not turned that category off, and carries an
unsubscribe link (and RFC 8058 one-click headers) that works without login; account mail
(``category=None``: verification, password reset) always goes. Nothing is sent to an inactive
account or to an address marked undeliverable (a bounce or complaint), except what verifies it.

Call these from tasks (``eventsite.tasks``), never inside a request: sending waits on SMTP.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from accounts.models import User

logger = logging.getLogger("accounts.mail")

# Category -> the User field that turns it on; the API names them in camelCase.
CATEGORIES = {
    "rsvp_updates": "email_rsvp_updates",
    "event_changes": "email_event_changes",
    "reminders": "email_reminders",
    "organizer_digest": "email_organizer_digest",
}
UNSUBSCRIBE_SALT = "accounts.mail.unsubscribe"


class Attachment(NamedTuple):
    filename: str
    content: bytes | str
    mimetype: str


def may_receive(user: User, *, category: str | None, verifying: bool = False) -> bool:
    """Whether mail of ``category`` may go to ``user`` now (see the module docstring)."""
    if not user.is_active or not user.email:
        return False
    if user.email_undeliverable_at is not None and not verifying:
        return False
    return category is None or getattr(user, CATEGORIES[category])


def unsubscribe_token(user: User, category: str) -> str:
    return signing.dumps({"user": str(user.pk), "category": category}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str]:
    """``(user id, category)`` of a token ``unsubscribe_token`` made; ``signing.BadSignature`` otherwise.

    The token does not expire: an unsubscribe link in an old email must keep working.
    """
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if (
        not isinstance(data, dict)
        or data.get("category") not in CATEGORIES
        or not isinstance(data.get("user"), str)
    ):
        raise signing.BadSignature("not an unsubscribe token")
    return data["user"], data["category"]


def public_url(path: str) -> str:
    """An absolute URL of this API for links in emails (``PUBLIC_BASE_URL`` + ``path``)."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def send_email(
    *,
    user: User,
    template: str,
    context: dict,
    category: str | None,
    attachments: Iterable[Attachment] = (),
    to: str | None = None,
    verifying: bool = False,
) -> bool:
    """Render ``template`` for ``user`` and send it to ``to`` (their address by default).

    Returns whether it was sent; skipped mail (a preference, an inactive account, an
    undeliverable address) is not an error. SMTP errors propagate, so the task retries.
    """
    if not may_receive(user, category=category, verifying=verifying):
        logger.info(
            "email skipped", extra={"user_id": str(user.pk), "template": template, "category": category}
        )
        return False
    context = {"user": user, **context}
    headers = {}
    if category is not None:
        link = public_url(f"/users/email/unsubscribe?token={unsubscribe_token(user, category)}")
        context["unsubscribe_url"] = link
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context, using="text").split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context, using="text"),
        to=[to or user.email],
        headers=headers,
    )
    with contextlib.suppress(TemplateDoesNotExist):
        message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    message.send()
    logger.info("email sent", extra={"user_id": str(user.pk), "template": template, "category": category})
    return True
