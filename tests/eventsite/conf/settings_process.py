"""Start the project in a fresh process with a chosen environment, as the settings tests need."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
PREFIXES = ("DJANGO_", "DATABASE_URL", "CORS_", "CSRF_", "AWS_", "JWT_", "EMAIL_", "LOG_LEVEL")
PREFIXES += ("AUTH_THROTTLE_", "THROTTLE_", "BCRYPT_", "LOGIN_", "REGISTER_", "NUM_PROXIES", "MAX_REQUEST_")
PREFIXES += ("EVENT_LIST_", "TASKS_", "MEDIA_", "EVENT_IMAGE_", "STATIC_")
PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "a-real-secret-key-for-this-test-only"}


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(PREFIXES)}
    clean |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env}
    clean.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=clean, capture_output=True, text=True, timeout=60
    )


def check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return run(["manage.py", "check"], tmp_path, **env)
