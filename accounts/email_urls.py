from accounts.email_views import UserEmailViewSet
from eventsite.api.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("users", UserEmailViewSet, basename="users-email")

urlpatterns = router.urls
