"""Hooks through which other apps take part in work on users, so that ``accounts`` imports none of them.

``accounts`` declares each hook and sends it; an app connects its receivers in its
``AppConfig.ready()`` (``events/apps.py``). Receivers run synchronously, in the order connected,
inside the caller's unit of work: a receiver's failure rolls the whole operation back.
"""

from collections.abc import Callable
from typing import Any


class Hook:
    """A named list of receivers, called with the keyword arguments the hook documents."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Callable[..., Any]] = []

    def connect(self, receiver: Callable[..., Any]) -> Callable[..., Any]:
        """Add a receiver (once: ``ready()`` may run more than once, e.g. in tests)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def send(self, **kwargs: Any) -> list[Any]:
        """Call every receiver; their return values, in order."""
        return [receiver(**kwargs) for receiver in self._receivers]


users_deleting = Hook("users_deleting")
"""``receiver(*, users: list[User]) -> None``: in ``users_delete``'s unit of work, before the rows go."""

users_deleted = Hook("users_deleted")
"""``receiver(*, users: list[User]) -> None``: in the same unit of work, after the rows are gone."""

user_export_data = Hook("user_export_data")
"""``receiver(*, user: User) -> Mapping[str, Any]``: fields of ``accounts.selectors.UserData`` the
receiver's app holds about this user (``events``: ``events``, ``rsvps``, ``calendar_feed``,
``digest_entries``)."""


def export_fields(*, user: Any) -> dict[str, Any]:
    """The fields every ``user_export_data`` receiver gives, merged."""
    fields: dict[str, Any] = {}
    for part in user_export_data.send(user=user):
        fields.update(part)
    return fields
