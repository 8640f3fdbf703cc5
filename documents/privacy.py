"""Anonymising a person removes the files of their documents.

`remove_files_of_person` is the step the anonymisation calls (privacy/: the
step list there); it returns the line for the report of what was done.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentEvent


def remove_files_of_person(service_user, *, by=None) -> dict[str, int]:
    """Remove every stored file of the person's documents (deleted ones
    too) and blank their titles, which may name the person. The rows and
    their history stay for the statistics and the audit trail."""
    removed = 0
    with transaction.atomic():
        documents = Document.objects.select_for_update().filter(service_user=service_user)
        for document in documents:
            removed += document.remove_file(by=by, action=DocumentEvent.Action.ANONYMISED, note="")
        documents.exclude(title="").update(title="", original_name="")
    return {str(_("document files removed")): removed}
