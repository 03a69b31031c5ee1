from accounts.views import UserViewSet
from eventsite.api.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("users", UserViewSet, basename="users")

urlpatterns = router.urls
