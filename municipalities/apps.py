from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities and service users")

    def ready(self):
        from bops import access
        from municipalities import demo
        from municipalities.hooks import anonymisation_blockers, demo_steps
        from municipalities.models import PrivatePurchase
        from municipalities.models.organisations import grant_rows

        access.membership_loader.register(grant_rows)
        anonymisation_blockers.register(PrivatePurchase.anonymisation_blockers)
        demo_steps.register(demo.seed, order=10)
