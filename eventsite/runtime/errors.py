"""What a service refuses, said in the domain's terms: the API's exception handler alone turns
these into HTTP answers (``eventsite.api.exceptions``), so services know nothing of statuses.

Each error carries a ``message`` for people, a machine ``code`` and, for invalid input, the
messages per field (``errors``), and whatever else a client needs to act on it (``details``,
JSON-ready and camelCase: members of the answer beside ``message`` and ``code``). A subclass
says what went wrong, not how to answer it.

``TransactionConflict`` and ``ConcurrentWrite`` (``eventsite.runtime.transactions``) are not
here: they are about the database, not about a request the domain refuses.
"""

import math


class ApplicationError(Exception):
    """The request cannot be done as asked; nothing was changed."""

    code = "error"
    default_message = "The request cannot be done."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        errors: dict | None = None,
        details: dict | None = None,
    ):
        self.message = message or self.default_message
        self.code = code or self.code
        self.errors = errors or {}
        self.details = details or {}
        super().__init__(self.message)


class InvalidInput(ApplicationError):
    """Some values are not acceptable: ``errors`` maps each field to its messages."""

    code = "invalid"
    default_message = "Invalid input."


class NotFound(ApplicationError):
    """What the request names is not there (any more): deleted by another request meanwhile."""

    code = "not_found"
    default_message = "Not found."


class Conflict(ApplicationError):
    """The request contradicts what is stored (an address taken, an event in the wrong state)."""

    code = "conflict"
    default_message = "The resource already exists."


class InvalidCredentials(ApplicationError):
    """A password or token that does not prove who the caller is."""

    code = "invalid_credentials"
    default_message = "Invalid email or password."


class InvalidToken(InvalidCredentials):
    """A JWT that is malformed, expired, stale or already used."""

    code = "token_not_valid"
    default_message = "Token is invalid or expired."


class RateLimited(ApplicationError):
    """Too many attempts: refused for ``wait`` seconds, whatever the request."""

    code = "throttled"

    def __init__(self, *, wait: float):
        self.wait = math.ceil(wait)
        unit = "second" if self.wait == 1 else "seconds"
        # The wording of the API's request throttles, so that every refusal of this kind reads alike.
        super().__init__(f"Request was throttled. Expected available in {self.wait} {unit}.")
