"""Django REST framework's and Simple JWT's settings, read from the environment.

The settings module assigns what these functions return.
"""

from __future__ import annotations

from datetime import timedelta

from eventsite.conf import environ


def rest_framework_from_environ() -> dict:
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            # JWT first: its WWW-Authenticate header turns "not authenticated" into 401.
            "accounts.authentication.JWTAuthentication",
            "accounts.api_keys.authentication.ApiKeyAuthentication",
            "accounts.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "DEFAULT_RENDERER_CLASSES": [
            "rest_framework.renderers.JSONRenderer",
            "eventsite.api.browsable.BrowsableAPIRenderer",
        ],
        "DEFAULT_PARSER_CLASSES": [
            "eventsite.api.parsers.JSONParser",
            "rest_framework.parsers.FormParser",
            "eventsite.api.parsers.MultiPartParser",
        ],
        "EXCEPTION_HANDLER": "eventsite.api.exceptions.api_exception_handler",
        "DEFAULT_SCHEMA_CLASS": "eventsite.api.openapi.AutoSchema",
        "DEFAULT_THROTTLE_CLASSES": [
            "eventsite.api.throttling.AnonRateThrottle",
            "eventsite.api.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {
            "auth": environ.rate("AUTH_THROTTLE_RATE", "30/min"),
            "anon": environ.rate("THROTTLE_ANON_RATE", "300/min"),
            "user": environ.rate("THROTTLE_USER_RATE", "1200/min"),
            "public": environ.rate("PUBLIC_THROTTLE_RATE", "120/min"),
            "health_ready": environ.rate("HEALTH_READY_THROTTLE_RATE", "30/min"),
        },
        # Throttles key anonymous clients by REMOTE_ADDR, skipping this many X-Forwarded-For
        # entries. 0 ignores the header (clients can write it); Zappa already sets REMOTE_ADDR
        # from the address API Gateway appended.
        "NUM_PROXIES": environ.whole_number("NUM_PROXIES", 0, minimum=0),
        "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    }


def simple_jwt_from_environ(*, secret_key: str) -> dict:
    """Access and refresh lifetimes from the environment; the legacy ``userId`` claim."""
    return {
        "ACCESS_TOKEN_LIFETIME": timedelta(seconds=environ.seconds("JWT_ACCESS_TTL", 60 * 60)),
        "REFRESH_TOKEN_LIFETIME": timedelta(seconds=environ.seconds("JWT_REFRESH_TTL", 7 * 24 * 3600)),
        "ALGORITHM": "HS256",
        "SIGNING_KEY": environ.text("JWT_SIGNING_KEY") or secret_key,
        "AUTH_HEADER_TYPES": ("Bearer",),
        "USER_ID_FIELD": "id",
        "USER_ID_CLAIM": "userId",
        "UPDATE_LAST_LOGIN": False,
    }
