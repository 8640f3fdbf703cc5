"""Where document files live: Django's storage API, never a public URL.

By default files go to a private directory on disk (`BOPS_DOCUMENTS_ROOT`,
outside STATIC and MEDIA). An installation sets `STORAGES["documents"]` to
use another backend, e.g. an S3-compatible store with django-storages:

    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "bops-documents", "endpoint_url": "https://...",
                    "default_acl": "private", "querystring_auth": True},
    }

Either way the files are only ever read through `documents.views`, which
checks access first.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


def documents_storage() -> Storage:
    if "documents" in settings.STORAGES:
        return storages["documents"]
    # base_url=None: the storage can hand out no URL at all.
    return FileSystemStorage(location=settings.BOPS_DOCUMENTS_ROOT, base_url=None)
