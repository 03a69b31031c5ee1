"""What the API key services refuse (``eventsite.api.exceptions`` says how the API answers)."""

from eventsite.runtime.errors import Conflict, InvalidCredentials


class ApiKeyInvalid(InvalidCredentials):
    """Malformed, unknown, or a secret that does not match its prefix: the same answer for each."""

    code = "api_key_invalid"
    default_message = "Invalid API key."


class ApiKeyRevoked(InvalidCredentials):
    code = "api_key_revoked"
    default_message = "This API key was revoked."


class ApiKeyExpired(InvalidCredentials):
    code = "api_key_expired"
    default_message = "This API key has expired."


class ApiKeyLimit(Conflict):
    code = "api_key_limit"

    def __init__(self, *, limit: int):
        super().__init__(f"The account already has {limit} active API keys: revoke one first.")
