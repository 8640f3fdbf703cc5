"""Tasks of the project core, where Celery's autodiscovery looks for them.

The mail task is defined beside the record of sent mail (bops/mail.py), so
`mail.send()` can queue it without the two modules importing each other."""

from bops.mail import send_mail

__all__ = ["send_mail"]
