"""Fire concurrent check-ins of one ticket through the API, from threads of a process of its own.

Run by ``test_checkin_race.py`` on the database of ``DATABASE_URL`` (``tests.helpers.run_race``):

* ``python -m tests.events.tickets.checkin_race RESULT_PATH TICKET_ID CHECKER_ID...``: the
  test's own database (MongoDB), where the test made the ticket and the event's checkers;
* ``python -m tests.events.tickets.checkin_race RESULT_PATH --create CHECKERS``: a new
  SQLite file, migrated and filled here first.

With ``--idempotency-keys`` before the other arguments, each scan carries a key of its own.
RESULT_PATH receives each answer as ``[status, the error's code or null]`` and the ticket's
stored check-in time.
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
    from events.models import Ticket
    from tests.helpers import bearer_client, race_answer

    if people[0] == "--create":
        ticket, checkers = create(int(people[1]))
    else:
        ticket, checkers = Ticket.objects.get(pk=people[0]), list(User.objects.filter(pk__in=people[1:]))
    clients = [bearer_client(checker) for checker in checkers]
    path = f"/events/{ticket.event_id}/checkin"
    connection.close()
    start = threading.Barrier(len(clients))
    answers = []

    def scan(number, client):
        headers = {"HTTP_IDEMPOTENCY_KEY": f"scan-{number}"} if keyed else {}
        start.wait()
        answer = race_answer(lambda: client.post(path, {"code": ticket.code}, format="json", **headers))
        answers.append([answer.status, answer.error])

    threads = [threading.Thread(target=scan, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    checked_in_at = Ticket.objects.get(pk=ticket.pk).checked_in_at
    with open(result_path, "w") as out:
        json.dump({"answers": answers, "checkedIn": checked_in_at is not None}, out)


def create(checkers: int):
    """Migrate the new database; a ticket and its event's checkers."""
    from django.core.management import call_command

    from tests.events.tickets.checkin_setup import checker_of
    from tests.factories import TicketFactory

    call_command("migrate", verbosity=0)
    ticket = TicketFactory()
    return ticket, [checker_of(ticket.event) for _ in range(checkers)]


if __name__ == "__main__":
    keyed = sys.argv[2] == "--idempotency-keys"
    main(sys.argv[1], sys.argv[3:] if keyed else sys.argv[2:], keyed=keyed)
