"""The individual plan's append-only history (who changed status, goals,
measures or participants, before and after) and the anonymisation of a
person's plans, which clears their free text and redacts that history."""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models.plan_goals import CrisisPlan, Evaluation, Goal, Measure, ProgressNote
from municipalities.models.plan_groups import ActionItem, Meeting, Participant
from municipalities.models.plans import IndividualPlan, PlanOwnerLogin
from municipalities.plans.querysets import AppendOnlyError, HistoryQuerySet


class PlanHistory(models.Model):
    """One change to a plan's status, goals, measures or participants: who,
    when, before and after. Never edited, never deleted (a trigger on
    PostgreSQL refuses it too, migration 0004)."""

    class Subject(models.TextChoices):
        STATUS = "status", _("status")
        PLAN = "plan", _("plan")
        GOAL = "goal", _("goal")
        MEASURE = "measure", _("measure")
        PARTICIPANT = "participant", _("participant")

    plan = models.ForeignKey(
        IndividualPlan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        related_name="history",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("what"), max_length=20, choices=Subject.choices)
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "at", "pk"]
        verbose_name = _("plan history entry")
        verbose_name_plural = _("plan history")

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.subject}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Plan history cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Plan history cannot be deleted."))

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        return [
            (key, before.get(key), after.get(key))
            for key in sorted({*before, *after})
            if before.get(key) != after.get(key)
        ]


ANONYMISED_TEXT = "[anonymisert]"
# Kept in a redacted history row: what the statistics and the timeline need.
HISTORY_KEPT_KEYS = {"status", "domain", "role"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")


def _free_text_fields(model) -> list:
    """Text and char fields without choices: what a person may have written."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    ]


def _clear(queryset) -> int:
    """Blank every free-text field of the rows (a required one gets the
    placeholder, and so does a filled-in one where the row needs it)."""
    fields = {f.name: "" if f.blank else ANONYMISED_TEXT for f in _free_text_fields(queryset.model)}
    return queryset.update(**fields) if fields and queryset.exists() else 0


def _redacted(snapshot):
    if not isinstance(snapshot, dict):
        return snapshot
    return {
        key: value
        if value is None
        or not isinstance(value, str)
        or key in HISTORY_KEPT_KEYS
        or key.endswith("_id")
        or ISO_DATE.match(value)
        else ANONYMISED_TEXT
        for key, value in snapshot.items()
    }


def redact_history(plans) -> int:
    """Replace the free text in `before` and `after` of the plans' history
    (kept: status, domain, role, ids and dates). The history is append-only;
    on PostgreSQL its trigger lets this one kind of update through when the
    transaction says so (migration 0009), and the setting ends with the
    transaction. Runs inside the anonymisation's transaction.

    On PostgreSQL the application role has no UPDATE on the history: the
    SECURITY DEFINER function of migration 0012 does the same redaction in
    SQL with the owner's rights, and the trigger accepts nothing else."""
    if connection.vendor == "postgresql":
        people = set(plans.values_list("service_user_id", flat=True))
        with connection.cursor() as cursor:
            changed_rows = 0
            for person in sorted(people):
                cursor.execute("SELECT municipalities_redact_plan_history(%s)", [person])
                changed_rows += cursor.fetchone()[0]
        return changed_rows
    rows = list(PlanHistory.objects.filter(plan__in=plans).values_list("pk", "before", "after"))
    changed = [
        (_redacted(before), _redacted(after), pk)
        for pk, before, after in rows
        if (_redacted(before), _redacted(after)) != (before, after)
    ]
    if not changed:
        return 0
    table = connection.ops.quote_name(PlanHistory._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('bops.redact_plan_history', 'on', true)")
        cursor.executemany(
            f"UPDATE {table} SET before = %s, after = %s WHERE id = %s",
            [
                (
                    None if before is None else json.dumps(before),
                    None if after is None else json.dumps(after),
                    pk,
                )
                for before, after, pk in changed
            ],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('bops.redact_plan_history', 'off', true)")
    return len(changed)


def anonymise_plans(service_user) -> int:
    """Clear the free text of the person's plans: the owner statement,
    refusal reason and proposed group, goals and progress notes, measures
    (with contact names and phones), the crisis plan, evaluations, the
    participants' names and phones, meetings (place, agenda, minutes) and
    their decisions, and the history's before and after. The person's own
    logins to the plan go, and their user accounts are closed and emptied.
    Statuses, domains, roles and dates stay, so every count stays the same.
    Returns the number of plans."""
    plans = IndividualPlan.objects.filter(service_user=service_user)
    if not plans.exists():
        return 0
    with transaction.atomic():
        _clear(plans)
        _clear(Goal.objects.filter(plan__in=plans))
        _clear(ProgressNote.objects.filter(goal__plan__in=plans))
        _clear(Measure.objects.filter(plan__in=plans))
        _clear(CrisisPlan.objects.filter(plan__in=plans))
        _clear(Evaluation.objects.filter(plan__in=plans))
        # A participant outside BOPS is known by name only: keep a placeholder.
        participants = Participant.objects.filter(plan__in=plans)
        participants.exclude(name="").update(name=ANONYMISED_TEXT)
        participants.update(phone="")
        _clear(Meeting.objects.filter(plan__in=plans))
        _clear(ActionItem.objects.filter(meeting__plan__in=plans))
        redact_history(plans)
        logins = PlanOwnerLogin.objects.filter(plan__in=plans)
        user_ids = list(logins.values_list("user_id", flat=True))
        logins.delete()
        for user in get_user_model().objects.filter(pk__in=user_ids):
            user.username = f"anonymised-plan-owner-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
        return plans.count()
