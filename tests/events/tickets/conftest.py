import pytest

from tests.helpers import bearer_client, rsvp_path


def ticket_path(event) -> str:
    return f"/events/{event.pk}/ticket"


def rsvp(user, event) -> dict:
    """``user`` RSVPs through the API; the RSVP's JSON."""
    response = bearer_client(user).post(rsvp_path(event))
    assert response.status_code == 201, response.content
    return response.json()["rsvp"]


def withdraw(user, event) -> None:
    response = bearer_client(user).delete(rsvp_path(event))
    assert response.status_code == 204, response.content


def ticket_of(user, event) -> dict:
    """``user``'s ticket JSON from ``GET /events/{eventId}/ticket``."""
    response = bearer_client(user).get(ticket_path(event))
    assert response.status_code == 200, response.content
    return response.json()["ticket"]


@pytest.fixture
def attendee(db):
    from tests.factories import UserFactory

    return UserFactory(name="Ada Attendee")
