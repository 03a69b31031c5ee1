"""Behind a declared reverse proxy (``NUM_PROXIES``) the login lock counts each client,
as the throttles do, not the proxy's own address."""

import pytest

from tests.factories import DEFAULT_PASSWORD
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    settings.LOGIN_LOCKOUT = {
        "ACCOUNT_CLIENT_FAILURES": 100,
        "ACCOUNT_FAILURES": 100,
        "CLIENT_FAILURES": 2,
        "WINDOW_SECONDS": 900,
        "LOCKOUT_SECONDS": 600,
    }


def login(client, email: str, password: str, client_address: str):
    return client.post(
        "/users/login",
        {"email": email, "password": password},
        format="json",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_a_client_locked_behind_the_proxy_does_not_lock_the_other_clients(api_client, user):
    for number in range(2):
        assert (
            login(api_client, f"guess{number}@example.com", "wrong-Password-1", "198.51.100.1").status_code
            == 401
        )

    assert_error(login(api_client, user.email, DEFAULT_PASSWORD, "198.51.100.1"), 429, "throttled")
    assert login(api_client, user.email, DEFAULT_PASSWORD, "198.51.100.2").status_code == 200
