from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit log: an app because it owns a model (one row per audited change)."""

    name = "eventsite.audit"
    label = "audit"
    verbose_name = "Audit log"
