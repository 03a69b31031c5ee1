"""One mailbox, one account on data that is already there: the legacy import, the
``email_collisions`` report and migration 0005 (the register, login and admin paths are in
``test_email_key.py``)."""

import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from tests.accounts.email_spellings import NFC, NFD, PUNYCODE, leftover_duplicate
from tests.factories import UserFactory
from tests.helpers import login

pytestmark = pytest.mark.django_db

LEGACY_PASSWORD = "ada-Legacy-2019!"  # the legacy system's bcrypt hash of it:
LEGACY_HASH = "$2a$10$VksdBo0mtV7EixBKcpZX4.1pEq54I9bopROoTewj2n8zWEoMogz9a"


def email_collisions() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("email_collisions", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


# Legacy import


def legacy_users_file(tmp_path, *emails: str):
    lines = [
        json.dumps(
            {
                "userId": str(uuid.uuid4()),
                "name": f"Legacy {number}",
                "email": email,
                "password": LEGACY_HASH,
                "createdAt": {"$date": "2023-07-19T14:05:06.789Z"},
            }
        )
        for number, email in enumerate(emails)
    ]
    path = tmp_path / "users.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def import_users(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_legacy", "--users", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_skips_other_spellings_of_an_address_already_here_or_earlier_in_the_file(tmp_path):
    here = UserFactory(email=NFC)
    users = legacy_users_file(tmp_path, PUNYCODE, "ann@fuß.example", "ann@xn--fu-hia.example")

    out, err = import_users(users)

    assert out.splitlines()[0] == "Users: 1 imported, 0 already present, 0 bad, 2 email collision(s)"
    assert f"line 1: email collision: {PUNYCODE} (any letter case) already belongs to user {here.pk}" in err
    assert "line 3: email collision: ann@xn--fu-hia.example" in err
    assert set(User.objects.values_list("email", flat=True)) == {NFC, "ann@fuß.example"}


def test_an_imported_user_logs_in_with_any_spelling_of_their_email(tmp_path, api_client):
    import_users(legacy_users_file(tmp_path, NFD))

    response = login(api_client, PUNYCODE, LEGACY_PASSWORD)

    assert response.json()["user"]["userId"] == str(User.objects.get(email=NFD).pk)


def test_import_reports_an_undecodable_domain_as_a_bad_record(tmp_path):
    out, err = import_users(legacy_users_file(tmp_path, "ann@xn--zz.example"))

    assert out.splitlines()[0] == "Users: 0 imported, 0 already present, 1 bad, 0 email collision(s)"
    assert "line 1: bad record: email: not a valid address" in err


# The collision report


def test_email_collisions_reports_nothing_and_succeeds_on_clean_data():
    UserFactory(email=NFC)
    UserFactory(email="anna@fuss.example")

    out, error = email_collisions()

    assert error is None
    assert out == "No email collisions.\n"


def test_email_collisions_lists_the_accounts_of_one_mailbox_and_fails():
    holder = UserFactory(email=NFC)
    duplicate = leftover_duplicate(PUNYCODE)
    UserFactory(email="someone.else@example.com")

    out, error = email_collisions()

    assert error is not None and error.returncode == 1
    assert "2 accounts share 1 email address(es)" in str(error)
    lines = out.splitlines()
    assert lines[0] == f"{NFC}:"
    assert lines[1].startswith(f"  {holder.pk}  {NFC} [") and lines[1].endswith("(holds the key)")
    assert lines[2].startswith(f"  {duplicate.pk}  {PUNYCODE}  created ")
    assert lines[2].endswith("(no key: cannot log in by email)")
    assert len(lines) == 3


# Migration 0005 on existing data


@pytest.fixture
def before_email_key():
    """The schema just before 0005 (with its historical User model); migrated forward again after."""
    executor = MigrationExecutor(connection)
    target = [("accounts", "0004_lookup_indexes")]
    executor.migrate(target)
    yield executor.loader.project_state(target).apps.get_model("accounts", "User")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_0005_fills_the_keys_and_leaves_later_duplicates_without_one(before_email_key):
    from datetime import UTC, datetime

    def old_user(email: str, year: int):
        return before_email_key.objects.create(
            email=email, name=email, password="!", created_at=datetime(year, 1, 1, tzinfo=UTC)
        )

    punycode = old_user(PUNYCODE, 2021)
    nfc = old_user(NFC, 2020)
    nfd = old_user(NFD, 2022)
    plain = old_user("grace@example.com", 2023)

    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0005_user_email_key")])

    keys = dict(User.objects.values_list("pk", "email_key"))
    assert keys == {nfc.pk: NFC, punycode.pk: None, nfd.pk: None, plain.pk: "grace@example.com"}
