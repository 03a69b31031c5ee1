"""Outgoing mail settings: ``EMAIL_URL`` and short names for ``EMAIL_BACKEND``.

Amazon SES is used through its SMTP interface, e.g.
``EMAIL_URL=smtp+tls://SMTP_USER:SMTP_PASSWORD@email-smtp.eu-west-1.amazonaws.com:587``.
"""

from urllib.parse import parse_qsl, unquote, urlsplit

from eventsite.conf import environ

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
CONSOLE_IN_PRODUCTION = (
    "{variable} must not be the console backend in production mode (DJANGO_DEBUG off): it writes "
    "every mail, password-reset tokens included, to the logs; use an SMTP server, locmem or dummy"
)
# URL scheme -> (EMAIL_USE_TLS, EMAIL_USE_SSL, default port)
SMTP_SCHEMES = {"smtp": (False, False, 25), "smtp+tls": (True, False, 587), "smtps": (False, True, 465)}


def email_backend(name: str, *, debug: bool) -> str:
    """A short name from ``BACKENDS`` or a dotted path; unset means console locally, SMTP in production.

    Production never uses the console (``ValueError``): it would write reset tokens to the logs.
    """
    name = name.strip()
    backend = BACKENDS.get(name or ("console" if debug else "smtp"), name)
    if backend == BACKENDS["console"] and not debug:
        raise ValueError(CONSOLE_IN_PRODUCTION.format(variable="EMAIL_BACKEND"))
    return backend


def email_url_settings(url: str, *, debug: bool = True) -> dict:
    """The ``EMAIL_*`` settings an ``EMAIL_URL`` describes (``console://`` or ``smtp[+tls|s]://…``).

    ``console://`` is refused (``ValueError``) when ``debug`` is off, as by ``email_backend``.
    """
    parts = urlsplit(url.strip())
    if parts.scheme in BACKENDS and parts.scheme not in SMTP_SCHEMES:
        if parts.scheme == "console" and not debug:
            raise ValueError(CONSOLE_IN_PRODUCTION.format(variable="EMAIL_URL"))
        return {"EMAIL_BACKEND": BACKENDS[parts.scheme]}
    if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
        raise ValueError(
            "EMAIL_URL must be smtp://, smtp+tls://, smtps:// (with a host) or console://, "
            f"got {parts.scheme!r}"
        )
    use_tls, use_ssl, default_port = SMTP_SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
        timeout = dict(parse_qsl(parts.query)).get("timeout")
        timeout = None if timeout is None else int(timeout)
    except ValueError:
        raise ValueError("EMAIL_URL has a port or timeout that is not a whole number") from None
    if timeout is not None and timeout < 1:
        raise ValueError("EMAIL_URL's timeout must be a whole number of seconds, at least 1")
    return {
        "EMAIL_BACKEND": BACKENDS["smtp"],
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        **({} if timeout is None else {"EMAIL_TIMEOUT": timeout}),
    }


def mail_from_environ(*, debug: bool) -> dict:
    """Every ``EMAIL_*`` setting and ``DEFAULT_FROM_EMAIL``; ``EMAIL_URL``, when set, replaces the
    separate variables it describes."""
    try:
        backend = email_backend(environ.text("EMAIL_BACKEND"), debug=debug)
    except ValueError as exc:
        environ.fail(str(exc))
    settings = {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": environ.text("EMAIL_HOST", "localhost"),
        "EMAIL_PORT": environ.whole_number("EMAIL_PORT", 25, minimum=1, maximum=65535),
        "EMAIL_HOST_USER": environ.text("EMAIL_HOST_USER"),
        "EMAIL_HOST_PASSWORD": environ.text("EMAIL_HOST_PASSWORD"),
        "EMAIL_USE_TLS": environ.boolean("EMAIL_USE_TLS", False),
        "EMAIL_USE_SSL": environ.boolean("EMAIL_USE_SSL", False),
        "EMAIL_TIMEOUT": environ.whole_number("EMAIL_TIMEOUT", 10, minimum=1, unit="seconds"),
        "DEFAULT_FROM_EMAIL": environ.text("DEFAULT_FROM_EMAIL", "eventsite <no-reply@localhost>"),
    }
    if environ.is_set("EMAIL_URL"):
        try:
            settings |= email_url_settings(environ.text("EMAIL_URL"), debug=debug)
        except ValueError as exc:
            environ.fail(str(exc))
    return settings
