"""SnapStart's runtime hooks, driven through Zappa's handler in the packaged app.

The Lambda runtime's ``snapshot_restore_py`` is replaced by a stand-in with the same registry
(``snapstart_runtime/``); ``snapstart_probe`` calls the registered hooks as the runtime would,
through Zappa ``command`` events, around ordinary API requests.
"""

from __future__ import annotations

import json

import pytest

from .lambda_runtime import (
    PROJECT_DIR,
    LambdaProcess,
    api_event,
    lambda_environment,
    make_runtime_dir,
    migrate,
)

pytestmark = pytest.mark.slow

STAND_INS = PROJECT_DIR / "tests" / "lambda" / "snapstart_runtime"
HOOKS = {
    "beforeSnapshot": ["eventsite.runtime.snapstart.before_snapshot"],
    "afterRestore": ["eventsite.runtime.snapstart.after_restore"],
}
PASSWORD = "s3cure-Passw0rd!"


def production_variable(name: str) -> str | None:
    stage = json.loads((PROJECT_DIR / "zappa_settings.json").read_text())["production"]
    return stage["aws_environment_variables"].get(name)


@pytest.fixture(scope="module")
def snapstart_run(package_dir, lambda_venv, tmp_path_factory):
    """A migrated database, and a runtime folder that holds the stand-in and the probe."""
    work_dir = tmp_path_factory.mktemp("snapstart-run")
    runtime_dir = make_runtime_dir(work_dir / "runtime")
    for name in ("snapshot_restore_py.py", "snapstart_probe.py"):
        (runtime_dir / name).symlink_to(STAND_INS / name)
    # As production sets it: Zappa loads the app at import, in Lambda's Init, before the snapshot.
    name = "INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT"
    env = lambda_environment(work_dir, **{name: production_variable(name) or ""})
    migrate(package_dir, runtime_dir, env, work_dir / "migrate.log")
    return package_dir, runtime_dir, env, work_dir


@pytest.fixture
def snapstart_app(snapstart_run, request):
    package_dir, runtime_dir, env, work_dir = snapstart_run
    app = LambdaProcess(package_dir, runtime_dir, env, work_dir / f"{request.node.name}.log")
    yield app
    app.close()


def probe(app, name: str) -> dict:
    result = app.invoke({"command": f"snapstart_probe.{name}"})
    assert "invokeError" not in result, result
    return result


def test_production_loads_the_app_and_registers_the_hooks_before_any_request(snapstart_app):
    loaded = probe(snapstart_app, "current_state")

    assert loaded["handlerLoadedOnImport"] is True
    assert {key: loaded[key] for key in HOOKS} == HOOKS


def test_before_snapshot_imports_the_request_path_but_not_the_docs_views(snapstart_app):
    snapshot = probe(snapstart_app, "take_snapshot")

    assert snapshot["modules"] == ["eventsite.urls", "rest_framework.renderers"]


def test_connections_close_for_the_snapshot_and_reopen_after_restore_with_fresh_random_state(snapstart_app):
    account = {"name": "Snap", "email": "snap@example.com", "password": PASSWORD}
    registered = snapstart_app.invoke(api_event("POST", "/users/register", account))
    assert registered["statusCode"] == 200, registered
    serving = probe(snapstart_app, "current_state")
    assert serving["databaseConnectionId"] is not None

    snapshot = probe(snapstart_app, "take_snapshot")

    assert snapshot["databaseConnectionId"] is None
    assert snapshot["cachesClosed"] == ["LocMemCache"]

    restored = probe(snapstart_app, "restore")

    assert restored["randomFollowsSnapshot"] is False
    assert restored["objectIdRandomFieldFollowsSnapshot"] is False
    assert restored["databaseConnectionId"] is None
    login = snapstart_app.invoke(
        api_event("POST", "/users/login", {"email": "snap@example.com", "password": PASSWORD})
    )
    assert login["statusCode"] == 200, login
    reopened = probe(snapstart_app, "current_state")
    assert reopened["databaseConnectionId"] not in (None, serving["databaseConnectionId"])
