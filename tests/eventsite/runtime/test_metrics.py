"""Business metrics: one CloudWatch EMF line per counted change, written once it commits."""

import pytest

from events.models import Event
from tests.events.tickets.checkin_setup import checker_of, checkin_path, ticket_for
from tests.factories import EventFactory
from tests.helpers import bearer_client, rsvp_path
from tests.helpers.metrics import emf_counts, metric_lines

pytestmark = pytest.mark.django_db
__all__ = ["metric_lines"]

NEW_EVENT = {"title": "Launch party", "date": "2031-05-01T18:00:00Z"}
NEWCOMER = {"name": "Nina", "email": "nina@example.com", "password": "a-Long-passw0rd"}


def test_a_registration_writes_one_emf_line(api_client, metric_lines):
    response = api_client.post("/users/register", NEWCOMER, format="json")

    assert response.status_code == 200, response.content
    assert emf_counts(metric_lines) == {"Registrations": 1}


def test_a_refused_registration_counts_nothing(api_client, user, metric_lines):
    response = api_client.post("/users/register", {**NEWCOMER, "email": user.email}, format="json")

    assert response.status_code == 409
    assert metric_lines == []


def test_creating_an_event_counts_it(auth_client, metric_lines):
    assert auth_client.post("/events", NEW_EVENT, format="json").status_code == 201

    assert emf_counts(metric_lines) == {"EventsCreated": 1}


def test_an_rsvp_counts_and_a_refused_one_does_not(user, metric_lines):
    open_event, draft = EventFactory(), EventFactory(status=Event.Status.DRAFT, created_by=user)
    client = bearer_client(user)

    assert client.post(rsvp_path(open_event)).status_code == 201
    assert client.post(rsvp_path(draft)).status_code == 409

    assert emf_counts(metric_lines) == {"Rsvps": 1}


def test_a_check_in_counts_and_a_second_one_does_not(event, metric_lines):
    ticket, client = ticket_for(event), bearer_client(checker_of(event))

    assert client.post(checkin_path(event), {"code": ticket.code}, format="json").status_code == 200
    assert client.post(checkin_path(event), {"code": ticket.code}, format="json").status_code == 409

    assert emf_counts(metric_lines) == {"CheckIns": 1}


def test_the_namespace_and_stage_come_from_the_settings(auth_client, metric_lines, settings):
    settings.METRICS_NAMESPACE, settings.METRICS_STAGE = "eventsite/test", "staging"

    auth_client.post("/events", NEW_EVENT, format="json")

    assert emf_counts(metric_lines, namespace="eventsite/test", stage="staging") == {"EventsCreated": 1}


def test_an_empty_namespace_writes_no_metric_lines(auth_client, metric_lines, settings):
    settings.METRICS_NAMESPACE = ""

    auth_client.post("/events", NEW_EVENT, format="json")

    assert metric_lines == []
