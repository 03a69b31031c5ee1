import importlib
import time

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.factories import EventFactory, StaffFactory, SuperuserFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_bcrypt(settings):
    """Real bcrypt, at the lowest cost, so the suite stays quick."""
    settings.BCRYPT_ROUNDS = 4


def set_throttle_rates(settings, **rates: str) -> None:
    """Lower some DRF throttle rates (``auth``, ``anon``, ``user``; per minute) for one test."""
    _merge_throttle_rates(settings, rates)
    start_in_a_fresh_minute()


def _merge_throttle_rates(settings, rates: dict[str, str]) -> None:
    rest_framework = settings.REST_FRAMEWORK
    merged = {**rest_framework["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = {**rest_framework, "DEFAULT_THROTTLE_RATES": merged}


def start_in_a_fresh_minute(margin: float = 5.0) -> None:
    """Wait for the next clock minute when this one ends within ``margin`` seconds.

    The throttles count per clock minute (``accounts.throttling``): a test's requests
    must all fall in one window, or its count starts again half-way.
    """
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.05)


@pytest.fixture(autouse=True)
def _generous_request_rates(settings):
    """The general per-user and anonymous rates stay out of the way (test_throttling lowers them)."""
    _merge_throttle_rates(settings, {"anon": "100000/min", "user": "100000/min"})


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached list pages never leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_list_cache(settings):
    """Every list request builds its page: for tests that count the page's own queries, or
    that write with factories (not the services, which retire cached pages) between requests."""
    settings.EVENT_LIST_CACHE_SECONDS = 0


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def bearer_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffFactory()


@pytest.fixture
def auth_client(user) -> APIClient:
    return bearer_client(user)


@pytest.fixture
def event(user):
    return EventFactory(created_by=user)


@pytest.fixture
def superuser(db):
    return SuperuserFactory()


@pytest.fixture
def admin_site_client(client, superuser):
    """Django's test client, logged in to the admin as a superuser."""
    client.force_login(superuser)
    return client


# The Lambda package fixtures (``make package``, unzipped; the runtime's libraries), defined
# once here so tests/lambda and tests/browser share one build. "lambda" is a keyword.
_package_fixtures = importlib.import_module("tests.lambda.package_fixtures")
lambda_package = _package_fixtures.lambda_package
package_dir = _package_fixtures.package_dir
lambda_venv = _package_fixtures.lambda_venv
runtime_dir = _package_fixtures.runtime_dir
lambda_app = _package_fixtures.lambda_app
