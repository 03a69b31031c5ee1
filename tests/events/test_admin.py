import pytest

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/events/event/"


@pytest.mark.parametrize(
    "query", ["", "?q=Conference", "?q=berlin", "?date__year=2030", "?date__year=2030&date__month=1"]
)
def test_event_changelist_renders_for_staff(admin_site_client, query):
    EventFactory(title="Tech Conference", date="2030-01-05T09:00:00Z")
    EventFactory(title="Picnic", location="Oslo")

    response = admin_site_client.get(CHANGELIST + query)

    assert response.status_code == 200
    assert b"Tech Conference" in response.content


def test_event_changelist_search_filters_rows(admin_site_client):
    EventFactory(title="Tech Conference")
    EventFactory(title="Picnic")

    content = admin_site_client.get(CHANGELIST + "?q=Picnic").content

    assert b"Picnic" in content and b"Tech Conference" not in content


def test_event_change_and_add_pages_render(admin_site_client, event):
    assert admin_site_client.get(f"{CHANGELIST}{event.pk}/change/").status_code == 200
    assert admin_site_client.get(f"{CHANGELIST}add/").status_code == 200


def test_event_add_form_creates_an_event(admin_site_client, user):
    response = admin_site_client.post(
        f"{CHANGELIST}add/",
        {
            "title": "From admin",
            "description": "",
            "date_0": "2030-02-01",
            "date_1": "10:00:00",
            "location": "Rome",
            "status": "published",
            "visibility": "members",
            "created_by": str(user.pk),
        },
    )

    assert response.status_code == 302
    assert Event.objects.get(title="From admin").created_by == user


def test_creator_autocomplete_finds_users_by_email(admin_site_client, user, other_user):
    response = admin_site_client.get(
        "/admin/autocomplete/",
        {"app_label": "events", "model_name": "event", "field_name": "created_by", "term": user.email},
    )

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(user.pk)]
