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

# The second factor is off in the suite; tests that need it switch it on.
BOPS_REQUIRE_2FA = False

# django-axes refuses authenticate() calls without a request, which the test
# client's login() makes; the lockout tests switch it on (tests/bops/test_lockout.py).
AXES_ENABLED = False
WHITENOISE_AUTOREFRESH = True  # tests run without collectstatic

# The suite makes many API calls quickly as a few users: rates it never
# reaches. tests/bops/test_throttling.py sets low ones.
BOPS_API_RATES = {"user": "100000/minute", "write": "100000/minute", "token": "100000/minute"}
