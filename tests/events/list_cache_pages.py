"""Helpers of the list cache tests: list a page, and check that a repeat came from the cache."""

from tests.helpers import Statement, database_statements, reads_of

LIST_PATHS = ["/events", "/events/all"]
EVENT_ADMIN = "/admin/events/event/"
USER_ADMIN = "/admin/accounts/user/"
PAGE_TABLES = ("events_event", "events_rsvp")
# The authentication user lookup and the events version lookup (one read, however many rows).
CACHE_HIT_READS = [("accounts_user", True), ("events_eventsversion", True)]


def page_table_reads(statements: list[Statement]) -> list[Statement]:
    return reads_of(statements, *PAGE_TABLES)


def assert_served_from_cache(statements: list[Statement]) -> None:
    """Only the authentication user lookup and the events version lookup ran."""
    assert page_table_reads(statements) == []
    assert sorted((s.table, s.is_read) for s in statements) == CACHE_HIT_READS, [s.text for s in statements]


def cached_page(client, path: str = "/events", **extra) -> dict:
    """List twice and return the body; the second answer must come from the cache."""
    client.get(path, **extra)
    with database_statements() as statements:
        response = client.get(path, **extra)
    assert response.status_code == 200, response.content
    assert_served_from_cache(statements)
    return response.json()


def listed(client, path: str = "/events", **extra) -> dict[str, dict]:
    """The events of one list page by eventId."""
    response = client.get(path, **extra)
    assert response.status_code == 200, response.content
    return {event["eventId"]: event for event in response.json()["events"]}


def cached_listing(client, path: str = "/events") -> dict[str, dict]:
    return {event["eventId"]: event for event in cached_page(client, path)["events"]}
