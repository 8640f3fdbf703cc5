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
        from catalogue.flows import agreement_box, notice_agreements, route_by_measure
        from catalogue.models import Agreement
        from catalogue.plan_links import add_entry_field, api_fields, save_entry
        from documents.parents import register_parent
        from municipalities.hooks import (
            demo_steps,
            plan_measure_api_fields,
            plan_measure_fields,
            plan_measure_saved,
        )
        from referrals import hooks as referral_hooks
        from referrals.hooks import agreement_for_flow, route_via_catalogue

        agreement_for_flow.register(agreement_box)
        route_via_catalogue.register(route_by_measure)
        # A notice shows the routine that governs it.
        referral_hooks.notice_agreements.register(notice_agreements)
        demo_steps.register(demo.seed, order=40)
        # After the plans' demo (order 40 too, an earlier app) and the catalogue's.
        demo_steps.register(demo.link_plan_measures, order=45)
        # A measure in an individual plan may name the shared measure it uses.
        plan_measure_fields.register(add_entry_field)
        plan_measure_saved.register(save_entry)
        plan_measure_api_fields.register(api_fields)
        # The same panel for every role that may answer for an agreement; the
        # template is included once at the end of the dashboard (home.html).
        for section in (access.COORDINATOR, access.INTAKE, access.RESIDENCE_LEAD):
            panels.register(agreements_review_panel(section), section=section, order=90)
        # An agreement carries the agreement document itself; it names no person.
        register_parent("agreement", Agreement, person_field=None)
