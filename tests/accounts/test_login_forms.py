"""The browsable API's and the admin's login forms share the API login's lockout and throttle."""

import pytest

from tests.factories import DEFAULT_PASSWORD
from tests.helpers import CLIENT_ADDRESS, assert_error, login, set_throttle_rates

pytestmark = pytest.mark.django_db

FORMS = ["/api-auth/login/", "/admin/login/"]
LIMITS = {
    "ACCOUNT_CLIENT_FAILURES": 3,
    "ACCOUNT_FAILURES": 100,
    "CLIENT_FAILURES": 100,
    "WINDOW_SECONDS": 900,
    "LOCKOUT_SECONDS": 600,
}


@pytest.fixture(autouse=True)
def _lockout_limits(settings):
    settings.LOGIN_LOCKOUT = dict(LIMITS)


def form_login(client, path: str, email: str, password: str = DEFAULT_PASSWORD):
    return client.post(path, {"username": email, "password": password}, REMOTE_ADDR=CLIENT_ADDRESS)


def assert_refused_with(response, message: str) -> None:
    """The form is shown again with ``message``, and no session was opened."""
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


@pytest.mark.parametrize("path", FORMS)
def test_login_form_opens_a_session_below_the_limit(client, staff_user, path):
    response = form_login(client, path, staff_user.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


@pytest.mark.parametrize("path", FORMS)
def test_login_form_refuses_the_right_password_while_the_api_lock_holds(client, api_client, staff_user, path):
    for _ in range(3):
        login(api_client, staff_user.email, "wrong-Password-1")
    locked = assert_error(login(api_client, staff_user.email), 429, "throttled")

    response = form_login(client, path, staff_user.email)

    assert_refused_with(response, locked["message"].split(" in ")[0])


@pytest.mark.parametrize("path", FORMS)
def test_login_form_failures_lock_the_api_login(client, api_client, staff_user, path):
    for _ in range(3):
        assert form_login(client, path, staff_user.email, "wrong-Password-1").status_code == 200

    assert_error(login(api_client, staff_user.email), 429, "throttled")
    assert_refused_with(form_login(client, path, staff_user.email), "Request was throttled")


@pytest.mark.parametrize("path", FORMS)
def test_login_form_posts_count_towards_the_auth_rate(
    client, api_client, staff_user, path, settings, monkeypatch
):
    set_throttle_rates(settings, monkeypatch, auth="2/min")
    for _ in range(2):
        form_login(client, path, staff_user.email, "wrong-Password-1")

    assert_error(login(api_client, staff_user.email), 429, "throttled")
    assert_refused_with(form_login(client, path, staff_user.email), "Request was throttled")
