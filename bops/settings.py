"""BOPS settings, read from the environment (12-factor).

Only DATABASE_URL, SECRET_KEY, DEBUG and ALLOWED_HOSTS are needed to run; the
default database is an SQLite file so the quick start needs no server.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from bops.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


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
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "bops.third_party_apps.AxesConfig",  # axes, with a translated name
    "django_otp",
    "bops.third_party_apps.TOTPConfig",  # django_otp.plugins.otp_totp, with a translated name
    "django_prometheus",
    "bops",
    "municipalities",
    "referrals",
    "capacity",
    # Capabilities that read several domain apps (above them in the layers).
    "documents",
    "catalogue",
    "reports",
    "privacy",
    "scale",
    "dashboards",
    "fhir_api",
]

MIDDLEWARE = [
    # First: the request id and the one log line per request (bops/logs.py).
    "bops.logs.RequestLogMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
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
    "municipalities.plans.owner.PlanOwnerOnlyMiddleware",
    # A wall screen login reaches its wall screen only (capacity/board.py).
    "capacity.board.BoardOnlyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, so it turns a lockout flagged anywhere below into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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
# The same engines, counting queries and their errors for /metrics.
_METRIC_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
# Behind PgBouncer in transaction mode (docs/running-at-scale.md): a server-side
# cursor cannot outlive the transaction the pooler gave it, so turn them off.
if os.environ.get("DB_DISABLE_SERVER_SIDE_CURSORS", "").lower() in ("1", "true", "yes"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES["default"]["ENGINE"] = _METRIC_ENGINES.get(
    DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"]
)
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
# The catalogue and documents apps keep their own catalogues; listed here so the
# test session compiles them when stale, as it does the project's.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "catalogue" / "locale",
    BASE_DIR / "documents" / "locale",
]
# dd.mm.yyyy in all three languages (bops/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["bops.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files (the council report PDFs). Never served as static files: the
# report job page serves each one to those who may read it.
MEDIA_ROOT = Path(os.environ.get("BOPS_MEDIA_ROOT", BASE_DIR / "media"))
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
        # Hashed tokens with an expiry; `Authorization: Token <key>` as before.
        "bops.security.tokens.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON nested deeper than BOPS_API_MAX_JSON_DEPTH is a 400 (bops/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "bops.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # The same JSON as DRF's renderer, written by orjson (bops/renderers.py).
    "DEFAULT_RENDERER_CLASSES": [
        "bops.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "bops.pagination.CountLightPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Domain errors (bops/errors.py) and model validation as JSON with their status.
    "EXCEPTION_HANDLER": "bops.errors.api_exception_handler",
    # Rates in BOPS_API_RATES below; the token endpoint has its own.
    "DEFAULT_THROTTLE_CLASSES": [
        "bops.throttles.UserRateThrottle",
        "bops.throttles.WriteRateThrottle",
    ],
}

# The deepest JSON the API parses; no BOPS request needs more than three levels.
BOPS_API_MAX_JSON_DEPTH = int(os.environ.get("BOPS_API_MAX_JSON_DEPTH", "8"))

# The default cache holds the API rate-limit counts (bops/throttles.py). With
# BOPS_CACHE_URL (or REDIS_URL) set to a redis:// URL it is Redis, shared by
# every gunicorn and Celery process on every machine, so a limit holds across
# them; without, each process counts on its own in local memory (the quick
# start). Use a Redis database of its own, not the broker's (e.g. /1 beside /0).
_CACHE_URL = os.environ.get("BOPS_CACHE_URL") or os.environ.get("REDIS_URL", "")
if _CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": "bops",
            # A Redis that does not answer fails the request in a second, not 30.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# API rate limits (bops/throttles.py): "<count>/<second|minute|hour|day>".
# Beyond them the API answers 429 with Retry-After. Kept in the default cache,
# which must be shared between server processes for the limits to be exact:
# see CACHES below.
BOPS_API_RATES = {
    # Every request of one user (or one address when anonymous).
    "user": os.environ.get("BOPS_API_RATE_USER", "3000/hour"),
    # Creates, changes and deletes of one user.
    "write": os.environ.get("BOPS_API_RATE_WRITE", "600/hour"),
    # Token requests from one address, before the password is checked.
    "token": os.environ.get("BOPS_API_RATE_TOKEN", "10/minute"),
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
        "IndividualPlanStatusEnum": "municipalities.models.IndividualPlan.Status",
        "PlanGoalStatusEnum": "municipalities.models.Goal.Status",
        "PlanMeasureStatusEnum": "municipalities.models.Measure.Status",
        "PlanParticipantRoleEnum": "municipalities.models.Participant.Role",
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
# Django 6.0 reads the older single-backend settings; give it the same choice.
EMAIL_BACKEND = MAILERS["default"]["BACKEND"]
if _smtp["BACKEND"] == EMAIL_BACKEND:
    EMAIL_HOST = _smtp["OPTIONS"]["host"]
    EMAIL_PORT = _smtp["OPTIONS"]["port"]
    EMAIL_HOST_USER = _smtp["OPTIONS"]["username"]
    EMAIL_HOST_PASSWORD = _smtp["OPTIONS"]["password"]
    EMAIL_USE_TLS = _smtp["OPTIONS"]["use_tls"]
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "bops@localhost")
# Where BOPS is reached from outside: mails carry absolute links to it.
SITE_URL = os.environ.get("BOPS_SITE_URL", "http://localhost:8000").rstrip("/")

# django-filter's empty choice: the same translated placeholder as the forms
# (bops/apps.py sets Django's).
FILTERS_EMPTY_CHOICE_LABEL = _("Choose …")

# Synthetic identity numbers (month + 80) are for demo and test data only.
BOPS_ALLOW_SYNTHETIC_IDS = env_bool("BOPS_ALLOW_SYNTHETIC_IDS", False)

# --- Security: bops/settings_security.py (see docs/security.md) -------------
from bops.settings_security import *  # noqa: E402,F403

# Second factor (TOTP) for everyone whose role shows personal data.
BOPS_REQUIRE_2FA = env_bool("BOPS_REQUIRE_2FA", not DEBUG)

# One JSON object per line on standard error, each with its request id
# (bops/logs.py). BOPS_LOG_FORMAT=text gives plain lines for a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "bops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if os.environ.get("BOPS_LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; only its problems matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Our request line replaces runserver's and Django's own request lines,
        # which print the path (and so the ids in it).
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "celery.app.trace": {"level": "WARNING"},
        # Its "received" line prints the task's arguments (mail subjects and addresses).
        "celery.worker.strategy": {"level": "WARNING"},
    },
}

# Council report: counts from 1 to this number minus one print as "<5".
BOPS_SUPPRESSION_THRESHOLD = int(os.environ.get("BOPS_SUPPRESSION_THRESHOLD", "5"))

# Documents (documents/): private files, served only through a view that checks
# access. STORAGES["documents"] may name another backend (documents/storage.py).
BOPS_DOCUMENTS_ROOT = Path(os.environ.get("BOPS_DOCUMENTS_ROOT", BASE_DIR / "private-documents"))
BOPS_DOCUMENT_MAX_BYTES = int(os.environ.get("BOPS_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
BOPS_DOCUMENT_RETENTION_DAYS = int(os.environ.get("BOPS_DOCUMENT_RETENTION_DAYS", "90"))
# A person's data export and access log as PDF (privacy/jobs.py) are stored for
# download this many days, then deleted with their job.
BOPS_EXPORT_KEEP_DAYS = int(os.environ.get("BOPS_EXPORT_KEEP_DAYS", "7"))

# --- Work off the request path: bops/settings_jobs.py (Celery, schedules) ---
from bops.settings_jobs import *  # noqa: E402,F403

CELERY_TIMEZONE = TIME_ZONE

# --- Operations: health and metrics -------------------------------------------
# /metrics answers loopback, or anyone sending "Authorization: Bearer <token>".
BOPS_METRICS_TOKEN = os.environ.get("BOPS_METRICS_TOKEN", "")
PROMETHEUS_EXPORT_MIGRATIONS = False
