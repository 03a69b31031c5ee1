"""Fire concurrent RSVPs at one event through the API, from threads of a process of its own.

Run by ``test_concurrency.py`` on the database of ``DATABASE_URL``, in one of two ways:

* ``python -m tests.events.api.rsvp_race RESULT_PATH EVENT_ID USER_ID...``: the
  test's own database (MongoDB), where the test created the event and the attendees;
* ``python -m tests.events.api.rsvp_race RESULT_PATH --create ATTENDEES CAPACITY``:
  a new SQLite file (the test's SQLite database is in memory, where concurrent writers
  fail instead of waiting for the lock), migrated and filled here first.

With ``--idempotency-keys`` before the other arguments, each RSVP carries a key of its own.
RESULT_PATH receives each answer as ``[status, the RSVP's status or the error's code]``,
the event's stored RSVPs and seat count, and the status code stored with each key.
"""

import json
import os
import sys
import threading


def main(result_path: str, people: list[str], *, keyed: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    import django

    django.setup()
    from django.db import connection

    from accounts.models import User
    from events.models import Event, Rsvp
    from eventsite.api.models import IdempotencyKey
    from tests.helpers import bearer_client, race_answer, rsvp_path

    if people[0] == "--create":
        event, attendees = create(int(people[1]), int(people[2]))
    else:
        event, attendees = Event.objects.get(pk=people[0]), list(User.objects.filter(pk__in=people[1:]))
    clients = [bearer_client(attendee) for attendee in attendees]
    connection.close()
    start = threading.Barrier(len(clients))
    answers = []

    def attend(number, client):
        headers = {"HTTP_IDEMPOTENCY_KEY": f"rsvp-{number}"} if keyed else {}
        start.wait()
        answer = race_answer(lambda: client.post(rsvp_path(event), **headers))
        answers.append([answer.status, answer.rsvp_status or answer.error])

    threads = [threading.Thread(target=attend, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stored = list(Rsvp.objects.filter(event=event).values_list("status", flat=True))
    keys = sorted(IdempotencyKey.objects.filter(user__in=attendees).values_list("status_code", flat=True))
    going_count = Event.objects.get(pk=event.pk).going_count
    result = {"answers": answers, "stored": stored, "goingCount": going_count, "keys": keys}
    with open(result_path, "w") as out:
        json.dump(result, out)


def create(attendees: int, capacity: int):
    """Migrate the new database; the event and its would-be attendees."""
    from django.core.management import call_command

    from tests.factories import EventFactory, UserFactory

    call_command("migrate", verbosity=0)
    return EventFactory(capacity=capacity), UserFactory.create_batch(attendees)


if __name__ == "__main__":
    keyed = sys.argv[2] == "--idempotency-keys"
    main(sys.argv[1], sys.argv[3:] if keyed else sys.argv[2:], keyed=keyed)
