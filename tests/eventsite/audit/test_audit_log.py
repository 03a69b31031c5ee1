"""The audit log: who changed what, when and from where, for what staff and organizers do."""

import json

import pytest

from events.models import Event, TeamMember, Ticket
from eventsite.audit.models import AuditEntry
from tests.accounts.api_keys.conftest import KEYS_PATH
from tests.events.admin_forms import CHANGELIST, change_form, change_path
from tests.events.teams.conftest import team_path
from tests.events.tickets.checkin_setup import checker_of, checkin_path, ticket_for
from tests.factories import EventFactory, TeamMemberFactory, UserFactory
from tests.helpers import CLIENT_ADDRESS, bearer_client

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (audit test)"


def only_entry(**filters) -> AuditEntry:
    (entry,) = AuditEntry.objects.filter(**filters)
    return entry


def test_adding_a_team_member_records_who_what_and_from_where(event, user):
    newcomer = UserFactory(email="nina@example.com")
    client = bearer_client(event.created_by)

    response = client.post(
        team_path(event),
        {"email": newcomer.email, "role": "checker"},
        format="json",
        REMOTE_ADDR=CLIENT_ADDRESS,
        HTTP_USER_AGENT=BROWSER,
    )

    assert response.status_code == 201, response.content
    entry = only_entry(action="team.add")
    member = TeamMember.objects.get(event=event, user=newcomer)
    assert (entry.target_type, entry.target_id) == ("events.teammember", str(member.pk))
    assert entry.changes == {"eventId": str(event.pk), "userId": str(newcomer.pk), "role": "checker"}
    assert (entry.actor_id, entry.actor_email, entry.actor_is_staff) == (
        event.created_by.pk,
        event.created_by.email,
        False,
    )
    assert (entry.client_ip, entry.user_agent) == (CLIENT_ADDRESS, BROWSER)
    assert entry.request_id == response["X-Request-ID"]


def test_behind_a_declared_proxy_the_client_address_is_the_forwarded_one(event, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    member = TeamMemberFactory(event=event, role=TeamMember.Role.CHECKER)

    response = bearer_client(event.created_by).delete(
        team_path(event, member.user_id), HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 204, response.content
    assert only_entry(action="team.remove").client_ip == "203.0.113.9"


def test_a_role_change_records_the_role_before_and_after(event):
    member = TeamMemberFactory(event=event, role=TeamMember.Role.CHECKER)

    response = bearer_client(event.created_by).patch(
        team_path(event, member.user_id), {"role": "organizer"}, format="json"
    )

    assert response.status_code == 200, response.content
    entry = only_entry(action="team.change_role")
    assert (entry.changes["role"], entry.changes["roleBefore"]) == ("organizer", "checker")


def test_a_check_in_and_its_undo_are_recorded_with_the_checker(event):
    checker = checker_of(event)
    ticket, client = ticket_for(event), bearer_client(checker)

    assert client.post(checkin_path(event), {"code": ticket.code}, format="json").status_code == 200
    assert client.delete(checkin_path(event, ticket.code)).status_code == 204

    # Both may fall in one millisecond, the resolution MongoDB stores: compared as a set.
    entries = AuditEntry.objects.all()
    assert {(e.action, e.target_id, e.actor_id) for e in entries} == {
        ("ticket.check_in", str(ticket.pk), checker.pk),
        ("ticket.check_in_undo", str(ticket.pk), checker.pk),
    }


def test_a_refused_check_in_records_nothing(event):
    ticket = ticket_for(event)
    Ticket.objects.filter(pk=ticket.pk).update(voided_at=ticket.created_at)

    response = bearer_client(checker_of(event)).post(
        checkin_path(event), {"code": ticket.code}, format="json"
    )

    assert response.status_code == 409
    assert not AuditEntry.objects.exists()


def test_cancelling_an_event_through_the_api_is_recorded(event):
    response = bearer_client(event.created_by).patch(
        f"/events/{event.pk}", {"status": "cancelled"}, format="json"
    )

    assert response.status_code == 200, response.content
    entry = only_entry(action="event.cancel")
    assert (entry.target_type, entry.target_id, entry.changes) == (
        "events.event",
        str(event.pk),
        {"statusBefore": "published"},
    )


def test_a_cancellation_that_fails_leaves_no_audit_entry(event, monkeypatch):
    """The entry is written before the change's last step, which fails: both roll back."""

    def broken(*args, **kwargs):
        raise RuntimeError("the list cache is unreachable")

    monkeypatch.setattr("events.services.events.events_changed", broken)
    client = bearer_client(event.created_by)
    client.raise_request_exception = False

    response = client.patch(f"/events/{event.pk}", {"status": "cancelled"}, format="json")

    assert response.status_code == 500
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert not AuditEntry.objects.exists()


def test_creating_and_revoking_an_api_key_is_recorded_without_its_secret(user):
    client = bearer_client(user)

    created = client.post(KEYS_PATH, {"name": "CRM", "scopes": ["events:read"]}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()["apiKey"]
    revoked = client.delete(f"{KEYS_PATH}/{body['keyId']}")

    assert revoked.status_code in (200, 204), revoked.content
    entries = {entry.action: entry for entry in AuditEntry.objects.all()}
    assert {(e.action, e.target_id, e.actor_id) for e in entries.values()} == {
        ("api_key.create", body["keyId"], user.pk),
        ("api_key.revoke", body["keyId"], user.pk),
    }
    stored = json.dumps([e.changes for e in entries.values()])
    assert body["key"] not in stored and body["key"].split("_", 2)[2] not in stored
    assert entries["api_key.create"].changes == {
        "name": "CRM",
        "prefix": body["key"].split("_")[1],
        "scopes": ["events:read"],
    }


def test_an_admin_change_is_recorded_with_the_staff_member_and_the_fields(admin_site_client, superuser):
    event = EventFactory(title="Launch")

    response = admin_site_client.post(change_path(event), change_form(event, title="Relaunch"))

    assert response.status_code == 302, response.content
    entry = only_entry(action="admin.change")
    assert (entry.target_type, entry.target_id) == ("events.event", str(event.pk))
    assert (entry.actor_id, entry.actor_is_staff) == (superuser.pk, True)
    assert entry.changes == {"message": [{"changed": {"fields": ["Title", "Date"]}}]}


def test_an_admin_action_that_cancels_events_is_recorded_once_per_event(admin_site_client):
    chosen = EventFactory()

    response = admin_site_client.post(
        CHANGELIST, {"action": "cancel_events", "_selected_action": [str(chosen.pk)]}
    )

    assert response.status_code == 302
    assert only_entry(action="event.cancel").target_id == str(chosen.pk)


def test_an_admin_deletion_is_recorded(admin_site_client):
    event = EventFactory(title="Gone")

    response = admin_site_client.post(f"{CHANGELIST}{event.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert only_entry(action="admin.delete").changes == {"repr": str(event)}


def test_staff_read_the_log_in_the_admin_filtered_but_cannot_change_it(admin_site_client, event):
    AuditEntry.objects.create(action="ticket.check_in", target_type="events.ticket", target_id="y")
    entry = AuditEntry.objects.create(action="team.add", target_type="events.teammember", target_id="x")

    listed = admin_site_client.get("/admin/audit/auditentry/?action=team.add")
    detail = admin_site_client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    added = admin_site_client.get("/admin/audit/auditentry/add/")
    changed = admin_site_client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"action": "forged"})

    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 1
    assert detail.status_code == 200
    assert (added.status_code, changed.status_code) == (403, 403)
    entry.refresh_from_db()
    assert entry.action == "team.add"


def test_people_who_are_not_staff_cannot_read_the_log(client, user):
    client.force_login(user)

    response = client.get("/admin/audit/auditentry/")

    assert response.status_code == 302


def test_an_admin_change_that_fails_after_saving_leaves_neither_the_change_nor_an_entry(
    admin_site_client, monkeypatch
):
    """The admin's own ``atomic`` does nothing on MongoDB: the admin view is one unit of work."""
    from events.admin import EventAdmin

    def broken(*args, **kwargs):
        raise RuntimeError("the answer could not be made")

    monkeypatch.setattr(EventAdmin, "response_change", broken)
    admin_site_client.raise_request_exception = False
    event = EventFactory(title="Launch")

    response = admin_site_client.post(change_path(event), change_form(event, title="Relaunch"))

    assert response.status_code == 500
    event.refresh_from_db()
    assert event.title == "Launch"
    assert not AuditEntry.objects.exists()
