from events.views import EventViewSet
from eventsite.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("events", EventViewSet, basename="events")

urlpatterns = router.urls
