"""The lockout called directly: a locked counter raises ``RateLimited``, which the login forms show."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from accounts.forms import LoginForm
from accounts.lockout import authenticate_with_lockout, register_keys, take_attempt
from eventsite.runtime.errors import RateLimited
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import CLIENT_ADDRESS

pytestmark = pytest.mark.django_db


def test_an_attempt_past_the_limit_raises_rate_limited_for_the_lockout_period(settings):
    settings.REGISTER_LOCKOUT = {**settings.REGISTER_LOCKOUT, "CLIENT_ATTEMPTS": 1, "LOCKOUT_SECONDS": 300}
    keys = register_keys(client=CLIENT_ADDRESS)
    take_attempt(keys, limits=settings.REGISTER_LOCKOUT)

    with pytest.raises(RateLimited) as raised:
        take_attempt(keys, limits=settings.REGISTER_LOCKOUT)

    assert raised.value.wait == 300
    assert raised.value.message == "Request was throttled. Expected available in 300 seconds."


def test_a_locked_account_raises_rate_limited_before_the_password_is_checked(
    user, login_request, few_login_failures
):
    for _ in range(2):
        assert authenticate_with_lockout(request=login_request, email=user.email, password="wrong") is None

    with pytest.raises(RateLimited):
        authenticate_with_lockout(request=login_request, email=user.email, password=DEFAULT_PASSWORD)


def test_the_login_form_shows_the_lock_as_the_apis_429_message(user, login_request, few_login_failures):
    for _ in range(2):
        assert authenticate_with_lockout(request=login_request, email=user.email, password="wrong") is None
    request = RequestFactory().post("/api-auth/login/", REMOTE_ADDR=CLIENT_ADDRESS)
    request.user = AnonymousUser()

    form = LoginForm(request=request, data={"username": user.email, "password": DEFAULT_PASSWORD})

    assert not form.is_valid()
    [error] = form.non_field_errors().as_data()
    assert error.code == "throttled"
    wait = int(
        re.fullmatch(r"Request was throttled\. Expected available in (\d+) seconds\.", error.message)[1]
    )
    assert 0 < wait <= few_login_failures["LOCKOUT_SECONDS"]


def test_rate_limited_rounds_the_wait_up_and_says_second_for_one():
    assert RateLimited(wait=0.2).wait == 1
    assert RateLimited(wait=0.2).message == "Request was throttled. Expected available in 1 second."
