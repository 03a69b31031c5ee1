"""The API's error envelope: ``{"message": str, "code": str, "errors"?: {field: [str]}}``.

An error may add members of its own beside these (``ApplicationError.details``, e.g. the
``checkedInAt`` of a ticket already checked in); they never replace the three.
"""

from django.http import JsonResponse


def error_body(message: str, code: str, errors: dict | None = None, details: dict | None = None) -> dict:
    body = {**(details or {}), "message": message, "code": code}
    if errors:
        body["errors"] = errors
    return body


def error_response(status: int, message: str, code: str, **kwargs) -> JsonResponse:
    return JsonResponse(error_body(message, code, kwargs.pop("errors", None)), status=status, **kwargs)
