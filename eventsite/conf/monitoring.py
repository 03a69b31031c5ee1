"""Business metrics (eventsite/runtime/metrics.py) and the audit log (eventsite/audit)."""

import re
from typing import NamedTuple

from eventsite.conf import environ

# CloudWatch accepts these in a namespace; a dimension value is kept to the same plain set.
METRIC_NAME = re.compile(r"[A-Za-z0-9._/#:-]{1,255}")


class Monitoring(NamedTuple):
    metrics_namespace: str
    metrics_stage: str
    audit_log_retention_days: int


def _metric_name(name: str, default: str) -> str:
    value = environ.text(name, default).strip()
    if value and not METRIC_NAME.fullmatch(value):
        environ.fail(f"{name} must be letters, digits and . _ / # : - (at most 255), got {value!r}")
    return value


def monitoring_from_environ() -> Monitoring:
    """An empty ``METRICS_NAMESPACE`` writes no metric lines."""
    return Monitoring(
        metrics_namespace=_metric_name("METRICS_NAMESPACE", "eventsite"),
        metrics_stage=_metric_name("METRICS_STAGE", "local") or "local",
        audit_log_retention_days=environ.whole_number(
            "AUDIT_LOG_RETENTION_DAYS", 365, minimum=1, maximum=3650, unit="days"
        ),
    )
