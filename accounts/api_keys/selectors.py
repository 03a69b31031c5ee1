"""Reads of API keys: the caller's own, never another user's."""

import uuid

from django.db.models import QuerySet

from accounts.api_keys.models import ApiKey
from accounts.models import User


def user_api_keys(*, user: User) -> QuerySet[ApiKey]:
    """Oldest first, revoked ones too (with ``revokedAt``)."""
    return ApiKey.objects.filter(user=user).order_by("created_at", "id")


def user_api_key(*, user: User, key_id) -> ApiKey | None:
    """The caller's key ``key_id``; None for another user's, as for one that is not there."""
    try:
        pk = uuid.UUID(str(key_id))
    except ValueError:
        return None
    return ApiKey.objects.filter(pk=pk, user=user).first()
