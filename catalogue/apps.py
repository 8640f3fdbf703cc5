from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Measures and agreements")

    def ready(self):
        from catalogue.flows import agreement_box
        from catalogue.models import Agreement
        from documents.parents import register_parent
        from referrals.hooks import agreement_for_flow

        agreement_for_flow.register(agreement_box)
        # An agreement carries the agreement document itself; it names no person.
        register_parent("agreement", Agreement, person_field=None)
