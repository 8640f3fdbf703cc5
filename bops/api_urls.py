"""/api/v1/: each app registers its own routes; this file only joins them."""

from django.urls import include, path

from bops.security.api import LogoutView, OwnTokenDetailView, OwnTokenListView, obtain_token

urlpatterns = [
    path("auth/token/", obtain_token, name="api-token"),
    path("auth/tokens/", OwnTokenListView.as_view(), name="api-token-list"),
    path("auth/tokens/<str:key>/", OwnTokenDetailView.as_view(), name="api-token-detail"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("", include("municipalities.api.urls")),
    path("", include("municipalities.plans.api.urls")),
    path("", include("referrals.api.urls")),
    path("", include("capacity.api.urls")),
    path("", include("documents.api.urls")),
    path("", include("catalogue.api.urls")),
]
