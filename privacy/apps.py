from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from bops import metrics
        from municipalities.hooks import anonymiser
        from privacy.anonymise import anonymise
        from privacy.metrics import ExportJobCollector

        anonymiser.register(anonymise)
        metrics.register_collector(ExportJobCollector())
