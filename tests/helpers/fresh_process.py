"""Run a script in a new interpreter on the project's settings: what a cold start imports and builds."""

import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def run_in_fresh_process(script: str) -> list[str]:
    """The lines the script prints, run with ``eventsite.settings`` and nothing imported yet."""
    env = {"DJANGO_SETTINGS_MODULE": "eventsite.settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.check_output([sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, text=True)
    return out.split("\n")
