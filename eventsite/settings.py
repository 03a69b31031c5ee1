"""Settings for eventsite, driven by environment variables.

With no variables set, the project runs in local development mode: DEBUG on, a
development-only secret key, SQLite in the project folder. Turning DEBUG off
(``DJANGO_DEBUG=false``) switches to production mode, which refuses to start
without a real secret key and an explicit host list.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import NoReturn

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from eventsite.conf import aws_secrets, env
from eventsite.conf.cache import cache_settings
from eventsite.conf.database import database_profile
from eventsite.conf.mail import email_backend, email_url_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def fail(message: str) -> NoReturn:
    """Stop start-up with a one-line message instead of a traceback."""
    raise SystemExit(f"eventsite: {message}")


def warn(message: str) -> None:
    """One line on stderr; the settings module runs once per process."""
    print(f"eventsite: WARNING: {message}", file=sys.stderr)


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None, unit: str = ""
) -> int:
    """A whole number within ``minimum``..``maximum``; unset or blank is ``default``."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return env.whole_number(value, minimum=minimum, maximum=maximum, unit=unit)
    except ValueError as exc:
        fail(f"{name} must be {exc}, got {value!r}")


def env_seconds(name: str, default: int, *, minimum: int = 1) -> int:
    """A duration in seconds, at most ten years (so expiry times stay far from datetime's limit)."""
    return env_int(name, default, minimum=minimum, maximum=10 * 365 * 24 * 3600, unit="seconds")


def env_rate(name: str, default: str) -> str:
    """A DRF throttle rate (``30/min``), checked now rather than on the first request it applies to."""
    value = os.environ.get(name, "").strip() or default
    try:
        env.rate(value)
    except ValueError as exc:
        fail(f"{name} must be {exc}, got {value!r}")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``, in any letter case; unset or blank is ``default``."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return env.choice(value, choices)
    except ValueError as exc:
        fail(f"{name} must be {exc}, got {value!r}")


# The public development key: anyone can sign sessions and tokens with it.
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only-key-do-not-use-in-production"


# On AWS Lambda (the runtime sets AWS_LAMBDA_FUNCTION_NAME) production mode is the default,
# secrets come from DJANGO_SECRETS_ARN and the API Gateway host is always accepted.
ON_LAMBDA = bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))
try:
    aws_secrets.load_into_environ()
except aws_secrets.SecretsError as exc:
    fail(str(exc))

DEBUG = env_bool("DJANGO_DEBUG", not ON_LAMBDA)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        fail("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production mode)")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif SECRET_KEY == DEVELOPMENT_SECRET_KEY and not DEBUG:
    fail("DJANGO_SECRET_KEY must be a secret of your own, not the public development key, in production mode")

API_GATEWAY_HOST = f".execute-api.{os.environ.get('AWS_REGION', 'us-east-1')}.amazonaws.com"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if ON_LAMBDA:
    ALLOWED_HOSTS.append(API_GATEWAY_HOST)
if not ALLOWED_HOSTS:
    fail("DJANGO_ALLOWED_HOSTS must list the served host names when DJANGO_DEBUG is off")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
if ON_LAMBDA:
    CSRF_TRUSTED_ORIGINS.append(f"https://*{API_GATEWAY_HOST}")
# JSON for API clients, Django's page for a browser on the admin or login forms.
CSRF_FAILURE_VIEW = "eventsite.views.csrf_failure"

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASE = database_profile(DATABASE_URL, offline=env_bool("DATABASE_OFFLINE", False))
except ValueError as exc:
    fail(str(exc))
DATABASES = {"default": DATABASE.default}

if DATABASE.is_mongodb:
    # Contrib apps with AutoField models get ObjectId keys and their own committed
    # migrations; project models all have explicit UUID keys and serve both engines.
    DEFAULT_AUTO_FIELD = "django_mongodb_backend.fields.ObjectIdAutoField"
    CONTRIB_APPS = [
        "eventsite.runtime.mongo_apps.MongoAdminConfig",
        "eventsite.runtime.mongo_apps.MongoAuthConfig",
        "eventsite.runtime.mongo_apps.MongoContentTypesConfig",
    ]
    MIGRATION_MODULES = {
        app: f"eventsite.runtime.mongo_migrations.{app}" for app in ("admin", "auth", "contenttypes")
    }
else:
    DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
    CONTRIB_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes"]

INSTALLED_APPS = [
    *CONTRIB_APPS,
    *(["django_mongodb_backend"] if DATABASE.is_mongodb else []),
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "eventsite.api",
    "accounts",
    "events",
    "legacy",
]

MIDDLEWARE = [
    "eventsite.runtime.logging.RequestLogMiddleware",
    "eventsite.runtime.head.HeadWithoutBodyMiddleware",
    "eventsite.api.middleware.BodySizeLimitMiddleware",
    "eventsite.api.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "eventsite.api.middleware.LazyStaticFilesMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "eventsite.urls"
WSGI_APPLICATION = "eventsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "eventsite" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "rest_framework:login"
LOGIN_REDIRECT_URL = "api-root"
LOGOUT_REDIRECT_URL = "api-root"

# bcrypt as in the legacy system. The SHA-256 pre-hashing variant comes first;
# the plain bcrypt hasher verifies legacy ``$2a$``/``$2b$`` hashes, which are
# upgraded on the next successful login.
PASSWORD_HASHERS = [
    "accounts.hashers.BCryptSHA256PasswordHasher",
    "accounts.hashers.BCryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
BCRYPT_ROUNDS = env_int("BCRYPT_ROUNDS", 12, minimum=4, maximum=31)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The Lambda build collects into a temporary folder (DJANGO_STATIC_ROOT) and zips it as staticfiles/.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "eventsite.runtime.static_storage.ScriptPrefixedStaticFilesStorage"
    },
}

# Request bodies larger than this are refused with 413 before they are read.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 1024 * 1024, minimum=1, unit="bytes")
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
# The legacy API answered every origin; keep that only for local development.
CORS_ALLOW_ALL_ORIGINS = DEBUG and not CORS_ALLOWED_ORIGINS

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # JWT first: its WWW-Authenticate header turns "not authenticated" into 401.
        "accounts.authentication.JWTAuthentication",
        "accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
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
        "auth": env_rate("AUTH_THROTTLE_RATE", "30/min"),
        "anon": env_rate("THROTTLE_ANON_RATE", "300/min"),
        "user": env_rate("THROTTLE_USER_RATE", "1200/min"),
    },
    # Throttles key anonymous clients by REMOTE_ADDR, skipping this many X-Forwarded-For
    # entries. 0 ignores the header (clients can write it); Zappa already sets REMOTE_ADDR
    # from the address API Gateway appended.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0, minimum=0),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Brute-force protection for every login path (accounts.lockout): failed logins within the
# window per account and client address, per account from anywhere (softer, so nobody can lock
# an owner out from elsewhere cheaply), and per client address; past a limit, 429 with
# Retry-After for LOCKOUT_SECONDS.
LOGIN_LOCKOUT = {
    "ACCOUNT_CLIENT_FAILURES": env_int("LOGIN_ACCOUNT_CLIENT_FAILURES", 5, minimum=1),
    "ACCOUNT_FAILURES": env_int("LOGIN_ACCOUNT_FAILURES", 100, minimum=1),
    "CLIENT_FAILURES": env_int("LOGIN_CLIENT_FAILURES", 20, minimum=1),
    "WINDOW_SECONDS": env_seconds("LOGIN_FAILURE_WINDOW", 15 * 60),
    "LOCKOUT_SECONDS": env_seconds("LOGIN_LOCKOUT_SECONDS", 15 * 60),
}

# Registrations per client address within the window; past the limit, 429 with Retry-After.
REGISTER_LOCKOUT = {
    "CLIENT_ATTEMPTS": env_int("REGISTER_CLIENT_ATTEMPTS", 20, minimum=1),
    "WINDOW_SECONDS": env_seconds("REGISTER_WINDOW", 60 * 60),
    "LOCKOUT_SECONDS": env_seconds("REGISTER_LOCKOUT_SECONDS", 15 * 60),
}

# Password reset requests per target address (known or not) within the window, counted in the
# database so the limit holds across containers; past it, 429 with Retry-After.
PASSWORD_RESET_LOCKOUT = {
    "ADDRESS_ATTEMPTS": env_int("PASSWORD_RESET_ADDRESS_ATTEMPTS", 3, minimum=1),
    "WINDOW_SECONDS": env_seconds("PASSWORD_RESET_WINDOW", 60 * 60),
    "LOCKOUT_SECONDS": env_seconds("PASSWORD_RESET_LOCKOUT_SECONDS", 60 * 60),
}

# The DRF throttles' counters and the cached event list pages: per process by default, Redis
# (ElastiCache) to share them (eventsite/conf/cache.py).
try:
    CACHES = {"default": cache_settings(os.environ.get("CACHE_URL") or "locmem://")}
except ValueError as exc:
    fail(str(exc))
# How long a rendered list page may be served from the cache (events/caching.py); any write
# to events or RSVPs retires the cached pages sooner. 0 turns the list cache off.
EVENT_LIST_CACHE_SECONDS = env_seconds("EVENT_LIST_CACHE_SECONDS", 300, minimum=0)

# Content-Security-Policy on every answer (django-csp), made for the HTML pages: the admin, the
# browsable API, Swagger UI at /docs and ReDoc at /redoc, all served from this origin. Scripts
# only from files here, or inline with the request's nonce (Swagger UI's start-up script, in
# eventsite/templates/drf_spectacular/swagger_ui.html); no 'unsafe-inline' and no eval for
# scripts. Styles allow inline: the admin and the browsable API write style attributes and ReDoc
# adds <style> elements at run time. ReDoc parses the schema in a worker made from a blob: URL;
# Swagger UI's icons are data: images. The browser tests (tests/browser) check that no page
# reports a violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# OpenAPI (drf-spectacular); the UI assets come from drf-spectacular-sidecar, not a CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "eventsite API",
    "DESCRIPTION": "Event management: users with JWT authentication, and events. "
    "Every error answers with the envelope `{message, code, errors?}`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "ENUM_NAME_OVERRIDES": {
        "HealthStatusEnum": "eventsite.api.openapi.HEALTH_OK",
        "HealthUnavailableStatusEnum": "eventsite.api.openapi.HEALTH_UNAVAILABLE",
        "EventStatusEnum": "events.models.Event.Status",
        "RsvpStatusEnum": "events.models.Rsvp.Status",
    },
    "PREPROCESSING_HOOKS": ["eventsite.api.openapi.optional_slash_paths"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "eventsite.api.openapi.camel_case_path_parameters",
    ],
}

# Outgoing mail (password reset): the console locally, SMTP in production (Amazon SES through its
# SMTP endpoint). EMAIL_URL, when set, replaces the separate variables. Production mode refuses the
# console backend: it would write reset tokens to the logs (eventsite/conf/mail.py).
try:
    EMAIL_BACKEND = email_backend(os.environ.get("EMAIL_BACKEND", ""), debug=DEBUG)
except ValueError as exc:
    fail(str(exc))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1, unit="seconds")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "eventsite <no-reply@localhost>")
if os.environ.get("EMAIL_URL"):
    try:
        globals().update(email_url_settings(os.environ["EMAIL_URL"], debug=DEBUG))
    except ValueError as exc:
        fail(str(exc))

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=env_seconds("JWT_ACCESS_TTL", 60 * 60)),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=env_seconds("JWT_REFRESH_TTL", 7 * 24 * 3600)),
    "ALGORITHM": "HS256",
    "SIGNING_KEY": os.environ.get("JWT_SIGNING_KEY") or SECRET_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "userId",
    "UPDATE_LAST_LOGIN": False,
}

# JSON lines on stdout (CloudWatch on Lambda); see eventsite/runtime/logging.py.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "eventsite.runtime.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    },
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {
        # Client errors are answered in JSON; do not log each one as a warning.
        "django.request": {"level": "ERROR"},
        # Below WARNING, pymongo logs whole commands and replies: user documents with their
        # password hashes. Never that, whatever LOG_LEVEL says.
        "pymongo": {"level": "WARNING"},
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SESSION_COOKIE_HTTPONLY = True
    # The browsable API and the admin take the CSRF token from the page, not from the cookie.
    CSRF_COOKIE_HTTPONLY = True
    # API Gateway terminates TLS and forwards the original scheme in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600, minimum=0, unit="seconds")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Last, so that a process refusing to start prints only why. Production mode refuses this key.
if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    warn(
        "DJANGO_SECRET_KEY is unset, so sessions and tokens are signed with the public development key "
        "and anyone can forge them; set DJANGO_SECRET_KEY wherever others can reach this server"
    )
