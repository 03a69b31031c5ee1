from accounts.api_keys.views import ApiKeyViewSet
from accounts.email_views import UserEmailViewSet
from accounts.views import UserViewSet
from eventsite.api.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("users", UserViewSet, basename="users")
router.register("users", UserEmailViewSet, basename="users-email")
router.register("users/me/api-keys", ApiKeyViewSet, basename="api-keys")

urlpatterns = router.urls
