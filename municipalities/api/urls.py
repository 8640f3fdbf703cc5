"""The data core's API routes. Each app has its own SimpleRouter (no API root
view), joined in bops/api_urls.py."""

from rest_framework.routers import SimpleRouter

from municipalities.api import views

router = SimpleRouter()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("service-users", views.ServiceUserViewSet, basename="service-user")

urlpatterns = router.urls
