"""Finding a document's parent and the document itself through the user's
scope: the one way pages and API reach them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404

from bops import access
from bops.audit import AccessLog, log_access
from documents.models import Document
from documents.parents import parent_by_slug


def visible_parent(user, slug: str, pk: int, action: str = access.VIEW):
    """(parent type, object): 404 when not visible, 403 when visible but not
    changeable and `action` is CHANGE."""
    parent = parent_by_slug(slug)
    if parent is None:
        raise Http404
    return parent, access.get_for_user(parent.model, user, action, pk=pk)


def visible_document(user, pk: int, action: str = access.VIEW) -> Document:
    try:
        document = Document.objects.for_user(user).current().get(pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404 from exc
    if action != access.VIEW and not (
        Document.objects.for_user(user, action).filter(pk=pk).exists()
    ):
        raise PermissionDenied
    return document


def serve(request, document: Document, *, action: str = AccessLog.Action.EXPORT) -> FileResponse:
    """The file as a download; the access log names the person first."""
    if not document.has_file:
        raise Http404
    if document.service_user_id:
        log_access(request, document.service_user_id, action)
    response = FileResponse(
        document.open(),
        as_attachment=True,
        filename=document.download_name,
        content_type=document.mime_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
