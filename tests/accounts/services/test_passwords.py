"""Password reset, change and account deletion called directly: refusals name their field."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail

from accounts import services
from accounts.models import User
from eventsite.runtime.errors import InvalidInput, RateLimited
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

STRONG = "Str0ng-Passw0rd!"


def test_password_reset_requests_past_the_limit_raise_rate_limited_and_send_nothing(settings, user):
    settings.PASSWORD_RESET_LOCKOUT = {**settings.PASSWORD_RESET_LOCKOUT, "ADDRESS_ATTEMPTS": 1}
    services.password_reset_request(email=user.email)
    assert len(mail.outbox) == 1

    with pytest.raises(RateLimited) as raised:
        services.password_reset_request(email=user.email)

    assert 0 < raised.value.wait <= settings.PASSWORD_RESET_LOCKOUT["LOCKOUT_SECONDS"]
    assert len(mail.outbox) == 1


def test_password_reset_confirm_with_a_bad_token_raises_invalid_input_and_keeps_the_password(user):
    with pytest.raises(InvalidInput) as raised:
        services.password_reset_confirm(user_id=user.pk, token="bad-token", password=STRONG)

    assert raised.value.errors == {"token": [services.INVALID_RESET_TOKEN]}
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_password_reset_confirm_with_a_weak_password_raises_invalid_input_naming_password(user):
    token = default_token_generator.make_token(user)

    with pytest.raises(InvalidInput) as raised:
        services.password_reset_confirm(user_id=user.pk, token=token, password="password")

    assert raised.value.errors == {"password": ["This password is too common."]}
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_password_change_with_a_wrong_current_password_raises_invalid_input(user):
    with pytest.raises(InvalidInput) as raised:
        services.password_change(user=user, current_password="wrong", new_password=STRONG)

    assert raised.value.errors == {"currentPassword": ["The current password is incorrect."]}
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_password_change_to_a_weak_password_raises_invalid_input_naming_new_password(user):
    with pytest.raises(InvalidInput) as raised:
        services.password_change(user=user, current_password=DEFAULT_PASSWORD, new_password="password")

    assert raised.value.errors == {"newPassword": ["This password is too common."]}
    assert raised.value.message == "Invalid input."


def test_deleting_ones_account_with_a_wrong_password_raises_invalid_input_and_keeps_it(user):
    with pytest.raises(InvalidInput) as raised:
        services.user_delete_self(user=user, password="wrong")

    assert raised.value.errors == {"password": ["The password is incorrect."]}
    assert User.objects.filter(pk=user.pk).exists()
