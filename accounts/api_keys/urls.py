from accounts.api_keys.views import ApiKeyViewSet
from eventsite.api.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("users/me/api-keys", ApiKeyViewSet, basename="api-keys")

urlpatterns = router.urls
