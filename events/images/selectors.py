"""Reads for the image routes: the event of the URL, and where its files are served."""

from django.core.files.storage import default_storage
from django.http import Http404
from rest_framework.generics import get_object_or_404

from accounts.models import User
from events.models import Event
from events.selectors import events_visible_to
from events.teams.selectors import team_draft


def event_for(*, user: User, event_id: str) -> Event:
    """The URL's event if the caller sees it (a draft, if they are on its team); else 404."""
    try:
        return get_object_or_404(events_visible_to(user=user), pk=event_id)
    except Http404:
        event = team_draft(user=user, event_id=event_id)
        if event is None:
            raise
        return event


def media_url(name: str) -> str | None:
    """The URL a stored file is served at (signed for a private bucket), or None without one."""
    return default_storage.url(name) if name else None
