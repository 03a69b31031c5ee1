"""Send one request with one Idempotency-Key from many threads at once, in a process of its own.

Run by ``test_idempotency.py`` on the database of ``DATABASE_URL``, in one of two ways:

* ``python -m tests.eventsite.api.idempotency_race RESULT_PATH SENDERS USER_ID``: the test's
  own database (MongoDB), where the test created the user;
* ``python -m tests.eventsite.api.idempotency_race RESULT_PATH SENDERS --create``: a new
  SQLite file (the test's SQLite database is in memory, where concurrent writers fail
  instead of waiting for the lock), migrated and given the user here first.

RESULT_PATH receives each answer as ``[status, replayed, body]`` and how many events the
user has.
"""

import json
import os
import sys
import threading


def main(result_path: str, senders: int, user_id: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    import django

    django.setup()
    from django.db import connection

    from accounts.models import User
    from events.models import Event
    from tests.helpers import bearer_client, race_answer

    user = create() if user_id == "--create" else User.objects.get(pk=user_id)
    clients = [bearer_client(user) for _ in range(senders)]
    connection.close()
    start = threading.Barrier(senders)
    answers = []
    body = {"title": "Raced", "date": "2031-05-01T18:00:00.000Z"}

    def send(client):
        start.wait()
        answer = race_answer(lambda: client.post("/events", body, format="json", HTTP_IDEMPOTENCY_KEY="race"))
        answers.append([answer.status, answer.replayed, answer.body])

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with open(result_path, "w") as out:
        json.dump({"answers": answers, "events": Event.objects.filter(created_by=user).count()}, out)


def create():
    """Migrate the new database; the sender."""
    from django.core.management import call_command

    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    return UserFactory()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
