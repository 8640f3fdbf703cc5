from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from documents.parents import register_parent
        from municipalities.models import IndividualPlan
        from referrals.models import Referral

        # A referral (and a return, which is a referral of kind return).
        register_parent("referral", Referral, person_field="service_user")
        # An individual plan: seen and changed by those who see and change the plan.
        register_parent("plan", IndividualPlan, person_field="service_user")
