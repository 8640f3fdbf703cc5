"""Settings for the test suite: the same as production, with test conveniences."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from bops.settings import *  # noqa: E402,F403

BOPS_ALLOW_SYNTHETIC_IDS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
EMAIL_BACKEND = MAILERS["default"]["BACKEND"]
# A Celery worker started by the job tests (tests/jobs/) writes its mail as files
# the test can count, into the test database's own media folder.
if os.environ.get("BOPS_TEST_MAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["BOPS_TEST_MAIL_DIR"]
    MAILERS = {"default": {"BACKEND": EMAIL_BACKEND}}
# Stored PDFs of the run go to a folder of its own (a worker started by the job
# tests is given the same one).
MEDIA_ROOT = os.environ.get("BOPS_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="bops-test-media-")
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

# Each test process counts in its own memory, whatever REDIS_URL the shell has;
# tests/bops/test_shared_cache.py points it at Redis (BOPS_TEST_CACHE_URL for
# the second process it starts).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("BOPS_TEST_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BOPS_TEST_CACHE_URL"],
            "KEY_PREFIX": "bops-test",
        }
    }

# The suite makes many API calls quickly as a few users: rates it never
# reaches. tests/bops/test_throttling.py sets low ones.
BOPS_API_RATES = {"user": "100000/minute", "write": "100000/minute", "token": "100000/minute"}
