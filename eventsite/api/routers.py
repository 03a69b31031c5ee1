from rest_framework.routers import SimpleRouter


class OptionalSlashRouter(SimpleRouter):
    """Routes that answer with and without a trailing slash, as the legacy API did."""

    def __init__(self):
        super().__init__()
        # The constructor only accepts True/False; the route regexes take any pattern.
        self.trailing_slash = "/?"
