from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.MeasureListView.as_view(), name="measure_list"),
    path("measures/<int:pk>/", views.MeasureDetailView.as_view(), name="measure_detail"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
]
