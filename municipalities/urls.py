from django.urls import path

from municipalities import record_views, views

app_name = "municipalities"

urlpatterns = [
    path("", views.ServiceUserListView.as_view(), name="serviceuser_list"),
    path("new/", views.ServiceUserCreateView.as_view(), name="serviceuser_create"),
    path("<int:pk>/", views.ServiceUserDetailView.as_view(), name="serviceuser_detail"),
    path("<int:pk>/edit/", views.ServiceUserUpdateView.as_view(), name="serviceuser_update"),
    path(
        "<int:pk>/assessments/new/",
        record_views.AssessmentCreateView.as_view(),
        name="assessment_create",
    ),
    path("<int:pk>/consents/new/", record_views.ConsentCreateView.as_view(), name="consent_create"),
    path(
        "consents/<int:pk>/withdraw/",
        record_views.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path(
        "<int:pk>/purchases/new/",
        record_views.PrivatePurchaseCreateView.as_view(),
        name="purchase_create",
    ),
    path(
        "purchases/<int:pk>/end/",
        record_views.PrivatePurchaseEndView.as_view(),
        name="purchase_end",
    ),
]
