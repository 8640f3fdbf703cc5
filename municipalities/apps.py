from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities and service users")

    def ready(self):
        from bops import access
        from bops.panels import panels
        from bops.security import token_cache
        from municipalities import demo
        from municipalities.hooks import anonymisation_blockers, demo_steps
        from municipalities.models import PrivatePurchase
        from municipalities.models.organisations import (
            Membership,
            Municipality,
            Organisation,
            grant_rows,
        )
        from municipalities.plans import demo as plans_demo
        from municipalities.plans.dashboards import coordinator_plans_context

        access.membership_loader.register(grant_rows)
        # A user's grants are made from these rows: a change makes the API
        # tokens kept with their grants stale (bops/security/token_cache.py).
        for model in (Membership, Organisation, Municipality):
            for signal in (post_save, post_delete):
                signal.connect(token_cache.forget_all_grants, sender=model)
        anonymisation_blockers.register(PrivatePurchase.anonymisation_blockers)
        demo_steps.register(demo.seed, order=10)
        # Plans are seeded last: their measures point to the demo's referrals and stays.
        demo_steps.register(plans_demo.seed, order=40)
        panels.register(coordinator_plans_context, section=access.COORDINATOR, order=15)
