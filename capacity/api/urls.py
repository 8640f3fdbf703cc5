from rest_framework.routers import SimpleRouter

from capacity.api import views

router = SimpleRouter()
router.register("residences", views.ResidenceViewSet, basename="residence")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("stays", views.StayViewSet, basename="stay")

urlpatterns = router.urls
