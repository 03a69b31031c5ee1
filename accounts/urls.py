from django.urls import path

from accounts.views import UserViewSet
from eventsite.api.routers import OptionalSlashRouter
from eventsite.runtime.lazy_urls import lazy_include

router = OptionalSlashRouter()
router.register("users", UserViewSet, basename="users")

# The data export, the email flows and the API keys are imported when a request gets past the
# profile's routes. Each route is anchored at both ends and none matches another's paths, so
# each resolves, reverses and takes precedence as it did when one router had them all.
urlpatterns = [
    *router.urls,
    path("", lazy_include("accounts.export_urls")),
    path("", lazy_include("accounts.email_urls")),
    path("", lazy_include("accounts.api_keys.urls")),
]
