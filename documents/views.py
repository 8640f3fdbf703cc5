"""Document pages: a record's documents with an upload form, the download
and the delete. Every one checks access through the parent's scope; a
download of a person's document writes the access log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from bops import access
from bops.audit import AccessLog, log_access
from documents.forms import DocumentForm
from documents.models import Document
from documents.parents import parent_for_model
from documents.services import serve, visible_document, visible_parent


class ParentDocumentsView(LoginRequiredMixin, View):
    """GET: the record's documents and, for those who may change the record,
    the upload form. POST: upload one."""

    template_name = "documents/parent_documents.html"

    def _page(self, request, parent, obj, form, status=200):
        person = parent.person_id(obj)
        if person:
            log_access(request, person, AccessLog.Action.VIEW)
        may_change = (
            parent.model._default_manager.for_user(request.user, access.CHANGE)
            .filter(pk=obj.pk)
            .exists()
        )
        return render(
            request,
            self.template_name,
            {
                "parent": parent,
                "object": obj,
                "documents": Document.objects.of(obj).current().select_related("uploaded_by"),
                "form": form if may_change else None,
                "can_change": may_change,
            },
            status=status,
        )

    def get(self, request, parent: str, parent_pk: int):
        kind, obj = visible_parent(request.user, parent, parent_pk)
        return self._page(request, kind, obj, DocumentForm())

    def post(self, request, parent: str, parent_pk: int):
        kind, obj = visible_parent(request.user, parent, parent_pk, access.CHANGE)
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, kind, obj, form, status=400)
        Document.attach(
            obj,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            by=request.user,
            mime_type=form.mime_type,
        )
        messages.success(request, _("The document was attached."))
        return redirect("documents:parent_documents", parent=parent, parent_pk=parent_pk)


class DocumentDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        return serve(request, visible_document(request.user, pk))


class DocumentDeleteView(LoginRequiredMixin, View):
    """POST only: the document disappears from the record; the deletion is
    recorded and the file kept until the retention period has passed."""

    def post(self, request, pk: int):
        document = visible_document(request.user, pk, access.CHANGE)
        document.delete_recorded(by=request.user, note=request.POST.get("note", "")[:2000])
        messages.success(request, _("The document was deleted."))
        parent = parent_for_model(document.content_type.model_class())
        return redirect(
            "documents:parent_documents", parent=parent.slug, parent_pk=document.object_id
        )
