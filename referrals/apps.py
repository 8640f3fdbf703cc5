from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from bops import access
        from bops.panels import panels
        from municipalities.hooks import anonymisation_blockers, demo_steps, person_left
        from municipalities.visibility import assessment_sources, person_sources
        from referrals import dashboards, demo, follow_up_demo, follow_up_panels
        from referrals.anonymisation import open_referrals
        from referrals.person_left import close_open_referrals
        from referrals.visibility import (
            assessments_sent_with_referrals,
            people_seen_through_referrals,
        )

        person_sources.register(people_seen_through_referrals, order=20)
        assessment_sources.register(assessments_sent_with_referrals, order=20)
        anonymisation_blockers.register(open_referrals, order=20)
        demo_steps.register(demo.seed, order=20)
        demo_steps.register(follow_up_demo.seed, order=25)
        person_left.register(close_open_referrals, order=20)
        panels.register(dashboards.coordinator_referrals, section=access.COORDINATOR, order=20)
        panels.register(dashboards.intake_context, section=access.INTAKE, order=20)
        panels.register(follow_up_panels.coordinator_notices, section=access.COORDINATOR, order=5)
        panels.register(follow_up_panels.writer_recommendations, section=access.INTAKE, order=30)
        panels.register(dashboards.residence_referrals, section=access.RESIDENCE_LEAD, order=20)
