from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Measures and agreements")

    def ready(self):
        from catalogue.flows import agreement_box, route_by_measure
        from catalogue.models import Agreement
        from documents.parents import register_parent
        from referrals.hooks import agreement_for_flow, route_via_catalogue

        agreement_for_flow.register(agreement_box)
        route_via_catalogue.register(route_by_measure)
        # An agreement carries the agreement document itself; it names no person.
        register_parent("agreement", Agreement, person_field=None)
