from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "capacity"
    verbose_name = _("Shared residence")

    def ready(self):
        from capacity.intake import application_from_referral
        from referrals import hooks

        # Accepting an admission referral to a residence puts the person on its waiting list.
        hooks.on_accepted.register(application_from_referral)
