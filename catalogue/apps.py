from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Measures and agreements")

    def ready(self):
        from bops import access
        from bops.panels import panels
        from catalogue import demo
        from catalogue.dashboards import agreements_review_panel
        from catalogue.flows import agreement_box, route_by_measure
        from catalogue.models import Agreement
        from documents.parents import register_parent
        from municipalities.hooks import demo_steps
        from referrals.hooks import agreement_for_flow, route_via_catalogue

        agreement_for_flow.register(agreement_box)
        route_via_catalogue.register(route_by_measure)
        demo_steps.register(demo.seed, order=40)
        # The same panel for every role that may answer for an agreement; the
        # template is included once at the end of the dashboard (home.html).
        for section in (access.COORDINATOR, access.INTAKE, access.RESIDENCE_LEAD):
            panels.register(agreements_review_panel(section), section=section, order=90)
        # An agreement carries the agreement document itself; it names no person.
        register_parent("agreement", Agreement, person_field=None)
