"""The accounts in the OpenAPI document. Imported only to generate a schema."""

from eventsite.api.openapi import AutoSchema


class BodyDeleteSchema(AutoSchema):
    """A DELETE that takes a JSON body (``DELETE /users/me`` and its password), documented as such.

    drf-spectacular documents bodies of POST, PUT and PATCH only; the body brings the
    errors of one too (400, 413, 415).
    """

    def _get_request_body(self, direction="request"):
        method, self.method = self.method, "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = method

    def _error_statuses(self) -> set[int]:
        return super()._error_statuses() | {400, 413, 415}
