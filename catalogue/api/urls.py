from rest_framework.routers import SimpleRouter

from catalogue.api.views import AgreementViewSet, MeasureViewSet

router = SimpleRouter()
router.register("measures", MeasureViewSet, basename="measure")
router.register("agreements", AgreementViewSet, basename="agreement")

urlpatterns = router.urls
