"""Models owned by the project app: the access log lives in bops/audit.py."""

from bops.audit import AccessLog

__all__ = ["AccessLog"]
