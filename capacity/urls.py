from django.urls import path

from capacity import application_views, stay_views, views

app_name = "capacity"

urlpatterns = [
    path("", views.BoardView.as_view(), name="home"),
    path("<int:pk>/", views.BoardView.as_view(), name="board"),
    path("<int:pk>/waiting-list/", views.WaitingListView.as_view(), name="waiting_list"),
    path("<int:pk>/occupancy/", views.OccupancyView.as_view(), name="occupancy"),
    path("<int:pk>/wall/", views.WallView.as_view(), name="wall"),
    path("<int:pk>/intake-meeting/", views.IntakeMeetingView.as_view(), name="intake_meeting"),
    path(
        "<int:pk>/waiting-list.csv",
        views.ExportView.as_view(what="waiting-list"),
        name="waiting_list_csv",
    ),
    path("<int:pk>/stays.csv", views.ExportView.as_view(what="stays"), name="stays_csv"),
    path(
        "applications/<int:pk>/",
        application_views.ApplicationDetailView.as_view(),
        name="application",
    ),
    path("applications/<int:pk>/offer/", application_views.OfferView.as_view(), name="offer"),
    path(
        "applications/<int:pk>/accept/", application_views.AcceptOfferView.as_view(), name="accept"
    ),
    path(
        "applications/<int:pk>/decline-offer/",
        application_views.DeclineOfferView.as_view(),
        name="decline_offer",
    ),
    path("applications/<int:pk>/decline/", application_views.DeclineView.as_view(), name="decline"),
    path(
        "applications/<int:pk>/withdraw/", application_views.WithdrawView.as_view(), name="withdraw"
    ),
    path("applications/<int:pk>/admit/", stay_views.AdmitView.as_view(), name="admit"),
    path("stays/<int:pk>/discharge/", stay_views.DischargeView.as_view(), name="discharge"),
]
