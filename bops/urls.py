from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from bops import health, metrics
from bops.language import set_language

urlpatterns = [
    # Browsers that ask for /favicon.ico regardless of <link rel="icon">.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg")),
    path("", include("dashboards.urls")),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("metrics", metrics.export, name="metrics"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("service-users/", include("municipalities.urls")),
    path("plans/", include("municipalities.plans.urls")),
    path("referrals/", include("referrals.urls")),
    path("residence/", include("capacity.urls")),
    path("catalogue/", include("catalogue.urls")),
    path("documents/", include("documents.urls")),
    path("security/", include("bops.security.urls")),
    path("reports/", include("reports.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("bops.api_urls")),
    path("fhir/R4/", include("fhir_api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline
    # script, so the Content Security Policy needs no 'unsafe-inline'.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
