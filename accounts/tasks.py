"""The accounts domain's background tasks (``eventsite.tasks``): account mail."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator

from accounts.email_tokens import CHANGE, VERIFY, make_token
from accounts.mail import send_email
from accounts.models import User
from accounts.selectors import active_user_by_email, user_email_taken
from eventsite.tasks import task

logger = logging.getLogger(__name__)


def _token_context(user: User, kind: str) -> dict:
    return {
        "user_id": str(user.pk),
        "token": make_token(user, kind),
        "hours": settings.EMAIL_VERIFICATION_TIMEOUT // 3600,
    }


@task
def send_verification_email(*, user_id: str) -> None:
    """Mail a token that verifies the user's present address (made now, for the state read now)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    send_email(
        user=user,
        template="email_verification",
        context=_token_context(user, VERIFY),
        category=None,
        verifying=True,
    )


@task
def send_email_change_confirmation(*, user_id: str, email: str) -> None:
    """Mail the token that confirms a change to ``email`` to that address.

    Nothing goes when the user has since asked for another address, or when another account
    holds this one: the request answered alike either way, and nothing tells its owner.
    """
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.pending_email != email:
        return
    if user_email_taken(email=email):
        logger.info("email change to a taken address not mailed", extra={"user_id": user_id})
        return
    send_email(
        user=user,
        template="email_change",
        context={**_token_context(user, CHANGE), "new_email": email},
        category=None,
        to=email,
        verifying=True,
    )


@task
def send_email_changed_notice(*, user_id: str, old_email: str) -> None:
    """Tell the address a user left that the account now uses another one."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    send_email(
        user=user,
        template="email_changed",
        context={"old_email": old_email, "new_email": user.email},
        category=None,
        to=old_email,
    )


@task
def send_password_reset(*, email: str) -> None:
    """Email a reset token to the active account with this address; nothing when there is none.

    The lookup happens here, off the request, so the request does the same for every address.
    """
    user = active_user_by_email(email=email)
    if user is None:
        return
    context = {
        "token": default_token_generator.make_token(user),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    send_email(user=user, template="password_reset", context=context, category=None)
