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


class AuthRateThrottle(SettingsRatesMixin, throttling.ScopedRateThrottle):
    """The stricter ``auth`` rate of register, login and password reset."""


class AnonRateThrottle(SettingsRatesMixin, throttling.AnonRateThrottle):
    """The general rate of requests without credentials, per client address."""


class UserRateThrottle(SettingsRatesMixin, throttling.UserRateThrottle):
    """The general rate per authenticated user (per client address without credentials)."""


# The REST_FRAMEWORK default; views that declare their own throttles add these to them.
GENERAL_THROTTLES = (AnonRateThrottle, UserRateThrottle)
