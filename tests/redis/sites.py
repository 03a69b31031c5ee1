"""What the Redis tests do through a site process: register, create, list."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.helpers.servers import SiteServer

PASSWORD = "redis-Password-123"
LIST_PATH = "/events/all"


def register(site: SiteServer, name: str) -> str:
    """A new user's access token."""
    answer = site.post(
        "/users/register", {"name": name, "email": f"{name}@example.com", "password": PASSWORD}
    )
    assert answer.status == 200, answer.body
    return answer.json()["token"]


def create_event(site: SiteServer, token: str, title: str) -> str:
    answer = site.post("/events", {"title": title, "date": "2030-06-01T10:00:00Z"}, token=token)
    assert answer.status == 201, answer.body
    return answer.json()["event"]["eventId"]


def listed_titles(site: SiteServer, token: str) -> list[str]:
    answer = site.get(LIST_PATH, token=token)
    assert answer.status == 200, answer.body
    return sorted(event["title"] for event in answer.json()["events"])


def rename_behind_the_cache(database: Path, old: str, new: str) -> None:
    """Change a title in the database itself, as a shell would: no service, so no new events
    version. A page that still shows ``old`` afterwards came from the cache."""
    with sqlite3.connect(database) as connection:
        changed = connection.execute("UPDATE events_event SET title = ? WHERE title = ?", (new, old)).rowcount
    connection.close()
    assert changed == 1
