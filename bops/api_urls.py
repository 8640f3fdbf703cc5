"""/api/v1/: each app registers its own routes; this file only joins them."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("municipalities.api.urls")),
    path("", include("referrals.api.urls")),
    path("", include("capacity.api.urls")),
]
