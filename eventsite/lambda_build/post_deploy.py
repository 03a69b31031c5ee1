"""Zappa ``post`` callback, after ``deploy`` and ``update``: task queues, stage settings, alarms.

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
    from eventsite.lambda_build.alarms import ensure_stage_monitoring
    from eventsite.lambda_build.stage_throttling import apply_stage_throttling
    from eventsite.lambda_build.task_queues import DeployStepFailed, ensure_task_queues

    try:
        queues = ensure_task_queues(cli)
        apply_stage_throttling(cli)
        ensure_stage_monitoring(cli, dlq_name=queues.dlq_arn.rsplit(":", 1)[-1])
    except DeployStepFailed as exc:
        raise click.ClickException(f"eventsite: {exc}") from None
