from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BopsConfig(AppConfig):
    name = "bops"
    verbose_name = _("BOPS")

    def ready(self):
        from bops import metrics
        from bops.security import (
            sessions,  # noqa: F401 - connects the login stamp
            tokens,  # noqa: F401 - ends tokens on password change
        )

        metrics.register_core_collectors()
