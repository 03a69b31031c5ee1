"""``manage.py import_legacy`` with mongoexport samples of the legacy collections."""

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import jwt
import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from events.models import Event
from eventsite.conf.legacy import LegacyTokens
from tests.helpers import DEFAULT_PREFERENCES, assert_error, login

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
USERS = FIXTURES / "legacy_users.jsonl"  # JSON lines
EVENTS = FIXTURES / "legacy_events.json"  # a pretty-printed JSON array
ADA = "3f0b4d9e-8a51-4c1e-9d1a-0c2f5b7e9a11"
GRACE = "9b2d7c4a-1e3f-4a5b-8c6d-7e8f9a0b1c22"
SKIPPED_DUPLICATE = "d1d2d3d4-e5e6-4f7a-8b9c-0d1e2f3a4b44"
PASSWORDS = {  # what the legacy users typed; the fixtures hold their cost-10 bcrypt hashes
    "ada.lovelace@example.com": "ada-Legacy-2019!",  # $2a$
    "grace@example.com": "grace-Legacy-2020!",  # $2b$
    "linus@example.com": "linus-Legacy-2021!",
}


def import_legacy(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_legacy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_fixtures(*extra) -> tuple[str, str]:
    return import_legacy("--users", str(USERS), "--events", str(EVENTS), *extra)


def test_import_reports_counts_and_each_bad_record_with_its_line():
    out, err = import_fixtures()

    assert out.splitlines() == [
        "Users: 3 imported, 0 already present, 2 bad, 1 email collision(s)",
        "Events: 3 imported, 0 already present, 2 bad",
        "Imported 6 record(s).",
    ]
    problems = err.splitlines()
    assert problems[0].startswith("legacy_users.jsonl line 4: bad record: userId: not a UUID")
    assert "email: not a valid address" in problems[0] and "password: not a bcrypt hash" in problems[0]
    assert problems[1] == ("legacy_users.jsonl line 6: bad record: not valid JSON (Expecting ',' delimiter)")
    assert problems[2] == (
        f"legacy_users.jsonl line 5: email collision: ada.lovelace@example.com (any letter case) "
        f"already belongs to user {ADA}; user {SKIPPED_DUPLICATE} skipped"
    )
    assert problems[3] == "legacy_events.json line 41: bad record: title: missing; date: not a date"
    assert problems[4] == (
        f"legacy_events.json line 54: bad record: createdBy {SKIPPED_DUPLICATE} is not an imported user"
    )
    assert len(problems) == 5


@pytest.mark.parametrize("email", sorted(PASSWORDS))
def test_imported_users_log_in_with_their_legacy_password_and_the_hash_is_upgraded(api_client, email):
    import_fixtures()
    legacy_hash = User.objects.get(email=email).password
    assert legacy_hash.startswith(("bcrypt$$2a$10$", "bcrypt$$2b$10$"))

    response = login(api_client, email.upper(), PASSWORDS[email])

    assert response.status_code == 200
    assert response.json()["user"]["email"] == email
    assert User.objects.get(email=email).password.startswith("bcrypt_sha256$")
    assert login(api_client, email, PASSWORDS[email]).status_code == 200


def test_a_wrong_or_overlong_password_for_an_imported_user_is_401(api_client):
    import_fixtures()

    assert_error(login(api_client, "grace@example.com", "not-her-password"), 401)
    assert_error(login(api_client, "grace@example.com", "grace-Legacy-2020!" + "x" * 100), 401)
    assert User.objects.get(email="grace@example.com").password.startswith("bcrypt$")


def test_imported_records_keep_their_ids_creators_and_dates(api_client):
    import_fixtures()
    token = login(api_client, "grace@example.com", PASSWORDS["grace@example.com"]).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    me = api_client.get("/users/me").json()["user"]
    workshop = api_client.get("/events/a2a2a2a2-0000-4000-8000-0000000000e2").json()["event"]
    meetup = api_client.get("/events/a1a1a1a1-0000-4000-8000-0000000000e1").json()["event"]

    assert me == {
        "userId": GRACE,
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "emailVerified": False,
        "createdAt": "2023-07-19T14:05:06.123Z",  # {"$date": {"$numberLong": …}}
        "pendingEmail": None,
        "preferences": DEFAULT_PREFERENCES,
    }
    assert workshop["createdBy"] == GRACE
    assert workshop["date"] == "2024-06-15T09:00:00.000Z"
    assert workshop["createdAt"] == "2023-07-19T14:06:40.000Z"
    assert meetup["createdBy"] == ADA
    assert meetup["date"] == "2024-03-10T18:30:00.000Z"  # {"$date": "…Z"}
    assert meetup["createdAt"] == "2023-07-20T08:00:00.000Z"


def test_a_second_run_changes_nothing_and_says_so():
    import_fixtures()
    users = dict(User.objects.values_list("pk", "password"))

    out, _ = import_fixtures()

    assert out.splitlines() == [
        "Users: 0 imported, 3 already present, 2 bad, 1 email collision(s)",
        "Events: 0 imported, 3 already present, 2 bad",
        "Nothing to change: every valid record is already present.",
    ]
    assert dict(User.objects.values_list("pk", "password")) == users
    assert Event.objects.count() == 3


def test_a_dry_run_reports_the_same_and_writes_nothing():
    out, err = import_fixtures("--dry-run")

    assert out.splitlines() == [
        "Users: 3 to import, 0 already present, 2 bad, 1 email collision(s)",
        "Events: 3 to import, 0 already present, 2 bad",
        "Dry run: nothing was written.",
    ]
    assert len(err.splitlines()) == 5
    assert not User.objects.exists()
    assert not Event.objects.exists()


def test_a_legacy_email_already_registered_here_is_a_collision(api_client):
    api_client.post(
        "/users/register",
        {"name": "Grace H.", "email": "Grace@Example.com", "password": "a-New-account-pass-1"},
        format="json",
    )

    out, err = import_legacy("--users", str(USERS))

    assert out.splitlines()[0] == "Users: 2 imported, 0 already present, 2 bad, 2 email collision(s)"
    assert "email collision: grace@example.com (any letter case) already belongs to user" in err
    assert not User.objects.filter(pk=GRACE).exists()


def test_array_users_and_json_lines_events_are_read_too(tmp_path):
    users = [json.loads(line) for line in USERS.read_text().splitlines()[:2]]
    users_file = tmp_path / "users.json"
    users_file.write_text(json.dumps(users))
    events_file = tmp_path / "events.jsonl"
    events_file.write_text("\n".join(json.dumps(event) for event in json.loads(EVENTS.read_text())[:2]))

    out, err = import_legacy("--users", str(users_file), "--events", str(events_file))

    assert out.splitlines()[:2] == [
        "Users: 2 imported, 0 already present, 0 bad, 0 email collision(s)",
        "Events: 2 imported, 0 already present, 0 bad",
    ]
    assert err == ""
    assert set(Event.objects.values_list("created_by", flat=True)) == {
        User.objects.get(pk=ADA).pk,
        User.objects.get(pk=GRACE).pk,
    }


def test_a_broken_json_array_is_reported_at_its_line_and_the_rest_skipped(tmp_path):
    good = USERS.read_text().splitlines()[0]
    broken = tmp_path / "users.json"
    broken.write_text(f'[\n{good},\n{{"userId": oops}},\n{good}\n]\n')

    out, err = import_legacy("--users", str(broken))

    assert out.splitlines()[0] == "Users: 1 imported, 0 already present, 1 bad, 0 email collision(s)"
    assert err.startswith("users.json line 3: bad record: not valid JSON")
    assert "the rest of the file was skipped" in err


def test_a_missing_file_or_no_file_at_all_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        import_legacy("--users", str(tmp_path / "nope.json"))
    with pytest.raises(CommandError, match="--users"):
        import_legacy()


def test_a_legacy_token_acts_as_its_imported_user_during_the_cutover(api_client, settings):
    secret = "the-legacy-systems-jwtSecret-32-bytes-long"
    settings.LEGACY_TOKENS = LegacyTokens(
        secret=secret, until=datetime(2999, 1, 1, tzinfo=UTC), user_claim="userId"
    )
    import_fixtures()
    token = jwt.encode({"userId": GRACE, "email": "grace@example.com"}, secret, algorithm="HS256")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = api_client.get("/events/all")

    assert response.status_code == 200, response.content
    assert GRACE in {event["createdBy"] for event in response.json()["events"]}
    assert api_client.get("/users/me").json()["user"]["email"] == "grace@example.com"
