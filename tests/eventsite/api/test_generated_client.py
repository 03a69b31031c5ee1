"""A Python client generated from /schema (openapi-python-client, requirements-dev) imports and runs
the legacy flow against a live server."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

FLOW = Path(__file__).with_name("generated_client_flow.py")
GENERATE_OPTIONS = [
    "--path",
    "schema.json",
    "--meta",
    "none",
    "--output-path",
    "client",
    "--config",
    "config.yaml",
]


def generator() -> Path | None:
    """The generator next to this interpreter (CI), else on PATH."""
    found = shutil.which(
        "openapi-python-client", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    )
    return Path(found) if found else None


def test_a_generated_python_client_runs_the_legacy_flow(schema, live_server, tmp_path):
    executable = generator()
    if executable is None:
        pytest.skip("openapi-python-client is not installed (pip install -r requirements-dev.txt)")
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    # The time zone enum holds aliases that differ only in case (GMT0, Gmt0): literal enums keep them.
    (tmp_path / "config.yaml").write_text("literal_enums: true\npost_hooks: []\n")
    subprocess.run(
        [executable, "generate", *GENERATE_OPTIONS],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    python = executable.parent / "python"
    flow = subprocess.run(
        [python, FLOW, live_server.url],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert flow.returncode == 0, flow.stderr
    assert flow.stdout.strip() == "legacy flow ok"
