from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "capacity"
    verbose_name = _("Shared residence")

    def ready(self):
        from capacity.plan_access import residents_now
        from municipalities.plans.querysets import plan_viewer_sources

        plan_viewer_sources.register(residents_now)
