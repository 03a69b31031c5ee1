"""Send the daily digest to organizers who asked for it (``emailOrganizerDigest``).

Run it once a day from cron where no Zappa schedule calls ``events.tasks.send_organizer_digests``.
"""

from events.management.commands._scheduled import ScheduledJobCommand
from events.tasks import send_organizer_digests


class Command(ScheduledJobCommand):
    help = "Send organizers who opted in a digest of new RSVPs and cancellations on their events."
    job = staticmethod(send_organizer_digests)
    done = "Organizer digests: {count}."
