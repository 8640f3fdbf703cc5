from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The council report capability: its jobs and their stored PDFs."""

    name = "bops.reports"
    label = "reports"  # stays when the package moves; the migrations keep it
    verbose_name = _("Council report")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bops import metrics
        from bops.reports.metrics import ReportJobCollector

        metrics.register_collector(ReportJobCollector())
