"""Models owned by the project app: the access log lives in bops/audit.py."""

from bops.audit import AccessLog
from bops.language import LanguagePreference

__all__ = ["AccessLog", "LanguagePreference"]
