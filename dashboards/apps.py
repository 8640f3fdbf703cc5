from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from bops import access
        from bops.panels import panels
        from dashboards.sections import coordinator_context

        # The coordinator's own people come first; referrals and the
        # residence add their panels after it (orders 20 and 30).
        panels.register(coordinator_context, section=access.COORDINATOR, order=10)
