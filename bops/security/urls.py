from django.urls import path

from bops.security import views

app_name = "security"

urlpatterns = [
    path("two-factor/enrol/", views.enrol, name="enrol"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("tokens/", views.OwnTokenListView.as_view(), name="tokens"),
]
