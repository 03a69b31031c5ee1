"""One mailbox, one account: every spelling of an address (NFC, NFD, punycode, fullwidth, letter
case) is the same ``email_key``, for register, login, reset, the admin, import and createsuperuser."""

import io
import json
import unicodedata
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import assert_error, assert_field_errors, login

pytestmark = pytest.mark.django_db

NFC = "jose@münchen.example.com"
NFD = unicodedata.normalize("NFD", NFC)
PUNYCODE = "jose@xn--mnchen-3ya.example.com"
# Other spellings of NFC, the address the accounts of these tests are stored under.
SPELLINGS = {
    "nfd": NFD,
    "punycode": PUNYCODE,
    "punycode, upper case": "JOSE@XN--MNCHEN-3YA.EXAMPLE.COM",
    "fullwidth dot and letter": "jose@\uff4dünchen\uff0eexample.com",
}
LEGACY_PASSWORD = "ada-Legacy-2019!"  # the legacy system's bcrypt hash of it:
LEGACY_HASH = "$2a$10$VksdBo0mtV7EixBKcpZX4.1pEq54I9bopROoTewj2n8zWEoMogz9a"
CHANGELIST = "/admin/accounts/user/"


def register(client, email: str, name: str = "José"):
    return client.post(
        "/users/register", {"name": name, "email": email, "password": DEFAULT_PASSWORD}, format="json"
    )


def leftover_duplicate(email: str) -> User:
    """An account that shares its mailbox with an older one, as migration 0005 leaves it (no key)."""
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(email=email, email_key=None)
    return User.objects.get(pk=user.pk)


def email_collisions() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("email_collisions", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


# Register


def test_one_mailbox_registers_once_in_nfd_nfc_or_punycode_and_keeps_the_email_as_given(api_client):
    first = register(api_client, "  Jose@Mu\u0308nchen.Example.COM ")  # NFD: u + combining diaeresis
    others = [register(api_client, email) for email in (NFC, PUNYCODE)]

    assert first.status_code == 200
    assert first.json()["user"]["email"] == NFD
    for response in others:
        assert_error(response, 409)
    assert User.objects.count() == 1


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_every_other_spelling_of_a_registered_address_is_taken(api_client, spelling):
    assert register(api_client, NFC).status_code == 200

    assert_error(register(api_client, SPELLINGS[spelling]), 409)


def test_sharp_s_and_ss_are_different_mailboxes(api_client):
    assert register(api_client, "anna@fuß.example").status_code == 200
    assert register(api_client, "anna@fuss.example").status_code == 200
    assert_error(register(api_client, "anna@xn--fu-hia.example"), 409)

    assert User.objects.count() == 2


@pytest.mark.parametrize("email", ["ann@xn--zz.example", "ann@xn--abc.example", "ann@shop.xn--99999999999"])
def test_a_domain_that_is_not_valid_punycode_is_a_400_naming_email(api_client, email):
    assert_field_errors(register(api_client, email), "email")
    assert not User.objects.exists()


# Login and password reset


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_login_works_with_any_spelling_of_the_email(api_client, spelling):
    user = UserFactory(email=NFC)

    response = login(api_client, SPELLINGS[spelling])

    assert response.status_code == 200
    assert response.json()["user"]["userId"] == str(user.pk)


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_password_reset_with_any_spelling_mails_the_account_at_its_stored_address(
    api_client, mailoutbox, spelling
):
    user = UserFactory(email=NFC)

    response = api_client.post("/users/password/reset", {"email": SPELLINGS[spelling]}, format="json")

    assert response.status_code == 202
    (message,) = mailoutbox
    assert message.to == [NFC]
    assert str(user.pk) in message.body


@pytest.mark.parametrize("path", ["/api-auth/login/", "/admin/login/"])
def test_the_login_forms_take_any_spelling_of_the_email_too(client, path):
    user = UserFactory(email=NFC, is_staff=True)

    response = client.post(path, {"username": PUNYCODE, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.wsgi_request.session["_auth_user_id"] == str(user.pk)


def test_a_changed_email_is_looked_up_under_its_new_key(api_client):
    user = UserFactory(email="old@example.com")
    user.email = NFC
    user.save()

    assert login(api_client, PUNYCODE).json()["user"]["userId"] == str(user.pk)
    assert_error(login(api_client, "old@example.com"), 401)


# Admin and createsuperuser


def add_user_in_admin(client, email: str):
    return client.post(
        f"{CHANGELIST}add/",
        {
            "email": email,
            "name": "Someone",
            "usable_password": "true",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )


def change_user_in_admin(client, user: User, **changes):
    form = {
        "email": user.email,
        "name": user.name,
        "is_active": "on" if user.is_active else "",
        "last_login_0": "",
        "last_login_1": "",
    }
    return client.post(f"{CHANGELIST}{user.pk}/change/", {**form, **changes})


def test_admin_refuses_to_add_another_spelling_of_a_taken_email(admin_site_client):
    UserFactory(email=NFC)

    response = add_user_in_admin(admin_site_client, PUNYCODE)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["email"] == ["User with this Email address already exists."]
    assert User.objects.filter(name="Someone").count() == 0


def test_admin_refuses_an_undecodable_domain(admin_site_client):
    response = add_user_in_admin(admin_site_client, "ann@xn--zz.example")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == ["Enter a valid email address."]


def test_admin_refuses_to_change_an_email_to_another_spelling_of_a_taken_one(admin_site_client):
    UserFactory(email=NFC)
    other = UserFactory(email="other@example.com")

    response = change_user_in_admin(admin_site_client, other, email=PUNYCODE)

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    other.refresh_from_db()
    assert other.email == "other@example.com"


def test_admin_can_still_edit_an_account_left_without_a_key_and_fix_its_email(admin_site_client, api_client):
    UserFactory(email=NFC)
    duplicate = leftover_duplicate(NFD)

    deactivated = change_user_in_admin(admin_site_client, duplicate, is_active="")
    duplicate.refresh_from_db()
    fixed = change_user_in_admin(admin_site_client, duplicate, email="jose.second@example.com")

    assert deactivated.status_code == 302 and fixed.status_code == 302
    duplicate.refresh_from_db()
    assert not duplicate.is_active
    assert duplicate.email_key == "jose.second@example.com"


def test_createsuperuser_refuses_another_spelling_of_a_taken_email(monkeypatch):
    UserFactory(email=NFC)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", DEFAULT_PASSWORD)

    with pytest.raises(CommandError, match="already taken"):
        call_command("createsuperuser", "--noinput", email=PUNYCODE, name="Root", stdout=io.StringIO())

    assert User.objects.count() == 1


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
