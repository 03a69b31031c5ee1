"""The task queue's own tasks: the daily purges, each run (and retried) as a task of its own."""

from django.core.management import call_command

from eventsite.tasks.queue import task

# The purge commands the README asks an operator to run daily; on Lambda the schedule does it
# (``purge_expired`` in ``eventsite.tasks.lambda_handlers``).
PURGE_COMMANDS = (
    "purge_revoked_tokens",
    "purge_auth_failure_counters",
    "purge_idempotency_keys",
    "purge_audit_log",
    "purge_task_runs",
)


@task
def run_purge(*, command: str) -> None:
    """Run one of ``PURGE_COMMANDS``; a message naming any other command fails."""
    if command not in PURGE_COMMANDS:
        raise ValueError(f"{command!r} is not one of the purge commands")
    call_command(command)
