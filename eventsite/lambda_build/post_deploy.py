"""Zappa ``post`` callback, after ``deploy`` and ``update``: the task queues, then stage throttling.

Zappa loads this file by its path, not as part of a package, from the project directory; the
project directory goes on ``sys.path`` so that the steps import as ``eventsite.lambda_build``.
A failed step ends the command with its message and a non-zero status.
"""

import sys
from pathlib import Path

PROJECT_DIR = str(Path(__file__).resolve().parents[2])


def after_deploy(cli) -> None:
    import click

    if PROJECT_DIR not in sys.path:
        sys.path.insert(0, PROJECT_DIR)
    from eventsite.lambda_build.stage_throttling import apply_stage_throttling
    from eventsite.lambda_build.task_queues import DeployStepFailed, ensure_task_queues

    try:
        ensure_task_queues(cli)
    except DeployStepFailed as exc:
        raise click.ClickException(f"eventsite: {exc}") from None
    apply_stage_throttling(cli)
