"""Login hardening: the second factor (TOTP) and the API token rules.

Lockout after failed logins is django-axes (settings), the access log is
bops/audit.py, headers and sessions are settings; this package holds the
parts that are code.
"""

from django.conf import settings

from bops import access


def needs_second_factor(user) -> bool:
    """Whether this user's role shows personal data, so a second factor is
    required when `BOPS_REQUIRE_2FA` is on. Council readers see aggregates
    only and are not forced."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return access.has_role(user, *access.ROLES_SEEING_PEOPLE)


def second_factor_required(user) -> bool:
    return bool(getattr(settings, "BOPS_REQUIRE_2FA", False)) and needs_second_factor(user)
