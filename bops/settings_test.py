"""Settings for the test suite: the same as production, with test conveniences."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from bops.settings import *  # noqa: E402,F403

BOPS_ALLOW_SYNTHETIC_IDS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The second factor is off in the suite; tests that need it switch it on.
BOPS_REQUIRE_2FA = False

# django-axes refuses authenticate() calls without a request, which the test
# client's login() makes; the lockout tests switch it on (tests/bops/test_lockout.py).
AXES_ENABLED = False
WHITENOISE_AUTOREFRESH = True  # tests run without collectstatic

# Documents uploaded by tests go to a temporary directory, never the checkout.
BOPS_DOCUMENTS_ROOT = Path(tempfile.gettempdir()) / "bops-test-documents"
