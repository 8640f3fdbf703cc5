"""Daily digest: per receiving unit, the referrals overdue or due within two
working days; per coordinator's service, the individual plans whose
evaluation is overdue (plan number and date only). Printed, and mailed to each unit's members. Run it from cron
once a working day: Celery beat runs it (referrals.tasks.referral_digest), or
`python manage.py referral_digest`. Each unit gets one digest a day, however
often it runs (bops/mail.py)."""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from bops import mail
from bops.formats import format_date
from municipalities.models import IndividualPlan, Membership
from referrals import clock
from referrals.models import Referral
from referrals.notifications import member_addresses


class Command(BaseCommand):
    help = "List referrals overdue or due soon per receiving unit and mail each unit."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help="Working days ahead (2).")
        parser.add_argument("--no-mail", action="store_true", help="Print only.")

    def handle(self, *args, days: int, no_mail: bool, **options):
        today = clock.today()
        per_unit: dict = defaultdict(lambda: {"overdue": [], "due_soon": [], "evaluations": []})
        base = Referral.objects.select_related("receiver").order_by("assessment_deadline", "pk")
        for referral in base.overdue(on=today):
            per_unit[referral.receiver]["overdue"].append(referral)
        for referral in base.due_soon(days=days, on=today):
            per_unit[referral.receiver]["due_soon"].append(referral)
        for unit, plan in overdue_evaluations_per_service(today):
            per_unit[unit]["evaluations"].append(plan)
        if not per_unit:
            self.stdout.write(_("No referrals overdue or due soon."))
            return
        mailed = 0
        for unit in sorted(per_unit, key=lambda o: o.name):
            lists = per_unit[unit]
            text = self._unit_text(unit, lists["overdue"], lists["due_soon"], lists["evaluations"])
            self.stdout.write(text)
            recipients = member_addresses(unit)
            if not no_mail and recipients:
                mail.send(
                    f"digest-{today:%Y-%m-%d}-org-{unit.pk}",
                    _("[BOPS] Referral digest for %(unit)s, %(day)s")
                    % {"unit": unit.name, "day": format_date(today)},
                    text,
                    recipients,
                )
                mailed += 1
        self.stdout.write(_("Mailed %(count)s unit(s).") % {"count": mailed})

    def _unit_text(self, unit, overdue, due_soon, evaluations=()) -> str:
        # Numbers, dates and statuses only: no names in mail.
        if overdue or due_soon or not evaluations:
            header = _("%(unit)s: %(overdue)s overdue, %(soon)s due soon") % {
                "unit": unit.name,
                "overdue": len(overdue),
                "soon": len(due_soon),
            }
        else:
            header = f"{unit.name}:"
        lines = [header]
        for label, referrals in ((_("overdue"), overdue), (_("due soon"), due_soon)):
            for r in referrals:
                lines.append(
                    f"  {label:<12} #{r.pk:<6} {format_date(r.assessment_deadline)}  "
                    f"{r.get_status_display()}, {r.get_urgency_display()}"
                )
        if evaluations:
            lines.append(_("%(count)s plan evaluation(s) overdue") % {"count": len(evaluations)})
        for plan in evaluations:
            lines.append(
                "  "
                + _("evaluation of plan #%(number)s was due %(day)s")
                % {"number": plan.pk, "day": format_date(plan.next_evaluation)}
            )
        return "\n".join(lines)


def overdue_evaluations_per_service(today) -> list[tuple]:
    """(service, plan) for each plan in force whose evaluation is overdue:
    the service where its coordinator is a coordinator in the person's home
    municipality. A plan without a coordinator goes nowhere (the person page
    shows it)."""
    plans = (
        IndividualPlan.objects.overdue_evaluations(today)
        .filter(coordinator__isnull=False)
        .select_related("service_user")
        .order_by("next_evaluation", "pk")
    )
    memberships = Membership.objects.filter(
        user_id__in={p.coordinator_id for p in plans},
        role=Membership.Role.COORDINATOR,
    ).select_related("organisation")
    services: dict = {}
    for m in memberships.order_by("pk"):
        key = (m.user_id, m.organisation.municipality_id)
        services.setdefault(key, m.organisation)
    result = []
    for plan in plans:
        service = services.get((plan.coordinator_id, plan.service_user.home_municipality_id))
        if service is not None:
            result.append((service, plan))
    return result
