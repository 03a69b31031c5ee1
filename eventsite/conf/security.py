"""Secret key, host and origin lists, and the HTTPS settings production mode turns on.

On AWS Lambda (the runtime sets ``AWS_LAMBDA_FUNCTION_NAME``) production mode is the default and
the API Gateway host is always accepted.
"""

from typing import NamedTuple

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from eventsite.conf import environ

# The public development key: anyone can sign sessions and tokens with it.
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only-key-do-not-use-in-production"
DEVELOPMENT_HOSTS = "localhost,127.0.0.1,[::1]"

# Content-Security-Policy on every answer (django-csp), made for the HTML pages: the admin, the
# browsable API, Swagger UI at /docs and ReDoc at /redoc, all served from this origin. Scripts
# only from files here, or inline with the request's nonce (Swagger UI's start-up script, in
# eventsite/templates/drf_spectacular/swagger_ui.html); no 'unsafe-inline' and no eval for
# scripts. Styles allow inline: the admin and the browsable API write style attributes and ReDoc
# adds <style> elements at run time. ReDoc parses the schema in a worker made from a blob: URL;
# Swagger UI's icons are data: images. The browser tests (tests/browser) check that no page
# reports a violation. Event images (the admin's previews, image URLs the browsable API shows)
# come from the media storage's origin too, and with STATIC_STORAGE=s3 scripts, styles, images and
# fonts from the static files' CDN (``csp_directives``).
CSP_DIRECTIVES = {
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


def csp_directives(*, image_origins: list[str], static_origins: list[str] = ()) -> dict[str, list[str]]:
    """``CSP_DIRECTIVES`` allowing images from the media storage's origins and the static files'
    scripts, styles, images and fonts from their CDN as well."""
    directives = {**CSP_DIRECTIVES, "img-src": [*CSP_DIRECTIVES["img-src"], *image_origins]}
    for name in ("script-src", "style-src", "img-src", "font-src"):
        directives[name] = [*directives[name], *(o for o in static_origins if o not in directives[name])]
    return directives


def on_lambda() -> bool:
    return environ.is_set("AWS_LAMBDA_FUNCTION_NAME")


def api_gateway_host() -> str:
    return f".execute-api.{environ.text('AWS_REGION', 'us-east-1')}.amazonaws.com"


def secret_key(*, debug: bool) -> str:
    """``DJANGO_SECRET_KEY``; development mode falls back to the public key, production refuses it."""
    key = environ.text("DJANGO_SECRET_KEY")
    if not key:
        if not debug:
            environ.fail("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production mode)")
        return DEVELOPMENT_SECRET_KEY
    if key == DEVELOPMENT_SECRET_KEY and not debug:
        environ.fail(
            "DJANGO_SECRET_KEY must be a secret of your own, not the public development key, "
            "in production mode"
        )
    return key


def allowed_hosts(*, debug: bool, on_lambda: bool, gateway_host: str) -> list[str]:
    """``DJANGO_ALLOWED_HOSTS``, local names by default in development; production needs a list."""
    hosts = environ.names("DJANGO_ALLOWED_HOSTS", DEVELOPMENT_HOSTS if debug else "")
    if on_lambda:
        hosts.append(gateway_host)
    if not hosts:
        environ.fail("DJANGO_ALLOWED_HOSTS must list the served host names when DJANGO_DEBUG is off")
    return hosts


def public_base_url(*, debug: bool, hosts: list[str]) -> str:
    """``PUBLIC_BASE_URL``, where links in emails point: by default the development server
    locally, and in production ``https://`` and the first host name of ``DJANGO_ALLOWED_HOSTS``
    that names one host (on Lambda without a custom domain, set it to the stage's URL)."""
    url = environ.text("PUBLIC_BASE_URL").strip()
    if url:
        if not url.startswith(("https://", "http://")):
            environ.fail(f"PUBLIC_BASE_URL must be an http(s) URL, got {url!r}")
        return url.rstrip("/")
    if debug:
        return "http://127.0.0.1:8000"
    exact = [host for host in hosts if host not in ("*", "") and not host.startswith(".")]
    return f"https://{exact[0]}" if exact else ""


def csrf_trusted_origins(*, on_lambda: bool, gateway_host: str) -> list[str]:
    origins = environ.names("CSRF_TRUSTED_ORIGINS")
    if on_lambda:
        origins.append(f"https://*{gateway_host}")
    return origins


class Https(NamedTuple):
    """Cookie and transport settings; in development mode Django's defaults (plain HTTP works)."""

    secure_cookies: bool = False
    csrf_cookie_httponly: bool = False
    proxy_ssl_header: tuple[str, str] | None = None
    ssl_redirect: bool = False
    hsts_seconds: int = 0
    hsts_include_subdomains: bool = False
    hsts_preload: bool = False


def https(*, debug: bool) -> Https:
    """Production mode's settings, read from the environment only then."""
    if debug:
        return Https()
    return Https(
        secure_cookies=environ.boolean("DJANGO_SECURE_COOKIES", True),
        # The browsable API and the admin take the CSRF token from the page, not from the cookie.
        csrf_cookie_httponly=True,
        # API Gateway terminates TLS and forwards the original scheme in X-Forwarded-Proto.
        proxy_ssl_header=("HTTP_X_FORWARDED_PROTO", "https"),
        ssl_redirect=environ.boolean("DJANGO_SECURE_SSL_REDIRECT", True),
        hsts_seconds=environ.whole_number("DJANGO_HSTS_SECONDS", 365 * 24 * 3600, minimum=0, unit="seconds"),
        hsts_include_subdomains=environ.boolean("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True),
        hsts_preload=environ.boolean("DJANGO_HSTS_PRELOAD", True),
    )


def warn_if_development_key(key: str) -> None:
    """Called last, so that a process refusing to start prints only why."""
    if key == DEVELOPMENT_SECRET_KEY:
        environ.warn(
            "DJANGO_SECRET_KEY is unset, so sessions and tokens are signed with the public development key "
            "and anyone can forge them; set DJANGO_SECRET_KEY wherever others can reach this server"
        )
