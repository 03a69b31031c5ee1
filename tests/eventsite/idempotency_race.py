"""Send one request with one Idempotency-Key from many threads at once, on a file-backed SQLite.

Run by ``test_idempotency.py`` in a subprocess (the test session's in-memory SQLite makes
concurrent writers fail instead of waiting for the lock):
``python -m tests.eventsite.idempotency_race DB_PATH RESULT_PATH SENDERS``.
"""

import json
import os
import sys
import threading


def main(db_path: str, result_path: str, senders: int) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from events.models import Event
    from tests.factories import UserFactory
    from tests.helpers import bearer_client

    call_command("migrate", verbosity=0)
    user = UserFactory()
    clients = [bearer_client(user) for _ in range(senders)]
    connection.close()
    start = threading.Barrier(senders)
    statuses = []
    body = {"title": "Raced", "date": "2031-05-01T18:00:00.000Z"}

    def send(client):
        start.wait()
        try:
            response = client.post("/events", body, format="json", HTTP_IDEMPOTENCY_KEY="race")
            statuses.append([response.status_code, response.has_header("Idempotent-Replayed")])
        finally:
            django.db.connections.close_all()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with open(result_path, "w") as out:
        json.dump({"statuses": statuses, "events": Event.objects.count()}, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
