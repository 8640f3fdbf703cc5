from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from municipalities.hooks import anonymiser
        from privacy.anonymise import anonymise

        anonymiser.register(anonymise)
