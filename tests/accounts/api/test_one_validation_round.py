"""Every bad field of a write is reported in one 400."""

import pytest

from tests.helpers import assert_field_errors

pytestmark = pytest.mark.django_db


def test_register_with_a_bad_name_email_and_password_reports_all_three(api_client):
    body = {"name": "", "email": "not-an-email", "password": "short"}

    assert_field_errors(api_client.post("/users/register", body, format="json"), "name", "email", "password")


def test_register_with_a_good_name_and_a_weak_password_reports_the_email_too(api_client):
    body = {"name": "John Doe", "email": "nope", "password": "123"}

    assert_field_errors(api_client.post("/users/register", body, format="json"), "email", "password")


def test_register_with_an_impossible_email_domain_and_a_weak_password_reports_both(api_client):
    body = {"name": "John Doe", "email": "john@xn--a.com", "password": "123"}

    assert_field_errors(api_client.post("/users/register", body, format="json"), "email", "password")


def test_password_change_with_a_wrong_current_and_a_weak_new_password_reports_both(auth_client):
    body = {"currentPassword": "not-the-password", "newPassword": "123"}

    response = auth_client.post("/users/me/password", body, format="json")

    assert_field_errors(response, "currentPassword", "newPassword")


def test_reset_confirm_with_a_bad_token_and_a_weak_password_reports_both(api_client, user):
    body = {"userId": str(user.id), "token": "not-the-token", "password": "123"}

    response = api_client.post("/users/password/reset/confirm", body, format="json")

    assert_field_errors(response, "token", "password")
