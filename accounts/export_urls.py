from accounts.export_views import UserExportViewSet
from eventsite.api.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("users", UserExportViewSet, basename="users")

urlpatterns = router.urls
