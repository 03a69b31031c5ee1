"""An event deleted by one request while another updates it: the update answers 404, never 500."""

import pytest

from events.models import Event
from events.serializers import EventSerializer
from tests.factories import EventFactory
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def delete_while_the_api_validates(monkeypatch, event: Event) -> None:
    validate = EventSerializer.validate

    def delete_meanwhile(serializer, attrs):
        Event.objects.filter(pk=event.pk).delete()
        return validate(serializer, attrs)

    monkeypatch.setattr(EventSerializer, "validate", delete_meanwhile)


@pytest.mark.parametrize("method", ["patch", "put"])
def test_updating_an_event_deleted_meanwhile_is_404(auth_client, user, monkeypatch, method):
    event = EventFactory(created_by=user)
    delete_while_the_api_validates(monkeypatch, event)
    body = {"title": "Renamed", "date": "2030-01-01T10:00:00Z", "location": "Berlin"}

    response = getattr(auth_client, method)(f"/events/{event.pk}", body, format="json")

    assert_error(response, 404, "not_found")
    assert not Event.objects.filter(pk=event.pk).exists()
