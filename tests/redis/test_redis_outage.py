"""Redis stopped mid-run: both processes still answer, the caches fail open, the throttles let
requests through (docs/security.md, Abuse limits), and nothing answers 500."""

from tests.helpers import start_in_a_fresh_minute
from tests.redis.sites import LIST_PATH, create_event, listed_titles, register


def test_with_redis_stopped_lists_and_writes_still_answer_on_both_processes(start_sites, redis_server):
    first, second = start_sites()
    token = register(first, "steady")
    create_event(first, token, "Launch")
    assert listed_titles(second, token) == ["Launch"]

    redis_server.stop()
    create_event(second, token, "Second")

    assert listed_titles(first, token) == ["Launch", "Second"]
    assert listed_titles(second, token) == ["Launch", "Second"]
    assert second.get(LIST_PATH, token=token).json()["count"] == 2


def test_with_redis_stopped_registering_and_logging_in_still_work(start_sites, redis_server):
    first, second = start_sites(AUTH_THROTTLE_RATE="2/min")
    redis_server.stop()

    register(first, "late")
    logins = [
        site.post("/users/login", {"email": "late@example.com", "password": "redis-Password-123"})
        for site in (first, second) * 2
    ]

    assert [answer.status for answer in logins] == [200] * 4


def test_with_redis_stopped_the_user_rate_lets_requests_through(start_sites, redis_server):
    first, second = start_sites(THROTTLE_USER_RATE="3/min")
    token = register(first, "unlimited")
    start_in_a_fresh_minute(margin=5)
    assert [site.get("/users/me", token=token).status for site in (first, second)] == [200, 200]

    redis_server.stop()
    answers = [site.get("/users/me", token=token).status for site in (first, second) * 3]

    assert answers == [200] * 6


def test_when_redis_is_back_the_processes_count_again_without_a_restart(start_sites, redis_server):
    first, second = start_sites(THROTTLE_USER_RATE="3/min")
    token = register(first, "recounted")
    start_in_a_fresh_minute(margin=5)
    redis_server.stop()
    assert [site.get("/users/me", token=token).status for site in (first, second) * 2] == [200] * 4

    redis_server.start()
    answers = [site.get("/users/me", token=token).status for site in (first, second) * 2]

    assert answers == [200, 200, 200, 429]
