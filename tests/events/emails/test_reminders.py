"""Reminders go once to each attendee going, ``EVENT_REMINDER_LEAD_HOURS`` before the event."""

import io
import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Rsvp
from events.tasks import send_due_reminders
from tests.events.emails.conftest import attachment_named, emails_to
from tests.events.emails.failing_backend import REFUSED
from tests.factories import EventFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


def send_reminders() -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def soon(hours: float, **fields) -> Event:
    return EventFactory(date=timezone.now() + timedelta(hours=hours), **fields)


def test_each_attendee_going_is_reminded_once_however_often_the_command_runs():
    event = soon(3)
    going = [RsvpFactory(event=event).user for _ in range(2)]

    assert send_reminders() == "Reminders due: 2.\n"
    assert send_reminders() == "Reminders due: 0.\n"

    for attendee in going:
        (message,) = emails_to(attendee)
        assert message.subject.startswith(f"Reminder: {event.title} starts ")
        assert attachment_named(message, ".ics")
        assert message.extra_headers["List-Unsubscribe"]


def test_only_published_events_within_the_lead_time_that_have_not_started_remind(settings, mailoutbox):
    settings.EVENT_REMINDER_LEAD_HOURS = 24
    for event in (soon(25), soon(-1), soon(2, status=Event.Status.CANCELLED)):
        RsvpFactory(event=event)
    RsvpFactory(event=soon(2, capacity=1))
    RsvpFactory(event=Event.objects.get(capacity=1), status=Rsvp.Status.WAITLISTED)

    assert send_reminders() == "Reminders due: 1.\n"
    assert len(mailoutbox) == 1


def test_the_lead_time_is_a_setting(settings, mailoutbox):
    RsvpFactory(event=soon(30))
    settings.EVENT_REMINDER_LEAD_HOURS = 48

    send_reminders()

    assert len(mailoutbox) == 1


def test_the_scheduled_function_takes_what_zappa_passes(mailoutbox):
    RsvpFactory(event=soon(1))

    assert send_due_reminders({"source": "aws.events"}, None) == 1
    assert len(mailoutbox) == 1


def test_moving_the_date_makes_a_new_reminder_due(auth_client, user, mailoutbox):
    event = soon(3, created_by=user)
    attendee = RsvpFactory(event=event).user
    send_reminders()

    moved = (event.date + timedelta(hours=1)).isoformat()
    assert auth_client.patch(f"/events/{event.pk}", {"date": moved}, format="json").status_code == 200
    send_reminders()

    subjects = [message.subject for message in emails_to(attendee)]
    assert [subject.split(":")[0] for subject in subjects] == ["Reminder", "Changed", "Reminder"]


def test_an_edit_that_keeps_the_date_sends_no_second_reminder(auth_client, user, mailoutbox):
    event = soon(3, created_by=user)
    attendee = RsvpFactory(event=event).user
    send_reminders()

    assert auth_client.patch(f"/events/{event.pk}", {"location": "Hall Z"}, format="json").status_code == 200
    send_reminders()

    assert [message.subject.split(":")[0] for message in emails_to(attendee)] == ["Reminder", "Changed"]


def test_an_attendee_who_turned_reminders_off_gets_none(mailoutbox):
    RsvpFactory(event=soon(3), user=UserFactory(email_reminders=False))

    send_reminders()

    assert mailoutbox == []


def test_a_reminder_the_mail_server_refused_is_sent_by_a_later_run(settings, caplog):
    event = soon(3)
    refused = RsvpFactory(event=event, user=UserFactory(email=REFUSED)).user
    other = RsvpFactory(event=event).user
    settings.EMAIL_BACKEND = "tests.events.emails.failing_backend.RefusingOneAddressBackend"

    with caplog.at_level(logging.ERROR, logger="eventsite.tasks"):
        send_reminders()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_reminders()

    assert (len(emails_to(refused)), len(emails_to(other))) == (1, 1)
    assert "task failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_command_waits_for_the_inline_worker_to_send_before_it_ends(settings, mailoutbox):
    settings.TASKS_BACKEND = "inline"
    RsvpFactory(event=soon(3))

    send_reminders()

    assert len(mailoutbox) == 1
