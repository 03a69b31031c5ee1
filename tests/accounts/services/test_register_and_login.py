"""``user_register`` and ``user_login`` called directly: the domain errors they raise."""

import pytest
from django.db import IntegrityError

from accounts import services
from accounts.models import User
from eventsite.runtime.errors import Conflict, InvalidCredentials, InvalidInput, RateLimited
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Str0ng-Passw0rd!"


def test_register_with_a_taken_email_raises_conflict_and_creates_no_user():
    UserFactory(email="ann@example.com")

    with pytest.raises(Conflict) as raised:
        services.user_register(name="Ann", email="ANN@example.com", password=PASSWORD)

    assert raised.value.code == "conflict"
    assert raised.value.message == "A user with this email already exists."
    assert User.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_register_that_loses_the_race_at_the_unique_index_raises_conflict(monkeypatch):
    UserFactory(email="ann@example.com")
    monkeypatch.setattr(services, "user_email_taken", lambda email: False)

    with pytest.raises(Conflict) as raised:
        services.user_register(name="Ann", email="ann@example.com", password=PASSWORD)

    assert isinstance(raised.value.__cause__, IntegrityError)
    assert User.objects.count() == 1


def test_register_with_an_impossible_domain_raises_invalid_input_naming_email():
    with pytest.raises(InvalidInput) as raised:
        services.user_register(name="Ann", email="ann@xn--zz.example", password=PASSWORD)

    assert raised.value.errors == {"email": ["Enter a valid email address."]}
    assert raised.value.code == "invalid"
    assert not User.objects.exists()


def test_login_with_a_wrong_password_raises_invalid_credentials(user, login_request):
    with pytest.raises(InvalidCredentials) as raised:
        services.user_login(request=login_request, email=user.email, password="wrong-Password-1")

    assert raised.value.code == "invalid_credentials"
    assert raised.value.message == "Invalid email or password."


def test_login_with_the_right_password_returns_the_user(user, login_request):
    assert services.user_login(request=login_request, email=user.email, password=DEFAULT_PASSWORD) == user


def test_login_once_locked_raises_rate_limited_with_the_wait_even_for_the_right_password(
    user, login_request, few_login_failures
):
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            services.user_login(request=login_request, email=user.email, password="wrong-Password-1")

    with pytest.raises(RateLimited) as raised:
        services.user_login(request=login_request, email=user.email, password=DEFAULT_PASSWORD)

    assert 0 < raised.value.wait <= few_login_failures["LOCKOUT_SECONDS"]
    assert raised.value.code == "throttled"
    assert f"in {raised.value.wait} seconds" in raised.value.message
