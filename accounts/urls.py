from django.urls import path

from accounts.views import UserViewSet
from eventsite.api.routers import OptionalSlashRouter
from eventsite.runtime.lazy_urls import lazy_include

router = OptionalSlashRouter()
router.register("users", UserViewSet, basename="users")

# The email flows and the API keys are imported when a request gets past the profile's routes.
# They follow in the order one router had them, so every route, name and precedence is the same.
urlpatterns = [
    *router.urls,
    path("", lazy_include("accounts.email_urls")),
    path("", lazy_include("accounts.api_keys.urls")),
]
