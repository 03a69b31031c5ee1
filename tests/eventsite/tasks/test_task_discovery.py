"""A fresh process finds a task by its name: in an app's ``tasks`` module or one inside the app."""

import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[3]

A_FRESH_CONSUMER = """
import sys
import django
django.setup()
from eventsite.tasks.queue import UnknownTask, task_named
print(task_named("events.webhooks.tasks.webhooks_notify").name)
for name in ("events.emails.send_change_email", "json.tasks.loads"):
    try:
        task_named(name)
    except UnknownTask as exc:
        print(exc)
print("events.emails" in sys.modules)
"""


def test_a_task_of_a_tasks_module_inside_an_app_is_found_and_no_other_module_is_imported_for_a_name():
    env = {"DJANGO_SETTINGS_MODULE": "eventsite.settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", A_FRESH_CONSUMER], cwd=PROJECT_DIR, env=env, text=True, capture_output=True
    )

    assert out.returncode == 0, out.stderr[-4000:]
    assert out.stdout.splitlines()[-4:] == [
        "events.webhooks.tasks.webhooks_notify",
        "no task is named 'events.emails.send_change_email'",
        "no task is named 'json.tasks.loads'",
        "False",
    ]
