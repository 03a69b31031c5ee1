"""Give every RSVP made before tickets existed its ticket, as ``rsvp_create`` now does.

A migration rather than a ticket made on first read: every RSVP then has its ticket from the
start, so the door (check-in by code) and the emails never meet an RSVP without one, and no
GET writes. Plain ORM reads and a bulk insert, so it runs on SQLite and MongoDB alike; an RSVP
that already has a ticket is skipped, so running it again adds nothing.
"""

import secrets

from django.db import migrations

BATCH = 500


def issue_missing_tickets(apps, schema_editor):
    Rsvp = apps.get_model("events", "Rsvp")
    Ticket = apps.get_model("events", "Ticket")
    ticketed = set(Ticket.objects.filter(rsvp__isnull=False).values_list("rsvp_id", flat=True))
    missing = [
        Ticket(code=secrets.token_urlsafe(16), rsvp_id=rsvp_id, event_id=event_id, holder_id=user_id)
        for rsvp_id, event_id, user_id in Rsvp.objects.order_by("id").values_list("id", "event_id", "user_id")
        if rsvp_id not in ticketed
    ]
    Ticket.objects.bulk_create(missing, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("events", "0009_teams_and_tickets")]

    operations = [migrations.RunPython(issue_missing_tickets, migrations.RunPython.noop)]
