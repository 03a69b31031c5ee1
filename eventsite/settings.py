"""Settings for eventsite, driven by environment variables; this module only assigns.

With no variables set, the project runs in local development mode: DEBUG on, a
development-only secret key, SQLite in the project folder. Turning DEBUG off
(``DJANGO_DEBUG=false``) switches to production mode, which refuses to start
without a real secret key and an explicit host list. Reading and checking the
variables is in ``eventsite/conf/``; a bad value stops start-up with one line.
"""

from pathlib import Path

from eventsite.conf import api as api_settings
from eventsite.conf import aws_secrets, database, environ, legacy, lockout, security
from eventsite.conf import logging as log_settings
from eventsite.conf import openapi as openapi_settings
from eventsite.conf.backups import backups_from_environ
from eventsite.conf.cache import cache_from_environ
from eventsite.conf.images import media_from_environ
from eventsite.conf.mail import mail_from_environ
from eventsite.conf.monitoring import monitoring_from_environ
from eventsite.conf.static import static_from_environ
from eventsite.conf.tasks import tasks_from_environ
from eventsite.conf.webhooks import webhooks_from_environ

# Network, first and once per process: the variables stored in the AWS secret DJANGO_SECRETS_ARN
# names (Secrets Manager or SSM) join os.environ before anything below reads it; variables
# already set win. Without DJANGO_SECRETS_ARN nothing is read (eventsite/conf/aws_secrets.py).
aws_secrets.fetch_from_aws_into_environ()

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = security.DEVELOPMENT_SECRET_KEY
# On AWS Lambda production mode is the default and the API Gateway host is always accepted.
ON_LAMBDA = security.on_lambda()
DEBUG = environ.boolean("DJANGO_DEBUG", not ON_LAMBDA)
SECRET_KEY = security.secret_key(debug=DEBUG)

API_GATEWAY_HOST = security.api_gateway_host()
ALLOWED_HOSTS = security.allowed_hosts(debug=DEBUG, on_lambda=ON_LAMBDA, gateway_host=API_GATEWAY_HOST)
# Where links in emails point (unsubscribe, verification); eventsite/conf/security.py.
PUBLIC_BASE_URL = security.public_base_url(debug=DEBUG, hosts=ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = security.csrf_trusted_origins(on_lambda=ON_LAMBDA, gateway_host=API_GATEWAY_HOST)
# JSON for API clients, Django's page for a browser on the admin or login forms.
CSRF_FAILURE_VIEW = "eventsite.views.csrf_failure"

DATABASE_URL = database.url_from_environ(BASE_DIR)
DATABASE = database.profile_from_environ(DATABASE_URL)
DATABASES = {"default": DATABASE.default}
DEFAULT_AUTO_FIELD = DATABASE.default_auto_field
CONTRIB_APPS = DATABASE.contrib_apps
MIGRATION_MODULES = DATABASE.migration_modules

INSTALLED_APPS = [
    *CONTRIB_APPS,
    *DATABASE.backend_apps,
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "eventsite.runtime.template_apps.DjangoFilterConfig",  # django_filters, imported on use
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "eventsite.api",
    "eventsite.tasks",
    "eventsite.backups",
    "eventsite.audit",
    "accounts",
    "events",
    "legacy",
]

MIDDLEWARE = [
    "eventsite.runtime.start_up.StartUpCompleteMiddleware",  # first: built last, ends the start-up
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
    "eventsite.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "eventsite.urls"
WSGI_APPLICATION = "eventsite.wsgi.application"

# A deployment's own email templates (EMAIL_TEMPLATES_DIR) win over the apps' (accounts/mail.py).
TEMPLATE_DIRS = [*environ.paths("EMAIL_TEMPLATES_DIR"), BASE_DIR / "eventsite" / "templates"]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": TEMPLATE_DIRS,
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    # Plain-text email, subjects and bodies: the same templates, never HTML-escaped.
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": TEMPLATE_DIRS,
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "rest_framework:login"
LOGIN_REDIRECT_URL = "api-root"
LOGOUT_REDIRECT_URL = "api-root"

# bcrypt as in the legacy system. The SHA-256 pre-hashing variant comes first; the plain bcrypt
# hasher verifies legacy ``$2a$``/``$2b$`` hashes, which are upgraded on the next successful login.
PASSWORD_HASHERS = [
    "accounts.hashers.BCryptSHA256PasswordHasher",
    "accounts.hashers.BCryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
BCRYPT_ROUNDS = environ.whole_number("BCRYPT_ROUNDS", 12, minimum=4, maximum=31)

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
# The languages the site speaks; the Lambda package ships only their translations.
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# The Lambda build collects into a temporary folder (DJANGO_STATIC_ROOT) and zips it as staticfiles/.
STATIC_ROOT = environ.path("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles")
# Static files: in the package, or on S3 behind a CDN (STATIC_STORAGE=s3; eventsite/conf/static.py).
_static = static_from_environ(debug=DEBUG, static_root=STATIC_ROOT)
STATIC_STORAGE = _static.storage
STATIC_URL = _static.url
# Uploaded media (event images): the local folder MEDIA_ROOT by default, the S3 bucket
# MEDIA_BUCKET with MEDIA_STORAGE=s3; the image limits (eventsite/conf/images.py).
_media = media_from_environ(debug=DEBUG, base_dir=BASE_DIR)
MEDIA_STORAGE = _media.storage
MEDIA_BUCKET = _media.bucket
MEDIA_S3_ENDPOINT_URL = _media.s3_endpoint_url
MEDIA_ROOT = _media.root
MEDIA_URL = _media.url
EVENT_IMAGE_MAX_BYTES = _media.image_max_bytes
EVENT_IMAGE_MAX_PIXELS = _media.image_max_pixels
EVENT_IMAGE_THUMBNAIL_PIXELS = _media.thumbnail_pixels
EVENT_IMAGE_UPLOAD_SECONDS = _media.upload_url_seconds
STORAGES = {
    "default": _media.backend,
    "staticfiles": _static.backend(debug=DEBUG),
}

# Request bodies larger than this are refused with 413 before they are read.
MAX_REQUEST_BODY_BYTES = environ.whole_number("MAX_REQUEST_BODY_BYTES", 1024 * 1024, minimum=1, unit="bytes")
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

CORS_ALLOWED_ORIGINS = environ.names("CORS_ALLOWED_ORIGINS")
# The legacy API answered every origin; keep that only for local development.
CORS_ALLOW_ALL_ORIGINS = DEBUG and not CORS_ALLOWED_ORIGINS

# Authentication, parsers, renderers, throttle rates (eventsite/conf/api.py).
REST_FRAMEWORK = api_settings.rest_framework_from_environ()

# Brute-force protection for logins, registrations and password reset requests: past a limit
# within a window, 429 with Retry-After (accounts.lockout; the limits in eventsite/conf/lockout.py).
LOGIN_LOCKOUT = lockout.login_lockout()
REGISTER_LOCKOUT = lockout.register_lockout()
PASSWORD_RESET_LOCKOUT = lockout.password_reset_lockout()
EMAIL_VERIFICATION_LOCKOUT = lockout.email_verification_lockout()

# Email verification (accounts/verification.py): how long a mailed token works, and whether
# unverified non-staff users are refused (403 email_not_verified) creating events and RSVPing.
EMAIL_VERIFICATION_TIMEOUT = environ.seconds("EMAIL_VERIFICATION_TIMEOUT", 3 * 24 * 3600)
REQUIRE_VERIFIED_EMAIL = environ.boolean("REQUIRE_VERIFIED_EMAIL", False)

# The DRF throttles' counters and the cached event list pages: per process by default, Redis
# (ElastiCache) to share them (eventsite/conf/cache.py).
CACHES = {"default": cache_from_environ()}
# How long a rendered list page may be served from the cache (events/caching.py); any write
# to events or RSVPs retires the cached pages sooner. 0 turns the list cache off.
EVENT_LIST_CACHE_SECONDS = environ.seconds("EVENT_LIST_CACHE_SECONDS", 300, minimum=0)
# Cache-Control max-age of the public event answers (/public/events...): how long browsers and
# shared caches may keep them; the server's own copy follows the list cache above.
PUBLIC_EVENTS_MAX_AGE = environ.seconds("PUBLIC_EVENTS_MAX_AGE", 60, minimum=0)
# How many hours before an event its attendees get the reminder (events.tasks.send_due_reminders,
# run on a schedule, or `manage.py send_reminders`); at most 30 days.
EVENT_REMINDER_LEAD_HOURS = environ.whole_number(
    "EVENT_REMINDER_LEAD_HOURS", 24, minimum=1, maximum=30 * 24, unit="hours"
)

# Content-Security-Policy on every answer (django-csp), made for the HTML pages; why each
# source is allowed is in eventsite/conf/security.py.
_csp = security.csp_directives(image_origins=_media.image_origins, static_origins=_static.origins)
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _csp}

SPECTACULAR_SETTINGS = openapi_settings.SPECTACULAR_SETTINGS  # OpenAPI: eventsite/conf/openapi.py
OPENAPI_EXTENSION_MODULES = openapi_settings.OPENAPI_EXTENSION_MODULES

# Outgoing mail (password reset): the console locally, SMTP in production (Amazon SES through its
# SMTP endpoint). EMAIL_URL, when set, replaces the separate variables. Production mode refuses the
# console backend: it would write reset tokens to the logs (eventsite/conf/mail.py).
_mail = mail_from_environ(debug=DEBUG)
EMAIL_BACKEND = _mail["EMAIL_BACKEND"]
EMAIL_HOST = _mail["EMAIL_HOST"]
EMAIL_PORT = _mail["EMAIL_PORT"]
EMAIL_HOST_USER = _mail["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _mail["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _mail["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _mail["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _mail["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = _mail["DEFAULT_FROM_EMAIL"]

# Background tasks (eventsite/tasks): a worker thread of the web process locally, the SQS queue
# TASKS_QUEUE_URL on Lambda, where a thread would freeze between invocations (eventsite/conf/tasks.py).
_tasks = tasks_from_environ(on_lambda=ON_LAMBDA)
TASKS_BACKEND = _tasks.backend
TASKS_QUEUE_URL = _tasks.queue_url
TASKS_QUEUE_NAME = _tasks.queue_name
TASKS_SQS_ENDPOINT_URL = _tasks.sqs_endpoint_url
TASKS_INLINE_ATTEMPTS = _tasks.inline_attempts
# A run claimed longer ago than this is taken for crashed and run again: at least the queue's
# visibility timeout (six times the function's timeout).
TASKS_LEASE_SECONDS = _tasks.lease_seconds

# Webhooks (events/webhooks): https on public addresses only in production, a short timeout, a
# few retries, then the endpoint is failing (eventsite/conf/webhooks.py).
_webhooks = webhooks_from_environ(debug=DEBUG)
WEBHOOKS_ALLOW_HTTP = _webhooks.allow_http
WEBHOOKS_ALLOW_LOOPBACK = _webhooks.allow_loopback
WEBHOOKS_TIMEOUT_SECONDS = _webhooks.timeout_seconds
WEBHOOKS_MAX_ATTEMPTS = _webhooks.max_attempts
WEBHOOKS_DISABLE_AFTER_FAILURES = _webhooks.disable_after_failures
WEBHOOKS_MAX_ENDPOINTS_PER_USER = _webhooks.max_endpoints_per_user
WEBHOOKS_DELIVERY_LOG_DAYS = _webhooks.delivery_log_days

# The scheduled export (eventsite/backups) writes to BACKUP_BUCKET (eventsite/conf/backups.py).
_backups = backups_from_environ()
BACKUP_BUCKET = _backups.bucket
BACKUP_PREFIX = _backups.prefix
BACKUP_S3_ENDPOINT_URL = _backups.s3_endpoint_url
# Business metrics as CloudWatch EMF lines, by stage; how long the audit log keeps its entries
# (eventsite/conf/monitoring.py).
_monitoring = monitoring_from_environ()
METRICS_NAMESPACE = _monitoring.metrics_namespace
METRICS_STAGE = _monitoring.metrics_stage
AUDIT_LOG_RETENTION_DAYS = _monitoring.audit_log_retention_days

# Access tokens for an hour, refresh tokens for a week by default (eventsite/conf/api.py).
SIMPLE_JWT = api_settings.simple_jwt_from_environ(secret_key=SECRET_KEY)
LEGACY_TOKENS = legacy.legacy_tokens_from_environ(production=not DEBUG)

# JSON lines on stdout (CloudWatch on Lambda) at LOG_LEVEL; see eventsite/conf/logging.py.
LOG_LEVELS = log_settings.LOG_LEVELS
LOGGING = log_settings.logging_from_environ()

# Production mode: secure, HTTP-only cookies, HTTPS and HSTS behind API Gateway; in development
# mode Django's defaults (eventsite/conf/security.py).
_https = security.https(debug=DEBUG)
SESSION_COOKIE_SECURE = _https.secure_cookies
CSRF_COOKIE_SECURE = _https.secure_cookies
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = _https.csrf_cookie_httponly
SECURE_PROXY_SSL_HEADER = _https.proxy_ssl_header
SECURE_SSL_REDIRECT = _https.ssl_redirect
SECURE_HSTS_SECONDS = _https.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https.hsts_include_subdomains
SECURE_HSTS_PRELOAD = _https.hsts_preload
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Last, so that a process refusing to start prints only why. Production mode refuses this key.
security.warn_if_development_key(SECRET_KEY)
