"""A record's documents on its own page (the page has already checked that
the user sees the record)."""

from django import template

from documents.models import Document
from documents.parents import parent_for_model

register = template.Library()


@register.simple_tag
def documents_of(obj) -> dict:
    """The record's current documents in one query; who may attach more is
    decided on the documents page."""
    parent = parent_for_model(obj)
    return {
        "slug": parent.slug if parent else "",
        "documents": list(Document.objects.of(obj).current().select_related("uploaded_by")),
    }
