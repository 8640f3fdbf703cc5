"""Settings for the test suite: the same as production, with test conveniences."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from bops.settings import *  # noqa: E402,F403

BOPS_ALLOW_SYNTHETIC_IDS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
