import pytest
from django.test import RequestFactory

from tests.helpers import CLIENT_ADDRESS


@pytest.fixture
def login_request():
    """What ``user_login`` needs of a request: the client address the lockout counts by."""
    return RequestFactory().post("/users/login", REMOTE_ADDR=CLIENT_ADDRESS)


@pytest.fixture
def few_login_failures(settings):
    """The account locks for this client after two failures."""
    settings.LOGIN_LOCKOUT = {**settings.LOGIN_LOCKOUT, "ACCOUNT_CLIENT_FAILURES": 2, "LOCKOUT_SECONDS": 600}
    return settings.LOGIN_LOCKOUT
