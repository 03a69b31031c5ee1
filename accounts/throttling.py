from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class AuthRateThrottle(ScopedRateThrottle):
    """``ScopedRateThrottle`` that reads the rates from settings on each request.

    DRF copies ``DEFAULT_THROTTLE_RATES`` into the class when it is imported, so
    later settings changes (``override_settings``, per-test settings) never apply.
    """

    @property
    def THROTTLE_RATES(self):
        return api_settings.DEFAULT_THROTTLE_RATES
