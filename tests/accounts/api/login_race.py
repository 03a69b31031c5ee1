"""Send many wrong passwords and the right one for one account at once, in a process of its own.

Run by ``test_lockout.py`` on the database of ``DATABASE_URL``:

* ``python -m tests.accounts.api.login_race RESULT_PATH GUESSES EMAIL``: the test's own database
  (MongoDB), where the test created the account;
* ``python -m tests.accounts.api.login_race RESULT_PATH GUESSES --create``: a new SQLite file,
  migrated and given the account here first.

All requests come from one client address, with the default lockout limits. RESULT_PATH
receives the status of each answer, the right password's last.
"""

import json
import os
import sys
import threading


def main(result_path: str, guesses: int, email: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    import django

    django.setup()
    from django.db import connection
    from rest_framework.test import APIClient

    from tests.factories import DEFAULT_PASSWORD
    from tests.helpers import login, race_answer

    if email == "--create":
        email = create()
    connection.close()
    passwords = [f"wrong-Password-{number}" for number in range(guesses)] + [DEFAULT_PASSWORD]
    start = threading.Barrier(len(passwords))
    statuses = [0] * len(passwords)

    def send(index: int, password: str) -> None:
        client = APIClient()
        start.wait()
        statuses[index] = race_answer(lambda: login(client, email, password)).status

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(passwords)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with open(result_path, "w") as out:
        json.dump({"statuses": statuses}, out)


def create() -> str:
    """Migrate the new database; the account's email."""
    from django.core.management import call_command

    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    return UserFactory().email


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
