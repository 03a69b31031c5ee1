from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AuthFailureCounter, User
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import CLIENT_ADDRESS, assert_error, login, run_race, shared_database_url

pytestmark = pytest.mark.django_db

LIMITS = {
    "ACCOUNT_CLIENT_FAILURES": 3,
    "ACCOUNT_FAILURES": 6,
    "CLIENT_FAILURES": 100,
    "WINDOW_SECONDS": 900,
    "LOCKOUT_SECONDS": 600,
}
OTHER_ADDRESS = "203.0.113.9"


@pytest.fixture(autouse=True)
def _lockout_limits(settings):
    settings.LOGIN_LOCKOUT = dict(LIMITS)
    return settings.LOGIN_LOCKOUT


def fail_logins(client, email: str, times: int, address: str = CLIENT_ADDRESS) -> None:
    for _ in range(times):
        assert login(client, email, "wrong-Password-1", address=address).status_code == 401


def end_locks() -> None:
    """Move every stored lock into the past, as the clock would after the lockout period."""
    AuthFailureCounter.objects.filter(locked_until__isnull=False).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )


def assert_locked(response, max_seconds: int = LIMITS["LOCKOUT_SECONDS"]) -> int:
    body = assert_error(response, 429, "throttled")
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= max_seconds
    assert str(retry_after) in body["message"]
    return retry_after


def test_correct_password_is_refused_once_the_account_is_locked(api_client, user):
    fail_logins(api_client, user.email, 3)

    response = login(api_client, user.email, DEFAULT_PASSWORD)

    assert assert_locked(response) > LIMITS["LOCKOUT_SECONDS"] - 5


def test_failures_below_the_limit_do_not_lock(api_client, user):
    fail_logins(api_client, user.email, 2)

    assert login(api_client, user.email, DEFAULT_PASSWORD).status_code == 200


def test_successful_logins_do_not_count_as_failures(api_client, user):
    fail_logins(api_client, user.email, 2)
    for _ in range(4):
        assert login(api_client, user.email, DEFAULT_PASSWORD).status_code == 200

    assert login(api_client, user.email, DEFAULT_PASSWORD).status_code == 200


def test_account_lock_applies_to_any_email_case(api_client, user):
    fail_logins(api_client, user.email, 3)

    assert_locked(login(api_client, user.email.upper(), DEFAULT_PASSWORD))


def test_failures_from_another_address_do_not_lock_the_owner_out(api_client, user):
    fail_logins(api_client, user.email, 3, address=OTHER_ADDRESS)
    assert_locked(login(api_client, user.email, DEFAULT_PASSWORD, address=OTHER_ADDRESS))

    assert login(api_client, user.email, DEFAULT_PASSWORD).status_code == 200


def test_failures_spread_over_addresses_lock_the_account_everywhere_at_the_softer_limit(api_client, user):
    for number in range(3):
        fail_logins(api_client, user.email, 2, address=f"192.0.2.{number}")

    assert_locked(login(api_client, user.email, DEFAULT_PASSWORD))


def test_a_burst_of_concurrent_guesses_gets_no_more_password_checks_than_the_limit(tmp_path, mongo_server):
    database_url = shared_database_url(mongo_server)
    account = "--create" if database_url is None else UserFactory().email

    result = run_race("tests.accounts.api.login_race", tmp_path, 19, account, database_url=database_url)

    *guesses, right = result["statuses"]
    # The default limit: 5 failures per account and client address. A success gives its
    # attempt back, so the right password may let one more guess through, never a sixth failure.
    assert guesses.count(401) <= 5, result["statuses"]
    assert set(guesses) <= {401, 429}, result["statuses"]
    assert right in (200, 429), result["statuses"]


def test_unknown_and_existing_accounts_are_locked_alike(api_client, user):
    fail_logins(api_client, user.email, 3)
    fail_logins(api_client, "nobody@example.com", 3)

    existing = login(api_client, user.email, DEFAULT_PASSWORD)
    unknown = login(api_client, "nobody@example.com", DEFAULT_PASSWORD)

    assert existing.json() == unknown.json()
    assert existing["Retry-After"] == unknown["Retry-After"]


def test_client_address_with_too_many_failures_is_locked_for_every_account(api_client, user, _lockout_limits):
    _lockout_limits["CLIENT_FAILURES"] = 4
    for number in range(4):
        fail_logins(api_client, f"guess{number}@example.com", 1, address="192.0.2.1")

    assert_locked(login(api_client, user.email, DEFAULT_PASSWORD, address="192.0.2.1"))
    assert login(api_client, user.email, DEFAULT_PASSWORD, address="192.0.2.2").status_code == 200


def test_inactive_users_failures_count_too(api_client, user):
    user.is_active = False
    user.save()

    fail_logins(api_client, user.email, 2)
    assert login(api_client, user.email, DEFAULT_PASSWORD).status_code == 401

    assert_locked(login(api_client, user.email, DEFAULT_PASSWORD))


def test_lock_ends_after_the_lockout_period(api_client, user, _lockout_limits):
    _lockout_limits["LOCKOUT_SECONDS"] = 1
    fail_logins(api_client, user.email, 3)
    assert_locked(login(api_client, user.email, DEFAULT_PASSWORD), max_seconds=1)

    end_locks()

    assert login(api_client, user.email, DEFAULT_PASSWORD).status_code == 200


def test_failures_in_an_earlier_window_do_not_add_up(api_client, user, _lockout_limits):
    _lockout_limits["WINDOW_SECONDS"] = 1
    fail_logins(api_client, user.email, 2)

    AuthFailureCounter.objects.update(window_started_at=timezone.now() - timedelta(seconds=2))
    fail_logins(api_client, user.email, 2)

    assert login(api_client, user.email, DEFAULT_PASSWORD).status_code == 200


# Registration: attempts per client address


@pytest.fixture
def _register_limits(settings):
    settings.REGISTER_LOCKOUT = {"CLIENT_ATTEMPTS": 3, "WINDOW_SECONDS": 900, "LOCKOUT_SECONDS": 600}
    return settings.REGISTER_LOCKOUT


def register(client, number: int, address: str = CLIENT_ADDRESS, password: str = DEFAULT_PASSWORD):
    body = {"name": f"Person {number}", "email": f"person{number}@example.com", "password": password}
    return client.post("/users/register", body, format="json", REMOTE_ADDR=address)


def test_registrations_past_the_limit_from_one_address_get_429(api_client, _register_limits):
    assert [register(api_client, number).status_code for number in range(3)] == [200, 200, 200]

    assert_locked(register(api_client, 3))
    assert register(api_client, 4, address="203.0.113.9").status_code == 200
    assert not User.objects.filter(email="person3@example.com").exists()


def test_failed_registrations_count_towards_the_limit(api_client, _register_limits):
    for number in range(3):
        assert register(api_client, number, password="short").status_code == 400

    assert_locked(register(api_client, 9))


def test_a_registration_lock_does_not_block_login(api_client, user, _register_limits):
    for number in range(4):
        register(api_client, number)

    assert login(api_client, user.email, DEFAULT_PASSWORD).status_code == 200


def test_registration_lock_ends_after_its_lockout_period(api_client, _register_limits):
    _register_limits["LOCKOUT_SECONDS"] = 1
    for number in range(3):
        register(api_client, number)
    assert_locked(register(api_client, 3), max_seconds=1)

    end_locks()

    assert register(api_client, 3).status_code == 200


# Purging old counters


def test_purge_deletes_counters_whose_window_and_lock_have_ended(api_client, user):
    fail_logins(api_client, "stale@example.com", 1, address="192.0.2.30")
    fail_logins(api_client, user.email, 3, address="192.0.2.31")
    long_ago = timezone.now() - timedelta(seconds=LIMITS["WINDOW_SECONDS"] + 3600)
    AuthFailureCounter.objects.update(window_started_at=long_ago)
    fail_logins(api_client, "fresh@example.com", 1, address="192.0.2.32")
    out = StringIO()

    call_command("purge_auth_failure_counters", stdout=out)

    # Left: the locked account at its address, and the fresh email's three; the stale ones went.
    assert out.getvalue().strip() == "Purged 5 stale attempt counter(s)."
    assert AuthFailureCounter.objects.count() == 4
    assert_locked(login(api_client, user.email, DEFAULT_PASSWORD, address="192.0.2.31"))


def test_every_spelling_of_an_address_counts_towards_one_lock(api_client):
    owner = UserFactory(email="ana@bücher.example")
    for spelling in ("ana@xn--bcher-kva.example", "ANA@BU\u0308CHER.EXAMPLE", "ana@bücher.example"):
        fail_logins(api_client, spelling, 1)

    assert_locked(login(api_client, owner.email, DEFAULT_PASSWORD))
