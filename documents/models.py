"""Documents attached to a referral, a return, a plan or an agreement.

A document is personal data when its parent concerns a person: it is seen
exactly where its parent is seen (`Document.objects.for_user`), served only
through a view that checks that and writes the access log, and never has a
public URL. Deleting one is a recorded event; the file stays until the
retention period has passed (`purge_deleted_files`), or until the person is
anonymised (`remove_files_of_person`).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import access
from documents.parents import parent_for_model, parents
from documents.storage import documents_storage
from documents.validation import ALLOWED


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a document event."""


def _stored_name(mime_type: str) -> str:
    # The stored name says nothing about the content or the person.
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ALLOWED[mime_type]}"


class DocumentQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """A document is visible (changeable) when its parent is."""
        if access.is_superuser(user):
            return self
        rule = Q(pk__in=[])
        for parent in parents():
            content_type = ContentType.objects.get_for_model(parent.model)
            scope = parent.model._default_manager.for_user(user, action).values("pk")
            rule |= Q(content_type=content_type, object_id__in=scope)
        return self.filter(rule)

    def current(self):
        return self.filter(deleted_at__isnull=True)

    def of(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )


class Document(models.Model):
    """One file attached to a record. Its bytes are checked to be PDF, PNG or
    JPEG when it arrives; the person its parent concerns is copied here, so
    anonymisation and the access log find it without the parent."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("attached to (type)"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("attached to (id)"))
    parent = GenericForeignKey("content_type", "object_id")
    service_user = models.ForeignKey(
        "municipalities.ServiceUser",
        verbose_name=_("service user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    # The name in the documents storage (a plain string, not a FileField: the
    # file is never addressed by URL and is opened only by `open()` below).
    stored_name = models.CharField(_("stored file"), max_length=200, blank=True, editable=False)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    mime_type = models.CharField(
        _("file type"), max_length=40, choices=[(m, m) for m in ALLOWED], editable=False
    )
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    file_removed_at = models.DateTimeField(_("file removed"), null=True, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # A parent's documents in the API's keyset order (newest first).
            models.Index(
                fields=["content_type", "object_id", "-uploaded_at", "-id"],
                name="documents_doc_parent_key_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        stem = "".join(c if c.isalnum() or c in " -_" else "_" for c in self.title).strip()
        return f"{stem or 'dokument'}.{ALLOWED.get(self.mime_type, 'bin')}"

    @property
    def has_file(self) -> bool:
        return bool(self.stored_name) and self.file_removed_at is None

    def open(self):
        """The stored bytes, for the access-checked download only."""
        return documents_storage().open(self.stored_name, "rb")

    @classmethod
    def attach(cls, parent_obj, *, upload, title: str, by, mime_type: str) -> Document:
        """Store a checked upload on `parent_obj` and record it."""
        parent = parent_for_model(parent_obj)
        if parent is None:
            raise ValueError(f"{type(parent_obj).__name__} cannot carry documents")
        with transaction.atomic():
            document = cls(
                content_type=ContentType.objects.get_for_model(type(parent_obj)),
                object_id=parent_obj.pk,
                service_user_id=parent.person_id(parent_obj),
                title=title,
                original_name=(getattr(upload, "name", "") or "")[:255],
                mime_type=mime_type,
                size=upload.size,
                uploaded_by=by,
            )
            upload.seek(0)
            document.stored_name = documents_storage().save(_stored_name(mime_type), upload)
            document.save()
            DocumentEvent.objects.create(
                document=document, by=by, action=DocumentEvent.Action.UPLOADED
            )
        return document

    def delete_recorded(self, *, by, note: str = "") -> None:
        """Delete as the user sees it: hidden, recorded; the file stays until
        the retention period has passed."""
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.deleted_at is not None:
                return
            self.deleted_at = timezone.now()
            self.deleted_by = by
            self.save(update_fields=["deleted_at", "deleted_by"])
            DocumentEvent.objects.create(
                document=self, by=by, action=DocumentEvent.Action.DELETED, note=note
            )

    def remove_file(self, *, by=None, action: str | None = None, note: str = "") -> bool:
        """Remove the stored bytes for good (retention passed, or the person
        anonymised). The row and its history stay. True when a file went."""
        if not self.has_file:
            return False
        with transaction.atomic():
            name = self.stored_name
            self.file_removed_at = timezone.now()
            self.stored_name = ""
            self.save(update_fields=["stored_name", "file_removed_at"])
            DocumentEvent.objects.create(
                document=self,
                by=by,
                action=action or DocumentEvent.Action.FILE_REMOVED,
                note=note,
            )
            transaction.on_commit(lambda: documents_storage().delete(name))
        return True

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("A document is deleted through delete_recorded(), never removed."))

    @classmethod
    def anonymise_rows(cls, service_user) -> int:
        """The anonymisation's step for documents (privacy/anonymise.py
        calls it for every model pointing at the person): the files go."""
        return remove_files_of_person(service_user)


class DocumentEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("Document history cannot be changed."))

    def delete(self):
        raise AppendOnlyError(_("Document history cannot be deleted."))


class DocumentEvent(models.Model):
    """What happened to a document: uploaded, deleted, file removed. Never
    edited, never deleted."""

    class Action(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        DELETED = "deleted", _("deleted")
        FILE_REMOVED = "file_removed", _("file removed after the retention period")
        ANONYMISED = "anonymised", _("file removed when the person was anonymised")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    objects = DocumentEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("document event")
        verbose_name_plural = _("document events")

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Document history cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Document history cannot be deleted."))


def purge_deleted_files(now: datetime.datetime | None = None) -> int:
    """Remove the files of documents deleted longer ago than
    `BOPS_DOCUMENT_RETENTION_DAYS`. Returns how many files went."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.BOPS_DOCUMENT_RETENTION_DAYS)
    removed = 0
    for document in Document.objects.filter(
        deleted_at__lt=cutoff, file_removed_at__isnull=True
    ).exclude(stored_name=""):
        removed += document.remove_file()
    return removed


def remove_files_of_person(service_user, *, by=None) -> int:
    """Remove every stored file of the person's documents (deleted ones too)
    and blank their titles and file names, which may name the person. The
    rows and their history stay for the statistics and the audit trail.
    Returns how many files went."""
    removed = 0
    with transaction.atomic():
        documents = Document.objects.select_for_update().filter(service_user=service_user)
        for document in documents:
            removed += document.remove_file(by=by, action=DocumentEvent.Action.ANONYMISED)
        documents.exclude(title="", original_name="").update(title="", original_name="")
    return removed
