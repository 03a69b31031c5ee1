"""Organizers who opt in get a daily digest of the RSVPs made and withdrawn on their events."""

import io
import logging

import pytest
from django.core.management import call_command

from events.models import DigestEntry
from events.tasks import send_organizer_digests
from tests.events.emails.conftest import emails_to, html_of, rsvp
from tests.factories import DEFAULT_PASSWORD, EventFactory, UserFactory
from tests.helpers import bearer_client, rsvp_path

pytestmark = pytest.mark.django_db


def send_digests() -> str:
    out = io.StringIO()
    call_command("send_organizer_digests", stdout=out)
    return out.getvalue()


def test_an_organizer_who_opted_in_gets_one_digest_of_new_rsvps_and_cancellations():
    organizer = UserFactory(email_organizer_digest=True)
    event = EventFactory(created_by=organizer, title="Launch")
    ada, bob = UserFactory(name="Ada Lovelace"), UserFactory(name="Bob Builder")
    rsvp(ada, event)
    rsvp(bob, event)
    assert bearer_client(bob).delete(rsvp_path(event)).status_code == 204

    assert send_digests() == "Organizer digests: 1.\n"
    assert send_digests() == "Organizer digests: 0.\n"

    (digest,) = emails_to(organizer)
    assert digest.subject == "New RSVPs and cancellations on your events"
    assert (
        "Launch\n  + Ada Lovelace (going)\n  + Bob Builder (going)\n  - Bob Builder withdrew" in digest.body
    )
    assert "Withdrew: Bob Builder" in html_of(digest)
    assert "/users/email/unsubscribe?token=" in digest.body
    assert DigestEntry.objects.count() == 0


def test_the_digest_is_off_by_default(mailoutbox):
    organizer = UserFactory()
    rsvp(UserFactory(), EventFactory(created_by=organizer))

    assert send_digests() == "Organizer digests: 0.\n"
    assert emails_to(organizer) == []


def test_an_organizer_who_opts_out_before_the_digest_gets_none():
    organizer = UserFactory(email_organizer_digest=True)
    rsvp(UserFactory(), EventFactory(created_by=organizer))
    organizer.email_organizer_digest = False
    organizer.save(update_fields=["email_organizer_digest"])

    send_organizer_digests({"source": "aws.events"}, None)

    assert emails_to(organizer) == []
    assert DigestEntry.objects.count() == 0


def test_an_attendee_who_deletes_their_account_leaves_no_entry_and_no_failure(caplog):
    organizer = UserFactory(email_organizer_digest=True)
    leaver = UserFactory()
    rsvp(leaver, EventFactory(created_by=organizer))

    with caplog.at_level(logging.ERROR, logger="eventsite.tasks"):
        response = bearer_client(leaver).delete("/users/me", {"password": DEFAULT_PASSWORD}, format="json")

    assert response.status_code == 204, response.content
    assert "task failed" not in caplog.text
    assert DigestEntry.objects.count() == 0
