from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

BLANK_CHOICE_LABEL = _("Choose …")


class BopsConfig(AppConfig):
    name = "bops"
    verbose_name = _("BOPS")

    def ready(self):
        from django.db.models import fields

        from bops import metrics
        from bops.security import (
            sessions,  # noqa: F401 - connects the login stamp
            tokens,  # noqa: F401 - ends tokens on password change
        )

        # One translated placeholder for every empty choice (Django's default is
        # an English "- Select an option -"; django-filter's is set in settings).
        fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL
        metrics.register_core_collectors()
