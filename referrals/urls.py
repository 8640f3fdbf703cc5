from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.ReferralListView.as_view(), name="referral_list"),
    path("new/", views.ReferralCreateView.as_view(), name="referral_create"),
    path("<int:pk>/", views.ReferralDetailView.as_view(), name="referral_detail"),
    path(
        "<int:pk>/<slug:action>/",
        views.ReferralTransitionView.as_view(),
        name="referral_transition",
    ),
]
