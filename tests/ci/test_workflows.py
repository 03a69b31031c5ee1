"""What the GitHub workflows must keep doing: CI in Debian bookworm, deploys through OIDC."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict:
    document = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 reads the key `on` as True.
    document["on"] = document.pop(True)
    return document


def step_index(steps: list[dict], *, uses: str = "", run: str = "") -> int:
    (index,) = [
        number
        for number, step in enumerate(steps)
        if (uses and step.get("uses", "").startswith(uses)) or (run and run in step.get("run", ""))
    ]
    return index


@pytest.fixture
def ci() -> dict:
    return workflow("ci.yml")


@pytest.fixture
def deploy() -> dict:
    return workflow("deploy.yml")


def test_ci_runs_on_every_push_and_pull_request_and_when_called(ci):
    assert ci["on"]["push"] == {"branches": ["**"]}
    assert "pull_request" in ci["on"]
    assert "workflow_call" in ci["on"]


def test_ci_runs_dot_ci_run_inside_debian_bookworm_with_git_installed_before_the_checkout(ci):
    (job,) = ci["jobs"].values()
    steps = job["steps"]

    assert job["container"]["image"] == "debian:bookworm"
    assert step_index(steps, run="apt-get install") < step_index(steps, uses="actions/checkout@")
    assert " git " in steps[step_index(steps, run="apt-get install")]["run"]
    assert step_index(steps, uses="actions/checkout@") < step_index(steps, run="bash .ci/run")


def test_ci_builds_python_with_pyenv_as_dot_ci_run_expects(ci):
    (job,) = ci["jobs"].values()
    steps = job["steps"]

    assert job["env"]["PYENV_ROOT"] == "/github/home/.pyenv"
    assert 'echo "$PYENV_ROOT/bin" >> "$GITHUB_PATH"' in steps[step_index(steps, run="pyenv.git")]["run"]
    caches = [step["with"] for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert {
        "path": "/github/home/.pyenv/versions",
        "key": "pyenv-bookworm-${{ hashFiles('.python-version') }}",
    } in caches


def test_ci_uploads_the_test_artifacts_when_it_fails(ci):
    (job,) = ci["jobs"].values()
    upload = job["steps"][step_index(job["steps"], uses="actions/upload-artifact@")]

    assert upload["if"] == "failure()"
    assert upload["with"]["path"] == "test-artifacts/"


def test_staging_deploys_after_ci_passed_on_a_push_to_main(deploy):
    staging = deploy["jobs"]["staging"]

    assert deploy["on"]["workflow_run"] == {"workflows": ["CI"], "types": ["completed"], "branches": ["main"]}
    assert "github.event.workflow_run.conclusion == 'success'" in staging["if"]
    assert "github.event.workflow_run.event == 'push'" in staging["if"]
    assert staging["env"]["STAGE"] == "staging"
    assert staging["steps"][0]["with"]["ref"] == "${{ github.event.workflow_run.head_sha }}"


def test_production_deploys_from_a_version_tag_after_ci_behind_its_environment(deploy):
    production = deploy["jobs"]["production"]

    assert deploy["on"]["push"] == {"tags": ["v*"]}
    assert deploy["jobs"]["ci"]["uses"] == "./.github/workflows/ci.yml"
    assert production["needs"] == "ci"
    assert "startsWith(github.ref, 'refs/tags/v')" in production["if"]
    assert production["environment"]["name"] == "production"
    assert production["env"]["STAGE"] == "production"


@pytest.mark.parametrize("stage", ["staging", "production"])
def test_each_deploy_assumes_a_role_through_oidc_and_runs_the_deploy_script(deploy, stage):
    job = deploy["jobs"][stage]
    credentials = job["steps"][step_index(job["steps"], uses="aws-actions/configure-aws-credentials@")]

    assert job["permissions"] == {"contents": "read", "id-token": "write"}
    assert job["environment"]["name"] == stage
    assert credentials["with"]["role-to-assume"] == "${{ secrets.AWS_DEPLOY_ROLE_ARN }}"
    assert step_index(job["steps"], run='scripts/deploy_stage.sh "$STAGE"') > step_index(
        job["steps"], uses="aws-actions/configure-aws-credentials@"
    )


def test_the_deploy_script_updates_or_deploys_then_migrates_through_zappa_manage():
    script = (ROOT / "scripts" / "deploy_stage.sh").read_text()

    assert '0) zappa update "$stage" ;;' in script
    assert '3) zappa deploy "$stage" ;;' in script
    assert script.rstrip().endswith('zappa manage "$stage" migrate')


def test_no_workflow_holds_long_lived_aws_keys():
    for path in WORKFLOWS.iterdir():
        text = path.read_text().lower()
        for key in (
            "aws-access-key-id",
            "aws-secret-access-key",
            "aws_secret_access_key",
            "aws_access_key_id",
        ):
            assert key not in text, f"{path.name} names {key}"
