from rest_framework import throttling
from rest_framework.settings import api_settings


class SettingsRatesMixin:
    """Reads ``DEFAULT_THROTTLE_RATES`` on each request.

    DRF copies the rates into the throttle class when it is imported, so later settings
    changes (``override_settings``, per-test settings) would never apply.
    """

    @property
    def THROTTLE_RATES(self):
        return api_settings.DEFAULT_THROTTLE_RATES


class FixedWindowRateThrottle(throttling.SimpleRateThrottle):
    """Counts requests per fixed window (``60/min``: each clock minute) with one cache increment.

    DRF's own ``SimpleRateThrottle`` keeps the time of every request within the period
    in one cache entry and rewrites it on each request, so its cost grows with the rate:
    1,200 timestamps for ``1200/min``, ~10 KB read from and written back to Redis per
    request, and ~0.9 ms per request at the benchmark's rates (bench/README.md). A
    counter costs the same at any rate. The trade-off: a client can spend one window's
    allowance at its end and the next one's at the start of the following window.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        count = self._count(f"{self.key}:{window}")
        # None: the cache (Redis) is unreachable, and the throttles fail open (eventsite/conf/cache.py).
        if count is not None and count > self.num_requests:
            return self.throttle_failure()
        return True

    def _count(self, key: str) -> int | None:
        try:
            return self.cache.incr(key)
        except ValueError:  # The window's first request.
            if self.cache.add(key, 1, self.duration):
                return 1
            return self.cache.incr(key)

    def wait(self) -> float:
        return self.window_ends - self.now


# DRF's classes come first: ScopedRateThrottle sets its scope and rate, then hands on to
# FixedWindowRateThrottle's counting (the method resolution order puts it before DRF's).
class ScopedRateThrottle(SettingsRatesMixin, throttling.ScopedRateThrottle, FixedWindowRateThrottle):
    """The rate of the view's ``throttle_scope``, per user or client address: ``public`` on the
    routes open without login, ``health_ready`` on ``GET /health/ready``."""


class AuthRateThrottle(ScopedRateThrottle):
    """The stricter ``auth`` rate of register, login and password reset."""


class AnonRateThrottle(SettingsRatesMixin, throttling.AnonRateThrottle, FixedWindowRateThrottle):
    """The general rate of requests without credentials, per client address."""


class UserRateThrottle(SettingsRatesMixin, throttling.UserRateThrottle, FixedWindowRateThrottle):
    """The general rate per authenticated user (per client address without credentials)."""


# The REST_FRAMEWORK default; views that declare their own throttles add these to them.
GENERAL_THROTTLES = (AnonRateThrottle, UserRateThrottle)
