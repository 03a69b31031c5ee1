"""``HEAD`` answers without a body, whatever serves the application."""


class HeadWithoutBodyMiddleware:
    """Empty the body of ``HEAD`` answers, keeping the status and every header of ``GET``'s.

    Django leaves this to the server: runserver, gunicorn and Django's test client drop the body,
    but Zappa's Lambda handler passes it on to API Gateway. Listed before ``CommonMiddleware``,
    so ``Content-Length`` is still that of the ``GET`` body, as RFC 9110 allows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response
