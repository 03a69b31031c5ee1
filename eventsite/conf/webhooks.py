"""Webhook delivery settings (``events/webhooks``): who may be called, how long, how often."""

from typing import NamedTuple

from eventsite.conf import environ


class WebhookSettings(NamedTuple):
    allow_http: bool
    allow_loopback: bool
    timeout_seconds: int
    max_attempts: int
    disable_after_failures: int
    max_endpoints_per_user: int
    delivery_log_days: int


def webhooks_from_environ(*, debug: bool) -> WebhookSettings:
    """Production calls only https URLs on public addresses; ``WEBHOOKS_ALLOW_HTTP`` (the default
    in development) and ``WEBHOOKS_ALLOW_LOOPBACK`` (off; for local receivers and tests) allow more."""
    return WebhookSettings(
        allow_http=environ.boolean("WEBHOOKS_ALLOW_HTTP", debug),
        allow_loopback=environ.boolean("WEBHOOKS_ALLOW_LOOPBACK", False),
        timeout_seconds=environ.whole_number(
            "WEBHOOKS_TIMEOUT_SECONDS", 5, minimum=1, maximum=30, unit="seconds"
        ),
        max_attempts=environ.whole_number("WEBHOOKS_MAX_ATTEMPTS", 5, minimum=1, maximum=10),
        disable_after_failures=environ.whole_number(
            "WEBHOOKS_DISABLE_AFTER_FAILURES", 5, minimum=1, maximum=1000
        ),
        max_endpoints_per_user=environ.whole_number("WEBHOOKS_MAX_ENDPOINTS_PER_USER", 10, minimum=1),
        delivery_log_days=environ.whole_number("WEBHOOKS_DELIVERY_LOG_DAYS", 30, minimum=1, unit="days"),
    )
