"""Admin for documents: a document is read and deleted through its
history, never edited or removed here; the file is reached only through
the access-checked download."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bops.admin_scoping import ScopedAdminMixin
from documents.models import Document, DocumentEvent


class DocumentEventInline(admin.TabularInline):
    model = DocumentEvent
    extra = 0
    can_delete = False
    fields = ["at", "by", "action", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "content_type", "object_id", "mime_type", "uploaded_at", "deleted_at"]
    list_filter = ["content_type", "mime_type"]
    fields = [
        "title",
        "content_type",
        "object_id",
        "service_user",
        "download",
        "mime_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "deleted_at",
        "deleted_by",
        "file_removed_at",
    ]
    readonly_fields = fields
    inlines = [DocumentEventInline]
    log_person_field = "service_user"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        if not obj.has_file:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("documents:download", args=[obj.pk]), _("Download")
        )


@admin.register(DocumentEvent)
class DocumentEventAdmin(admin.ModelAdmin):
    list_display = ["at", "document", "action", "by"]
    list_filter = ["action"]
    readonly_fields = ["document", "at", "by", "action", "note"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(document__in=Document.objects.for_user(request.user).values("pk"))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
