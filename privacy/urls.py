from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("service-users/<int:pk>/access-log/", views.access_log, name="access_log"),
    path("service-users/<int:pk>/access-log.pdf", views.access_log_pdf, name="access_log_pdf"),
    path("service-users/<int:pk>/export.json", views.export_json, name="export_json"),
    path("service-users/<int:pk>/export.pdf", views.export_pdf, name="export_pdf"),
    path("export-jobs/<int:pk>/", views.export_job, name="export_job"),
    path("export-jobs/<int:pk>/pdf/", views.export_job_pdf, name="export_job_pdf"),
]
