"""Send the reminders that are due (``EVENT_REMINDER_LEAD_HOURS`` before each event), once each.

Run it from cron (e.g. every 15 minutes) where no Zappa schedule calls
``events.tasks.send_due_reminders``; running it twice sends nothing twice.
"""

from events.management.commands._scheduled import ScheduledJobCommand
from events.tasks import send_due_reminders


class Command(ScheduledJobCommand):
    help = "Send the reminders due before upcoming events (each attendee once)."
    job = staticmethod(send_due_reminders)
    done = "Reminders due: {count}."
