"""Two site processes on one Redis count one throttle and share, and retire, list pages."""

from tests.helpers import start_in_a_fresh_minute
from tests.redis.sites import LIST_PATH, create_event, listed_titles, register, rename_behind_the_cache


def test_a_user_rate_limit_holds_across_two_processes(start_sites):
    first, second = start_sites(THROTTLE_USER_RATE="6/min")
    token = register(first, "counted")
    start_in_a_fresh_minute(margin=5)

    answers = [site.get("/users/me", token=token) for site in (first, second) * 4]

    assert [answer.status for answer in answers] == [200] * 6 + [429] * 2
    assert all("Retry-After" in answer.headers for answer in answers[6:])


def test_a_list_page_cached_by_one_process_is_served_by_the_other(start_sites, redis_server, tmp_path):
    first, second = start_sites()
    token = register(first, "reader")
    create_event(first, token, "Launch")
    cached = first.get(LIST_PATH, token=token)
    rename_behind_the_cache(tmp_path / "site.sqlite3", "Launch", "Renamed")

    served = second.get(LIST_PATH, token=token)

    assert served.status == 200
    assert served.body == cached.body
    assert redis_server.keys("eventsite:*:events:page:*") != []


def test_a_write_on_one_process_retires_the_pages_the_other_serves(start_sites, tmp_path):
    first, second = start_sites()
    token = register(first, "writer")
    create_event(first, token, "Launch")
    assert listed_titles(second, token) == ["Launch"]
    rename_behind_the_cache(tmp_path / "site.sqlite3", "Launch", "Renamed")
    assert listed_titles(first, token) == ["Launch"]  # still the page cached through the other

    create_event(second, token, "Second")

    assert listed_titles(first, token) == ["Renamed", "Second"]


def test_a_callers_first_list_request_reads_the_cache_in_one_round_trip(start_sites, redis_server):
    first, second = start_sites()
    reader, other = register(first, "reader"), register(first, "other")
    create_event(first, reader, "Launch")
    assert listed_titles(first, reader) == ["Launch"]  # builds the shared page
    before = redis_server.command_calls()

    assert listed_titles(second, other) == ["Launch"]

    calls = redis_server.command_calls()
    ran = {name: calls[name] - before.get(name, 0) for name in calls if calls[name] != before.get(name, 0)}
    # The caller's page, the shared count, who has drafts and the shared page in one MGET; the
    # caller's page kept with a SET; the throttle's window counter (SET when new, django-redis's
    # EXISTS and EVAL to increment it); HELLO and INFO are this test's own connection.
    assert ran.get("mget") == 1 and "get" not in ran, sorted(ran.items())
    assert set(ran) <= {"mget", "set", "exists", "eval", "hello", "info"}, sorted(ran.items())
