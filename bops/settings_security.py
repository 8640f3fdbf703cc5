"""Security settings (docs/security.md): lockout, API tokens, the second
factor, sessions and cookies, HTTPS and the Content Security Policy.
Imported by bops/settings.py."""

import os
from datetime import timedelta

from django.utils.csp import CSP

from bops.env import env_bool

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

# API tokens (django-rest-knox, bops/security/tokens.py): stored as SHA-512
# digests, ended by a password change, deactivation or lockout, and expiring
# after BOPS_API_TOKEN_TTL_HOURS (a working day by default).
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=float(os.environ.get("BOPS_API_TOKEN_TTL_HOURS", "8"))),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

# A checked token and its grants are kept this many seconds in the default
# cache (bops/security/token_cache.py; 0: every request reads them).
BOPS_API_TOKEN_CACHE_SECONDS = float(os.environ.get("BOPS_API_TOKEN_CACHE_SECONDS", "10"))

# Second factor (TOTP) for everyone whose role shows personal data: the
# switch, BOPS_REQUIRE_2FA, is in settings.py (its default follows DEBUG).
OTP_TOTP_ISSUER = "BOPS"
# The admin never shows a device's secret or QR code: a user enrols their own
# device on /security/two-factor/enrol/.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

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
# Django's own CSP support (django.middleware.csp).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
