"""The monitoring settings (metrics, audit log retention, the readiness rate) from the environment."""

import json

import pytest

from tests.eventsite.conf.settings_process import PRODUCTION, check, run

METRIC_NAME = "letters, digits and . _ / # : - (at most 255)"
BAD_VALUES = [
    ("METRICS_NAMESPACE", "event site", METRIC_NAME),
    ("METRICS_STAGE", "prod{}", METRIC_NAME),
    ("AUDIT_LOG_RETENTION_DAYS", "0", "a whole number of days from 1 to 3650"),
    ("AUDIT_LOG_RETENTION_DAYS", "1y", "a whole number of days from 1 to 3650"),
    ("HEALTH_READY_THROTTLE_RATE", "30/fortnight", None),
]
PROBE = """
import json
from django.conf import settings as s
print(json.dumps([s.METRICS_NAMESPACE, s.METRICS_STAGE, s.AUDIT_LOG_RETENTION_DAYS,
                  s.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["health_ready"]]))
"""


@pytest.mark.parametrize(("variable", "value", "expected"), BAD_VALUES)
def test_a_bad_monitoring_value_refuses_to_start_naming_the_variable(tmp_path, variable, value, expected):
    result = check(tmp_path, **PRODUCTION, DJANGO_ALLOWED_HOSTS="api.example.com", **{variable: value})

    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().startswith(f"eventsite: {variable} must be {expected or ''}")
    assert result.stderr.strip().endswith(f"got {value!r}")


def test_the_defaults_and_set_values_are_read(tmp_path):
    defaults = run(["-c", PROBE], tmp_path, METRICS_NAMESPACE="eventsite", METRICS_STAGE="local")
    chosen = run(
        ["-c", PROBE],
        tmp_path,
        METRICS_NAMESPACE="",
        METRICS_STAGE="production",
        AUDIT_LOG_RETENTION_DAYS="90",
        HEALTH_READY_THROTTLE_RATE="10/min",
    )

    assert json.loads(defaults.stdout.strip().splitlines()[-1]) == ["eventsite", "local", 365, "30/min"]
    assert json.loads(chosen.stdout.strip().splitlines()[-1]) == ["", "production", 90, "10/min"]
