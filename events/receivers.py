"""The events app's receivers of the ``accounts.hooks``, connected by ``EventsConfig.ready()``.

They import the services and selectors when a hook fires: ``ready()`` runs as Django starts, on
every Lambda cold start, and the services bring the list cache and its pages with them.
"""

from dataclasses import fields

from accounts import hooks
from accounts.models import User


def rsvps_withdraw_for_deletion(*, users: list[User]) -> None:
    from events import services

    services.rsvps_withdraw_for_deletion(users=users)


def users_deleted(*, users: list[User]) -> None:
    """The deleted users' events and RSVPs left every list: retire the cached pages."""
    from events.services import events_changed

    events_changed()


def user_export_data(*, user: User) -> dict:
    from events.selectors import user_event_data

    data = user_event_data(user=user)
    return {field.name: getattr(data, field.name) for field in fields(data)}


def connect() -> None:
    hooks.users_deleting.connect(rsvps_withdraw_for_deletion)
    hooks.users_deleted.connect(users_deleted)
    hooks.user_export_data.connect(user_export_data)
