"""Writes of the audit log: one entry per change, in the change's own transaction."""

from datetime import datetime, timedelta

from django.db import connection

from eventsite.audit.context import origin
from eventsite.audit.models import AuditEntry
from eventsite.runtime.transactions import in_unit_of_work

# Field names whose values never reach the log, whatever a caller passes.
SECRET_FIELDS = frozenset({"password", "secret", "secret_hash", "token", "email_key", "key"})


class NotInTransaction(RuntimeError):
    """An audit entry written outside the change's transaction could outlive a rolled-back change."""


def audit_record(*, action: str, target, changes: dict | None = None, actor=None) -> AuditEntry:
    """Record ``action`` on ``target`` (a model instance) by ``actor``, else the request's user.

    Call it inside the unit of work (``eventsite.runtime.transactions``) that makes the change:
    the entry commits with the change or not at all. ``changes`` is a small JSON object (field
    names, new values); values of ``SECRET_FIELDS`` are dropped.
    """
    if not in_unit_of_work() and not connection.in_atomic_block:
        raise NotInTransaction(f"audit_record({action!r}) outside a transaction")
    safe = {name: value for name, value in (changes or {}).items() if name not in SECRET_FIELDS}
    who = origin(actor)
    return AuditEntry.objects.create(
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        changes=safe,
        actor_id=who.actor_id,
        actor_email=who.actor_email,
        actor_is_staff=who.actor_is_staff,
        api_key_id=who.api_key_id,
        client_ip=who.client_ip,
        user_agent=who.user_agent,
        request_id=who.request_id,
    )


def audit_entries_purge(*, now: datetime, keep_days: int) -> int:
    """Delete the entries older than ``keep_days``; how many went."""
    deleted, _ = AuditEntry.objects.filter(created_at__lt=now - timedelta(days=keep_days)).delete()
    return deleted
