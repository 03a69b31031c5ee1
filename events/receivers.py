"""The events app's receivers of the ``accounts.hooks``, connected by ``EventsConfig.ready()``."""

from dataclasses import fields

from accounts import hooks
from accounts.models import User
from events.selectors import user_event_data
from events.services import events_changed, rsvps_withdraw_for_deletion


def users_deleted(*, users: list[User]) -> None:
    """The deleted users' events and RSVPs left every list: retire the cached pages."""
    events_changed()


def user_export_data(*, user: User) -> dict:
    data = user_event_data(user=user)
    return {field.name: getattr(data, field.name) for field in fields(data)}


def connect() -> None:
    hooks.users_deleting.connect(rsvps_withdraw_for_deletion)
    hooks.users_deleted.connect(users_deleted)
    hooks.user_export_data.connect(user_export_data)
