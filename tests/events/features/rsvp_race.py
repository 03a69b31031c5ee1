"""Fire concurrent RSVPs at one event through the API, on a file-backed SQLite database.

Run by ``test_concurrency.py`` in a subprocess (the test session's SQLite database is
in memory, where concurrent writers fail instead of waiting for the lock):
``python -m tests.events.features.rsvp_race DB_PATH RESULT_PATH ATTENDEES CAPACITY``.
"""

import json
import os
import sys
import threading


def main(db_path: str, result_path: str, attendees: int, capacity: int) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from events.models import Event, Rsvp
    from tests.factories import EventFactory, UserFactory
    from tests.helpers import bearer_client, rsvp_path

    call_command("migrate", verbosity=0)
    event = EventFactory(capacity=capacity)
    clients = [bearer_client(UserFactory()) for _ in range(attendees)]
    connection.close()
    start = threading.Barrier(attendees)
    answers = []

    def attend(client):
        from django.db import connection as thread_connection

        start.wait()
        response = client.post(rsvp_path(event))
        rsvp = response.json().get("rsvp", {}) if response["Content-Type"] == "application/json" else {}
        answers.append((response.status_code, rsvp.get("status")))
        thread_connection.close()

    threads = [threading.Thread(target=attend, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stored = list(Rsvp.objects.filter(event=event).values_list("status", flat=True))
    result = {
        "answers": answers,
        "stored": stored,
        "goingCount": Event.objects.get(pk=event.pk).going_count,
    }
    with open(result_path, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
