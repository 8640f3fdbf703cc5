"""BOPS settings, read from the environment (12-factor).

Only DATABASE_URL, SECRET_KEY, DEBUG and ALLOWED_HOSTS are needed to run; the
default database is an SQLite file so the quick start needs no server.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when DEBUG is off. "
            "For local development run with DEBUG=1 (make run does this)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # the stays exclusion constraint (skipped on SQLite)
    "rest_framework",
    "rest_framework.authtoken",  # named in Nynorsk by bops/apps.py (ready)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "bops.third_party_apps.AxesConfig",  # axes, with a translated name
    "django_otp",
    "bops.third_party_apps.TOTPConfig",  # django_otp.plugins.otp_totp, with a translated name
    "csp",
    "bops",
    "municipalities",
    "referrals",
    "capacity",
    # Capabilities that read several domain apps (above them in the layers).
    "reports",
    "privacy",
    "scale",
    "dashboards",
    "fhir_api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bops.security.sessions.RefreshIdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nynorsk until the user chooses; never the browser's Accept-Language.
    "bops.language.LanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "bops.security.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it turns a lockout flagged anywhere below into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Axes first: it refuses a locked-out user before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "bops.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "bops.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'bops.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Nynorsk first: the region writes Nynorsk.
LANGUAGE_CODE = "nn"
LANGUAGES = [("nn", _("Nynorsk")), ("nb", _("Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# dd.mm.yyyy in all three languages (bops/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["bops.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "bops.pagination.CountLightPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Domain errors (bops/errors.py) and model validation as JSON with their status.
    "EXCEPTION_HANDLER": "bops.errors.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "BOPS API",
    "DESCRIPTION": "Inter-municipal care planning: municipalities, referrals, the shared residence.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" and a "status": name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "ReferralStatusEnum": "referrals.choices.Status",
        "ReferralKindEnum": "referrals.choices.Kind",
        "OrganisationKindEnum": "municipalities.models.Organisation.Kind",
        "UnitKindEnum": "capacity.models.Unit.Kind",
        "ApplicationStatusEnum": "capacity.models.Application.Status",
    },
}

# Mail: the console in development, SMTP from the environment in production.
_smtp = {
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    },
}
MAILERS = {
    "default": {"BACKEND": os.environ["EMAIL_BACKEND"]}
    if os.environ.get("EMAIL_BACKEND")
    else _smtp
    if not DEBUG
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "bops@localhost")
# Links in mail are absolute: the address users open BOPS at.
BOPS_BASE_URL = os.environ.get("BOPS_BASE_URL", "http://127.0.0.1:8000")

# django-filter's empty choice: the same translated placeholder as the forms
# (bops/apps.py sets Django's).
FILTERS_EMPTY_CHOICE_LABEL = _("Choose …")

# Synthetic identity numbers (month + 80) are for demo and test data only.
BOPS_ALLOW_SYNTHETIC_IDS = env_bool("BOPS_ALLOW_SYNTHETIC_IDS", False)

# --- Security (see docs/security.md) ---------------------------------------
# Lockout: 5 failed logins for the same user name from the same address lock
# that pair out for 30 minutes; a successful login resets the count.
AXES_FAILURE_LIMIT = 5
AXES_VERBOSE = False
AXES_COOLOFF_TIME = timedelta(minutes=30)  # also named in security/lockout.html
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during the lock do not restart it: it lifts 30 minutes after the fifth
# failure, as the lockout page says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
# Behind a load balancer set AXES_IPWARE_META_PRECEDENCE_ORDER to the header it
# writes (e.g. HTTP_X_FORWARDED_FOR); the default trusts only REMOTE_ADDR.
if os.environ.get("BOPS_CLIENT_IP_HEADER"):
    AXES_IPWARE_META_PRECEDENCE_ORDER = [os.environ["BOPS_CLIENT_IP_HEADER"], "REMOTE_ADDR"]

# Second factor (TOTP) for everyone whose role shows personal data.
BOPS_REQUIRE_2FA = env_bool("BOPS_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "BOPS"

# Idle sessions end after 30 minutes: a request moves the expiry on, writing
# the session at most once a minute (bops/security/sessions.py).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS in production (BOPS_HTTPS=1): secure cookies, redirect, HSTS.
BOPS_HTTPS = env_bool("BOPS_HTTPS", False)
if BOPS_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("BOPS_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("BOPS_HSTS_PRELOAD", True)
    # Only behind a proxy that overwrites this header; never trust it otherwise.
    if env_bool("BOPS_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: only our own files, no inline script anywhere.
# The API docs use drf-spectacular's split Swagger view, whose start-up script
# is a separate file, and the sidecar's bundled files from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; only its problems matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Council report: counts from 1 to this number minus one print as "<5".
BOPS_SUPPRESSION_THRESHOLD = int(os.environ.get("BOPS_SUPPRESSION_THRESHOLD", "5"))
