from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities and service users")

    def ready(self):
        from bops import access
        from bops.panels import panels
        from municipalities import demo
        from municipalities.hooks import anonymisation_blockers, demo_steps
        from municipalities.models import PrivatePurchase
        from municipalities.models.organisations import grant_rows
        from municipalities.plans import demo as plans_demo
        from municipalities.plans.dashboards import coordinator_plans_context

        access.membership_loader.register(grant_rows)
        anonymisation_blockers.register(PrivatePurchase.anonymisation_blockers)
        demo_steps.register(demo.seed, order=10)
        # Plans are seeded last: their measures point to the demo's referrals and stays.
        demo_steps.register(plans_demo.seed, order=40)
        panels.register(coordinator_plans_context, section=access.COORDINATOR, order=15)
