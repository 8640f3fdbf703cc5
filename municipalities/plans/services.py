"""Changes to a plan that leave history: each runs in one transaction, locks
the row it changes, checks the CHANGE scope inside the transaction and
writes one `PlanHistory` row (who, when, before, after).

Pages and API call these; nothing else sets a plan's status or saves a goal,
measure or participant.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bops import access
from bops.errors import Conflict, IllegalTransition, NotAllowed
from municipalities.models import (
    CrisisPlan,
    Goal,
    IndividualPlan,
    Measure,
    Participant,
    PlanHistory,
)

TRACKED = {
    Goal: ("text", "domain", "target_date", "status"),
    Measure: (
        "goal_id",
        "description",
        "responsible_organisation_id",
        "responsible_other",
        "contact_name",
        "start",
        "end",
        "scope",
        "status",
        "referral_id",
        "stay_id",
        "private_purchase_id",
    ),
    Participant: (
        "organisation_id",
        "user_id",
        "name",
        "role",
        "is_leader",
        "access_from",
        "access_until",
    ),
}
SUBJECT = {
    Goal: PlanHistory.Subject.GOAL,
    Measure: PlanHistory.Subject.MEASURE,
    Participant: PlanHistory.Subject.PARTICIPANT,
}


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def snapshot(instance) -> dict:
    return {name: _plain(getattr(instance, name)) for name in TRACKED[type(instance)]}


def _check_can_change(plan_id: int, by) -> IndividualPlan:
    """Lock the plan row and make sure the user may change it (inside the
    transaction, so a revoked access is seen)."""
    plan = IndividualPlan.objects.select_for_update().filter(pk=plan_id).first()
    if (
        plan is None
        or not IndividualPlan.objects.for_user(by, access.CHANGE).filter(pk=plan_id).exists()
    ):
        raise NotAllowed(_("You may see this plan but not change it."))
    return plan


def create_plan(*, service_user, by, coordinator=None, **fields) -> IndividualPlan:
    """A new plan (status requested unless given); the coordinator defaults
    to the user who creates it."""
    with transaction.atomic():
        plan = IndividualPlan(service_user=service_user, coordinator=coordinator or by, **fields)
        plan.full_clean()
        plan.save()
        if not IndividualPlan.objects.for_user(by, access.CHANGE).filter(pk=plan.pk).exists():
            raise NotAllowed(_("You may not make a plan for this person."))
        PlanHistory.objects.create(
            plan=plan,
            by=by,
            subject=PlanHistory.Subject.STATUS,
            object_id=plan.pk,
            before=None,
            after={"status": plan.status},
        )
    return plan


def update_plan(plan: IndividualPlan, *, by, fields: dict) -> IndividualPlan:
    """Change the plan's own fields (not its status); records what changed."""
    names = [n for n in fields if n != "status"]
    with transaction.atomic():
        current = _check_can_change(plan.pk, by)
        before = {
            n: _plain(getattr(current, n if n != "coordinator" else "coordinator_id"))
            for n in names
        }
        for name in names:
            setattr(plan, name, fields[name])
        plan.full_clean()
        plan.save(update_fields=[*names, "updated_at"])
        after = {
            n: _plain(getattr(plan, n if n != "coordinator" else "coordinator_id")) for n in names
        }
        if before != after:
            PlanHistory.objects.create(
                plan=plan,
                by=by,
                subject=PlanHistory.Subject.PLAN,
                object_id=plan.pk,
                before=before,
                after=after,
            )
    return plan


def change_status(
    plan: IndividualPlan,
    status: str,
    *,
    by,
    decision_date: datetime.date | None = None,
    refusal_reason: str = "",
) -> IndividualPlan:
    """Move the plan to `status` if its current status allows it. Granting
    or refusing is the decision: it takes its date (today if not given), and
    a refusal needs a reason."""
    with transaction.atomic():
        current = _check_can_change(plan.pk, by)
        if not current.can_move_to(status):
            raise IllegalTransition(
                _("A plan that is %(from)s cannot become %(to)s.")
                % {
                    "from": current.get_status_display(),
                    "to": IndividualPlan.Status(status).label,
                }
            )
        before = {"status": current.status}
        plan.status = status
        changed = ["status", "updated_at"]
        if status in (IndividualPlan.Status.GRANTED, IndividualPlan.Status.REFUSED):
            plan.decision_date = decision_date or timezone.localdate()
            changed.append("decision_date")
        if status == IndividualPlan.Status.REFUSED:
            if not refusal_reason.strip():
                raise ValidationError({"refusal_reason": _("A refusal needs a reason.")})
            plan.refusal_reason = refusal_reason.strip()
            changed.append("refusal_reason")
        plan.save(update_fields=changed)
        after = {"status": status}
        if "decision_date" in changed:
            after["decision_date"] = plan.decision_date.isoformat()
        if refusal_reason:
            after["refusal_reason"] = plan.refusal_reason
        PlanHistory.objects.create(
            plan=plan,
            by=by,
            subject=PlanHistory.Subject.STATUS,
            object_id=plan.pk,
            before=before,
            after=after,
        )
    return plan


def touch_plan(plan_id: int) -> None:
    """A change to a part is a change to the plan: its `updated_at` moves, so
    whoever syncs by it (the FHIR API's `_lastUpdated`) sees the change."""
    IndividualPlan.objects.filter(pk=plan_id).update(updated_at=timezone.now())


def save_part(instance, *, by, version: int | None = None):
    """Save a goal, measure or participant and record before and after.

    A goal carries a version: when `version` is given and the goal was saved
    by somebody else since it was read, nothing is saved and `Conflict` is
    raised (the caller keeps what was typed and shows the message)."""
    model = type(instance)
    with transaction.atomic():
        _check_can_change(instance.plan_id, by)
        before = None
        if instance.pk is not None:
            stored = model.objects.select_for_update().get(pk=instance.pk)
            if stored.plan_id != instance.plan_id:
                raise NotAllowed(_("A part of a plan cannot move to another plan."))
            if model is Goal and version is not None and stored.version != version:
                raise Conflict(
                    _(
                        "Somebody else saved this goal while you were editing it. "
                        "Your text is kept below; compare it with the saved goal and save again."
                    ),
                    code="stale_version",
                )
            before = snapshot(stored)
            if model is Goal:
                instance.version = stored.version + 1
        instance.full_clean()
        instance.save()
        after = snapshot(instance)
        if before != after:
            touch_plan(instance.plan_id)
            PlanHistory.objects.create(
                plan_id=instance.plan_id,
                by=by,
                subject=SUBJECT[model],
                object_id=instance.pk,
                before=before,
                after=after,
            )
    return instance


def delete_participant(participant: Participant, *, by) -> None:
    """Remove someone from the group (their access ends with it); recorded."""
    with transaction.atomic():
        _check_can_change(participant.plan_id, by)
        before = snapshot(participant)
        plan_id, pk = participant.plan_id, participant.pk
        participant.delete()
        touch_plan(plan_id)
        PlanHistory.objects.create(
            plan_id=plan_id,
            by=by,
            subject=PlanHistory.Subject.PARTICIPANT,
            object_id=pk,
            before=before,
            after=None,
        )


def save_crisis_plan(crisis_plan: CrisisPlan, *, by) -> CrisisPlan:
    """Save the crisis plan; its revision date becomes today."""
    with transaction.atomic():
        _check_can_change(crisis_plan.plan_id, by)
        crisis_plan.revised_on = timezone.localdate()
        crisis_plan.full_clean()
        crisis_plan.save()
        touch_plan(crisis_plan.plan_id)
    return crisis_plan
