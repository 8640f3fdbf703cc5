"""A record's documents on its own page (the page has already checked that
the user sees the record)."""

from django import template

from bops import access
from documents.models import Document
from documents.parents import parent_for_model

register = template.Library()


@register.simple_tag(takes_context=True)
def documents_of(context, obj) -> dict:
    request = context["request"]
    parent = parent_for_model(obj)
    return {
        "slug": parent.slug if parent else "",
        "documents": list(Document.objects.of(obj).current().select_related("uploaded_by")),
        "can_change": bool(parent)
        and parent.model._default_manager.for_user(request.user, access.CHANGE)
        .filter(pk=obj.pk)
        .exists(),
    }
