"""Capacity holds under concurrent RSVPs (one conditional update per seat)."""

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ATTENDEES = 16
CAPACITY = 3


def test_concurrent_rsvps_never_overbook_an_event(tmp_path):
    result_path = tmp_path / "result.json"
    env = {**os.environ, "LOG_LEVEL": "CRITICAL", "BCRYPT_ROUNDS": "4", "DJANGO_ALLOWED_HOSTS": "testserver"}
    env.pop("DATABASE_URL", None)

    subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.events.features.rsvp_race",
            str(tmp_path / "race.sqlite3"),
            str(result_path),
            str(ATTENDEES),
            str(CAPACITY),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )

    result = json.loads(result_path.read_text())
    assert Counter(map(tuple, result["answers"])) == {
        (201, "going"): CAPACITY,
        (201, "waitlisted"): ATTENDEES - CAPACITY,
    }
    assert Counter(result["stored"]) == {"going": CAPACITY, "waitlisted": ATTENDEES - CAPACITY}
    assert result["goingCount"] == CAPACITY
