"""Scale data: documents attached to referrals, each with a real (small,
synthetic) PDF in the documents storage and its "uploaded" event, as
`Document.attach()` writes them (see `generate.Generator`).

One referral in a hundred carries an attachment from when it was sent; the
long back-and-forth ones (eight requests for information) one with every
fourth answer.
The files are written through the documents storage while the rows wait
for the transaction: a run that fails leaves its files behind (a later
`--replace` removes only the files of the rows it finds).
"""

from __future__ import annotations

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from documents.storage import documents_storage
from referrals.models import Referral

TITLES = [
    "Kartlegging (Brukerplan)",
    "Medisinliste",
    "Epikrise",
    "Tilleggsopplysningar frå kommunen",
]


def synthetic_pdf(title: str) -> bytes:
    """A valid, tiny PDF naming only the document's title (no personal data)."""
    text = title.encode("ascii", "replace").decode()
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        + f"% {text} (syntetisk skaladata)\n".encode()
        + b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


class DocumentsMixin:
    """Methods of `Generator`; they use its random generator, ids and `_copy`."""

    def _documents(self) -> None:
        rng, storage = self.rng, documents_storage()
        content_type = ContentType.objects.get_for_model(Referral).pk
        documents, events = [], []
        files = {title: synthetic_pdf(title) for title in TITLES}
        for referral, person, uploader, moments in self.document_parents:
            if uploader is None:
                continue
            for moment in moments:
                pk = self.ids.take("documents_document")
                title = rng.choice(TITLES)
                content = files[title]
                name = (
                    f"documents/{moment:%Y/%m}/"
                    f"{uuid.UUID(int=rng.getrandbits(128), version=4).hex}.pdf"
                )
                stored = storage.save(name, ContentFile(content))
                deleted = rng.random() < 0.02
                deleted_at = (
                    min(moment + datetime.timedelta(hours=1), self.now) if deleted else None
                )
                documents.append(
                    (
                        pk,
                        content_type,
                        referral,
                        person,
                        title,
                        stored,
                        f"{title}.pdf",
                        "application/pdf",
                        len(content),
                        uploader,
                        moment,
                        deleted_at,
                        uploader if deleted else None,
                        None,
                    )
                )
                events.append(
                    (self.ids.take("documents_documentevent"), pk, moment, uploader, "uploaded", "")
                )
                if deleted:
                    events.append(
                        (
                            self.ids.take("documents_documentevent"),
                            pk,
                            deleted_at,
                            uploader,
                            "deleted",
                            "Feil vedlegg.",
                        )
                    )
        self.document_parents = []
        self._copy(
            "documents",
            "documents_document",
            [
                "id",
                "content_type_id",
                "object_id",
                "service_user_id",
                "title",
                "stored_name",
                "original_name",
                "mime_type",
                "size",
                "uploaded_by_id",
                "uploaded_at",
                "deleted_at",
                "deleted_by_id",
                "file_removed_at",
            ],
            documents,
        )
        self._copy(
            "document events",
            "documents_documentevent",
            ["id", "document_id", "at", "by_id", "action", "note"],
            events,
        )
