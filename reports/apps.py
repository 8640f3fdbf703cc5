from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The council report capability: the report, its jobs and their stored PDFs."""

    name = "reports"
    verbose_name = _("Council report")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bops import metrics
        from reports.metrics import ReportJobCollector

        metrics.register_collector(ReportJobCollector())
