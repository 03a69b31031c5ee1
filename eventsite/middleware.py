from django.conf import settings

from eventsite.errors import error_response


class BodySizeLimitMiddleware:
    """Refuse oversized request bodies with 413 before anything reads them.

    Django only enforces ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for form bodies read
    through ``request.body``/``POST``; DRF's parsers read the stream directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(400, "Invalid Content-Length header.", "bad_request")
        limit = settings.MAX_REQUEST_BODY_BYTES
        if length > limit:
            return error_response(413, f"Request body is larger than {limit} bytes.", "request_too_large")
        return self.get_response(request)
