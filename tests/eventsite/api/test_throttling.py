"""General request rates (DRF throttles), the client address they count by, and ``CACHE_URL``."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventsite.api.throttling import FixedWindowRateThrottle
from eventsite.conf.cache import cache_settings
from tests.helpers import (
    Clock,
    assert_error,
    bearer_client,
    merge_throttle_rates,
    set_throttle_rates,
    start_in_a_fresh_minute,
)
from tests.helpers.servers import free_port

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[3]


def assert_throttled(response) -> None:
    body = assert_error(response, 429, "throttled")
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 60
    assert str(retry_after) in body["message"]


def test_a_user_past_the_user_rate_gets_429_with_retry_after(settings, monkeypatch, user, other_user):
    set_throttle_rates(settings, monkeypatch, user="2/min")
    client = bearer_client(user)

    assert [client.get("/users/me").status_code for _ in range(2)] == [200, 200]
    assert_throttled(client.get("/events"))
    assert bearer_client(other_user).get("/users/me").status_code == 200


def test_the_user_rate_counts_per_clock_minute_and_retry_after_points_at_the_next(
    settings, user, monkeypatch
):
    merge_throttle_rates(settings, user="2/min")
    clock = Clock(1_800_000_020.0)  # 20 s into a clock minute
    monkeypatch.setattr(FixedWindowRateThrottle, "timer", clock)
    client = bearer_client(user)

    assert [client.get("/users/me").status_code for _ in range(2)] == [200, 200]
    clock.now += 30
    throttled = client.get("/users/me")
    assert_throttled(throttled)
    assert throttled["Retry-After"] == "10"
    clock.now += 10
    assert client.get("/users/me").status_code == 200


def test_a_busy_user_costs_the_throttle_one_small_counter_not_a_list_of_requests(settings, user):
    from django.core.cache import cache

    merge_throttle_rates(settings, user="1000/min")
    start_in_a_fresh_minute(margin=5)  # the key below is the real clock's minute
    client = bearer_client(user)

    for _ in range(50):
        assert client.get("/users/me").status_code == 200

    # DRF's key for the user's scope, then the clock minute.
    assert cache.get(f"throttle_user_{user.pk}:{int(time.time() // 60)}") == 50


def test_an_anonymous_client_past_the_anon_rate_gets_429_with_retry_after(settings, monkeypatch, api_client):
    set_throttle_rates(settings, monkeypatch, anon="2/min")

    assert [api_client.get("/health", REMOTE_ADDR="192.0.2.10").status_code for _ in range(2)] == [200, 200]
    assert_throttled(api_client.get("/health", REMOTE_ADDR="192.0.2.10"))
    assert api_client.get("/health", REMOTE_ADDR="192.0.2.11").status_code == 200


def test_the_anon_rate_also_covers_the_auth_endpoints(settings, monkeypatch, api_client):
    set_throttle_rates(settings, monkeypatch, anon="2/min")
    body = {"email": "nobody@example.com", "password": "wrong-Password-1"}

    assert [api_client.post("/users/login", body, format="json").status_code for _ in range(2)] == [401, 401]
    assert_throttled(api_client.post("/users/login", body, format="json"))


def test_a_spoofed_x_forwarded_for_does_not_reset_the_count(settings, monkeypatch, api_client):
    set_throttle_rates(settings, monkeypatch, anon="2/min")

    statuses = [
        api_client.get(
            "/health", REMOTE_ADDR="192.0.2.20", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}"
        ).status_code
        for number in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_behind_a_declared_proxy_the_last_forwarded_address_is_the_client(settings, monkeypatch, api_client):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    set_throttle_rates(settings, monkeypatch, anon="1/min")
    proxy = "10.0.0.1"

    first = api_client.get("/health", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.1")
    forged_prefix = api_client.get("/health", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.1")
    other_client = api_client.get("/health", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert first.status_code == 200
    assert_throttled(forged_prefix)
    assert other_client.status_code == 200


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "eventsite"),
        ("locmem://throttles", "django.core.cache.backends.locmem.LocMemCache", "throttles"),
        ("redis://cache.internal:6379/1", "django_redis.cache.RedisCache", "redis://cache.internal:6379/1"),
        (
            "rediss://:secret@master.x.cache.amazonaws.com:6379/0",
            "django_redis.cache.RedisCache",
            "rediss://:secret@master.x.cache.amazonaws.com:6379/0",
        ),
    ],
)
def test_cache_url_picks_the_backend(url, backend, location):
    cache = cache_settings(url)

    assert (cache["BACKEND"], cache["LOCATION"]) == (backend, location)


def test_redis_cache_fails_fast_and_open():
    options = cache_settings("redis://cache.internal:6379/0")["OPTIONS"]

    assert options["IGNORE_EXCEPTIONS"] is True
    assert options["SOCKET_CONNECT_TIMEOUT"] <= 1 and options["SOCKET_TIMEOUT"] <= 1


@pytest.mark.parametrize("url", ["memcached://cache:11211", "redis://", "cache.internal:6379", ""])
def test_cache_url_refuses_unknown_schemes_and_missing_hosts(url):
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_settings(url)


PROBE = """
import sys
import django
from django.test.utils import setup_test_environment

django.setup()
setup_test_environment()
from django.test import Client

statuses = [Client().get("/").status_code for _ in range(3)]
print(statuses, "redis" in sys.modules)
"""


def run_with_cache_url(cache_url: str | None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eventsite.settings",
        "DATABASE_URL": "sqlite://:memory:",
        "THROTTLE_ANON_RATE": "2/min",
    }
    env.pop("CACHE_URL", None)
    if cache_url is not None:
        env["CACHE_URL"] = cache_url
    start_in_a_fresh_minute(margin=10)  # the probe starts Django first: a few seconds
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_default_cache_is_local_memory_and_never_imports_redis():
    result = run_with_cache_url(None)

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[-2] == "[200, 200, 429] False"


def test_unreachable_redis_lets_requests_through_instead_of_failing_them():
    closed_port = free_port()

    result = run_with_cache_url(f"redis://127.0.0.1:{closed_port}/0")

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[-2] == "[200, 200, 200] True"


def test_a_bad_cache_url_stops_start_up_with_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env={**os.environ, "CACHE_URL": "memcached://cache:11211"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert (
        result.stderr.strip()
        == "eventsite: CACHE_URL must be locmem://, dummy://, redis://host or rediss://host, got 'memcached'"
    )
