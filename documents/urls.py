from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path(
        "<slug:parent>/<int:parent_pk>/",
        views.ParentDocumentsView.as_view(),
        name="parent_documents",
    ),
    path("<int:pk>/download/", views.DocumentDownloadView.as_view(), name="download"),
    path("<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="delete"),
]
