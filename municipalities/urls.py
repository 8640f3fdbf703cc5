from django.urls import path

from municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("", views.ServiceUserListView.as_view(), name="serviceuser_list"),
    path("new/", views.ServiceUserCreateView.as_view(), name="serviceuser_create"),
    path("<int:pk>/", views.ServiceUserDetailView.as_view(), name="serviceuser_detail"),
    path("<int:pk>/edit/", views.ServiceUserUpdateView.as_view(), name="serviceuser_update"),
]
