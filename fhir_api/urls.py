"""/fhir/R4/: one named route per resource type and interaction, so the
isolation test knows the model behind every id."""

from django.urls import path

from fhir_api import views
from fhir_api.types import TYPES

app_name = "fhir"


def _routes():
    yield path("metadata", views.MetadataView.as_view(), name="metadata")
    yield path(
        "Patient/<int:pk>/$everything", views.EverythingView.as_view(), name="patient-everything"
    )
    for name, rtype in TYPES.items():
        if rtype.searchable:
            yield path(
                name, views.SearchView.as_view(resource_type=name), name=f"{name.lower()}-search"
            )
        for index, source in enumerate(rtype.sources):
            suffix = f"-{source.id_prefix.rstrip('-')}" if source.id_prefix else ""
            yield path(
                f"{name}/{source.id_prefix}<int:pk>",
                views.ReadView.as_view(resource_type=name, source_index=index),
                name=f"{name.lower()}{suffix}-read",
            )
    yield path("<path:unknown>", views.NotFoundView.as_view(), name="not-found")


urlpatterns = list(_routes())
