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
