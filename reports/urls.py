from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("council/", views.council_report, name="council"),
]
