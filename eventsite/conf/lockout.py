"""The brute-force limits accounts.lockout applies, each overridable by an environment variable."""

from eventsite.conf import environ


def login_lockout() -> dict:
    """Failed logins within the window per account and client address, per account from anywhere
    (softer, so nobody can lock an owner out from elsewhere cheaply), and per client address; past
    a limit, 429 with Retry-After for LOCKOUT_SECONDS."""
    return {
        "ACCOUNT_CLIENT_FAILURES": environ.whole_number("LOGIN_ACCOUNT_CLIENT_FAILURES", 5, minimum=1),
        "ACCOUNT_FAILURES": environ.whole_number("LOGIN_ACCOUNT_FAILURES", 100, minimum=1),
        "CLIENT_FAILURES": environ.whole_number("LOGIN_CLIENT_FAILURES", 20, minimum=1),
        "WINDOW_SECONDS": environ.seconds("LOGIN_FAILURE_WINDOW", 15 * 60),
        "LOCKOUT_SECONDS": environ.seconds("LOGIN_LOCKOUT_SECONDS", 15 * 60),
    }


def register_lockout() -> dict:
    """Registrations per client address within the window; past the limit, 429 with Retry-After."""
    return {
        "CLIENT_ATTEMPTS": environ.whole_number("REGISTER_CLIENT_ATTEMPTS", 20, minimum=1),
        "WINDOW_SECONDS": environ.seconds("REGISTER_WINDOW", 60 * 60),
        "LOCKOUT_SECONDS": environ.seconds("REGISTER_LOCKOUT_SECONDS", 15 * 60),
    }


def password_reset_lockout() -> dict:
    """Password reset requests per target address (known or not) within the window, counted in the
    database so the limit holds across containers; past it, 429 with Retry-After."""
    return {
        "ADDRESS_ATTEMPTS": environ.whole_number("PASSWORD_RESET_ADDRESS_ATTEMPTS", 3, minimum=1),
        "WINDOW_SECONDS": environ.seconds("PASSWORD_RESET_WINDOW", 60 * 60),
        "LOCKOUT_SECONDS": environ.seconds("PASSWORD_RESET_LOCKOUT_SECONDS", 60 * 60),
    }


def email_verification_lockout() -> dict:
    """Verification emails a user may ask for again (``POST /users/email/verify/resend``) and
    address changes (``POST /users/me/email``) within the window; past it, 429 with Retry-After."""
    return {
        "USER_ATTEMPTS": environ.whole_number("EMAIL_VERIFICATION_USER_ATTEMPTS", 5, minimum=1),
        "WINDOW_SECONDS": environ.seconds("EMAIL_VERIFICATION_WINDOW", 60 * 60),
        "LOCKOUT_SECONDS": environ.seconds("EMAIL_VERIFICATION_LOCKOUT_SECONDS", 60 * 60),
    }
