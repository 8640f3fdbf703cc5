"""Models owned by the project app: the access log lives in bops/audit.py,
the record of sent mail in bops/mail.py."""

from bops.audit import AccessLog
from bops.language import LanguagePreference
from bops.mail import SentMail

__all__ = ["AccessLog", "LanguagePreference", "SentMail"]
