from django.urls import path

from referrals import follow_up_views, views

app_name = "referrals"

urlpatterns = [
    path("", views.ReferralListView.as_view(), name="referral_list"),
    path("new/", views.ReferralCreateView.as_view(), name="referral_create"),
    path(
        "recommendations/",
        follow_up_views.RecommendationListView.as_view(),
        name="recommendation_list",
    ),
    path(
        "recommendations/<int:pk>/answer/",
        follow_up_views.RecommendationAnswerView.as_view(),
        name="recommendation_answer",
    ),
    path("notices/", follow_up_views.NoticeListView.as_view(), name="notice_list"),
    path("notices/new/", follow_up_views.NoticeCreateView.as_view(), name="notice_create"),
    path("notices/<int:pk>/", follow_up_views.NoticeDetailView.as_view(), name="notice_detail"),
    path(
        "notices/<int:pk>/acknowledge/",
        follow_up_views.NoticeAcknowledgeView.as_view(),
        name="notice_acknowledge",
    ),
    path("<int:pk>/", views.ReferralDetailView.as_view(), name="referral_detail"),
    path(
        "<int:pk>/<slug:action>/",
        views.ReferralTransitionView.as_view(),
        name="referral_transition",
    ),
]
