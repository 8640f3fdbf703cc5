from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("council/", views.council_report, name="council"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/pdf/", views.job_pdf, name="job_pdf"),
]
