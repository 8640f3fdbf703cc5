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

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk under `BOPS_DOCUMENTS_ROOT` (read when used, so a test
    or a deployment can move it), with no URL at all: `url()` refuses."""

    @property
    def base_location(self):
        return str(settings.BOPS_DOCUMENTS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def documents_storage() -> Storage:
    if "documents" in settings.STORAGES:
        return storages["documents"]
    return PrivateFileSystemStorage()
