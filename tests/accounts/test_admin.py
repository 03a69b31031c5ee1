import pytest
from django.utils import timezone

from accounts.models import User
from tests.conftest import bearer_client
from tests.factories import DEFAULT_PASSWORD, EventFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/user/"


@pytest.mark.parametrize(
    "query",
    ["", "?q=ada", "?q=lovelace", "?is_staff__exact=1", "?is_active__exact=0", "?is_superuser__exact=1"],
)
def test_user_changelist_renders_for_staff(admin_site_client, query):
    UserFactory(name="Ada Lovelace", email="ada@example.com")

    assert admin_site_client.get(CHANGELIST + query).status_code == 200


def test_user_changelist_searches_by_email_and_name(admin_site_client):
    UserFactory(name="Ada Lovelace", email="ada@example.com")
    UserFactory(name="Grace Hopper", email="grace@example.com")

    by_name = admin_site_client.get(CHANGELIST + "?q=Lovelace").content
    by_email = admin_site_client.get(CHANGELIST + "?q=grace@").content

    assert b"ada@example.com" in by_name and b"grace@example.com" not in by_name
    assert b"grace@example.com" in by_email and b"ada@example.com" not in by_email


def test_user_change_page_renders(admin_site_client, user):
    response = admin_site_client.get(f"{CHANGELIST}{user.pk}/change/")

    assert response.status_code == 200
    assert user.email.encode() in response.content


def test_user_change_page_shows_the_email_state_and_preferences(admin_site_client):
    user = UserFactory(pending_email="next@example.com", email_undeliverable_at=timezone.now())

    content = admin_site_client.get(f"{CHANGELIST}{user.pk}/change/").content.decode()

    for field in (
        "email_verified_at",
        "email_undeliverable_at",
        "email_rsvp_updates",
        "email_event_changes",
        "email_reminders",
        "email_organizer_digest",
    ):
        assert f'name="{field}' in content, field
    assert "next@example.com" in content


def test_user_changelist_shows_when_addresses_were_verified(admin_site_client):
    UserFactory(email="ada@example.com", email_verified_at=timezone.now())

    assert b"column-email_verified_at" in admin_site_client.get(CHANGELIST).content


def test_user_add_page_asks_for_email_not_username(admin_site_client):
    response = admin_site_client.get(f"{CHANGELIST}add/")

    assert response.status_code == 200
    assert b'name="email"' in response.content
    assert b'name="username"' not in response.content


def test_user_add_form_creates_a_user_with_a_normalised_email(admin_site_client):
    response = admin_site_client.post(
        f"{CHANGELIST}add/",
        {
            "email": "New.Person@Example.com",
            "name": "New Person",
            "usable_password": "true",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="new.person@example.com").check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    "path", ["/admin/", CHANGELIST, "/admin/events/event/", "/admin/autocomplete/?app_label=events"]
)
def test_admin_redirects_non_staff_to_login(client, user, path):
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_redirects_anonymous_to_login(client):
    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.fixture
def full_event_with_waitlist():
    """Capacity 1: ``leaver`` holds the seat, ``waiting`` is on the waitlist."""
    event = EventFactory(capacity=1)
    leaver, waiting = UserFactory(), UserFactory()
    assert bearer_client(leaver).post(f"/events/{event.pk}/rsvp").json()["rsvp"]["status"] == "going"
    assert bearer_client(waiting).post(f"/events/{event.pk}/rsvp").json()["rsvp"]["status"] == "waitlisted"
    return event, leaver, waiting


def seats_and_status(event, user) -> tuple[int, int, str]:
    shown = bearer_client(user).get(f"/events/{event.pk}").json()["event"]
    return shown["attendeeCount"], shown["spotsLeft"], shown["myRsvp"]["status"]


@pytest.mark.parametrize("how", ["confirmation page", "bulk action"])
def test_deleting_a_user_in_the_admin_gives_their_seat_to_the_waitlist(
    admin_site_client, full_event_with_waitlist, how
):
    event, leaver, waiting = full_event_with_waitlist

    if how == "confirmation page":
        response = admin_site_client.post(f"/admin/accounts/user/{leaver.pk}/delete/", {"post": "yes"})
    else:
        form = {"action": "delete_selected", "_selected_action": [str(leaver.pk)], "post": "yes"}
        response = admin_site_client.post("/admin/accounts/user/", form)

    assert response.status_code == 302
    assert not User.objects.filter(pk=leaver.pk).exists()
    assert seats_and_status(event, waiting) == (1, 0, "going")


def test_deleting_the_creator_with_an_attendee_deletes_the_event(admin_site_client, full_event_with_waitlist):
    event, _, waiting = full_event_with_waitlist

    response = admin_site_client.post(f"/admin/accounts/user/{event.created_by_id}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert bearer_client(waiting).get(f"/events/{event.pk}").status_code == 404
