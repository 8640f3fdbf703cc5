"""What an uploaded file must be: PDF, PNG or JPEG by its content (not its
name), no larger than `BOPS_DOCUMENT_MAX_BYTES` (10 MB by default)."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: Detected MIME type -> the extension the file is stored and served with.
ALLOWED = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
}


def check_upload(upload) -> str:
    """The file's real MIME type, or a ValidationError saying what is wrong."""
    limit = settings.BOPS_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            _("Only PDF, PNG and JPEG files can be attached; this file is not one of them."),
            code="file_type",
        )
    return kind.mime
