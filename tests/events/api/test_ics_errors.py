"""The calendar endpoints render iCalendar, but every error they answer is the JSON envelope."""

import pytest

from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("accept", ["text/calendar", "*/*"])
def test_a_method_the_event_calendar_does_not_take_is_a_json_405(auth_client, event, accept):
    response = auth_client.post(f"/events/{event.pk}/ics", HTTP_ACCEPT=accept)

    assert_error(response, 405, "method_not_allowed")
    assert response["Content-Type"] == "application/json"


def test_a_method_the_personal_feed_does_not_take_is_a_json_405(api_client):
    response = api_client.post("/users/me/calendar.ics?key=x", HTTP_ACCEPT="text/calendar")

    assert_error(response, 405, "method_not_allowed")
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_calendar_asked_for_as_something_else_is_a_json_406(auth_client, event, method):
    response = getattr(auth_client, method)(f"/events/{event.pk}/ics", HTTP_ACCEPT="application/json")

    assert_error(response, 406, "not_acceptable")
    assert response["Content-Type"] == "application/json"
