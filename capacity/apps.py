from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "capacity"
    verbose_name = _("Shared residence")

    def ready(self):
        from bops import access
        from bops.panels import panels
        from capacity import dashboards, demo
        from capacity.anonymisation import ongoing_stay, open_applications
        from capacity.intake import application_from_referral
        from capacity.person_left import close_open_applications
        from capacity.plan_access import residents_now
        from capacity.visibility import people_seen_through_residence
        from municipalities.hooks import anonymisation_blockers, demo_steps, person_left
        from municipalities.plans.querysets import plan_viewer_sources
        from municipalities.visibility import person_sources
        from referrals import hooks

        person_sources.register(people_seen_through_residence, order=30)
        anonymisation_blockers.register(ongoing_stay, order=30)
        anonymisation_blockers.register(open_applications, order=31)
        demo_steps.register(demo.seed, order=30)
        person_left.register(close_open_applications, order=30)
        panels.register(
            dashboards.coordinator_applications_context, section=access.COORDINATOR, order=30
        )
        panels.register(dashboards.residence_lead_context, section=access.RESIDENCE_LEAD, order=30)
        plan_viewer_sources.register(residents_now)
        # Accepting an admission referral to a residence puts the person on its waiting list.
        hooks.on_accepted.register(application_from_referral)
