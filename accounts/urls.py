from accounts.views import UserViewSet
from eventsite.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("users", UserViewSet, basename="users")

urlpatterns = router.urls
