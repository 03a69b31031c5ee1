"""The Lambda package fixtures, shared by tests/lambda and tests/browser.

They are registered once, in tests/conftest.py, so one session builds the package
once whichever of those folders asks for it first.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from .lambda_runtime import (
    PROJECT_DIR,
    LambdaProcess,
    build_package,
    lambda_environment,
    make_runtime_dir,
    migrate,
)


@pytest.fixture(scope="session")
def lambda_package(tmp_path_factory) -> Path:
    return build_package(tmp_path_factory.mktemp("dist") / "eventsite-dev.zip")


@pytest.fixture(scope="session")
def package_dir(lambda_package, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("var-task")
    with zipfile.ZipFile(lambda_package) as archive:
        archive.extractall(target)
    return target


@pytest.fixture(scope="session")
def lambda_venv() -> Path:
    """The runtime-only venv Zappa packages from; deploy and runtime stand-in use it too."""
    subprocess.run(["make", "-s", "lambda-venv"], cwd=PROJECT_DIR, check=True)
    return PROJECT_DIR / ".venv-lambda"


@pytest.fixture(scope="session")
def runtime_dir(lambda_venv, tmp_path_factory) -> Path:
    return make_runtime_dir(tmp_path_factory.mktemp("var-runtime"))


@pytest.fixture(scope="module")
def lambda_app(package_dir, runtime_dir, tmp_path_factory):
    """A migrated database (via Zappa's ``manage`` event) and a warm handler process on it."""
    work_dir = tmp_path_factory.mktemp("lambda-run")
    env = lambda_environment(work_dir)
    migrate(package_dir, runtime_dir, env, work_dir / "migrate.log")
    app = LambdaProcess(package_dir, runtime_dir, env, work_dir / "handler.log")
    app.database = work_dir / "db.sqlite3"
    yield app
    app.close()
