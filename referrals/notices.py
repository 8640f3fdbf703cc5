"""Notices about a person from a DPS or BUP unit or the residence to the
person's home municipality: admitted, discharge planned, ready for
discharge (utskrivingsklar), discharged, the way the national care
messages do.

A notice goes to the municipal service of the person's home municipality:
to its shared address and every acting coordinator there, never to one
person only, and it stays at the top of their dashboards until someone
acknowledges it. Not acknowledged by the end of the next working day
(referrals/deadlines.py: weekends and Norwegian holidays skipped), it is
overdue and mailed again to every coordinator of that service:
`escalate_overdue_notices()`, run by the `escalate_notices` command (and by
a scheduler when there is one). Mails carry no personal data. The sender
sees who acknowledged it and when; the coordinator records whether the next
of kin were told, who and when.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from bops import access, mail
from bops.formats import format_date
from referrals import clock, deadlines, hooks, notifications

#: Acknowledge within this many working days after the day it was sent.
ACKNOWLEDGE_WITHIN_WORKING_DAYS = 1

#: Organisation kinds that send notices (municipalities.Organisation.Kind values).
SENDER_KINDS = ("dps", "bup", "residence")
MUNICIPAL_SERVICE = "municipal_service"


class NoticeKind(models.TextChoices):
    ADMITTED = "admitted", _("admitted")
    DISCHARGE_PLANNED = "discharge_planned", _("discharge planned")
    READY_FOR_DISCHARGE = "ready_for_discharge", _("ready for discharge")
    DISCHARGED = "discharged", _("discharged")


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """VIEW: the sending unit's and the receiving service's members, and
        the coordinators of the person's home municipality. CHANGE
        (acknowledge, next of kin): the receiving service's acting members."""
        if access.is_superuser(user):
            return self
        organisations = access.organisation_ids(user, action=action)
        if action != access.VIEW:
            return self.filter(receiver__in=organisations)
        rule = Q(sender__in=organisations) | Q(receiver__in=organisations)
        municipalities = access.coordinator_municipality_ids(user, action)
        if municipalities:
            rule |= Q(service_user__home_municipality__in=municipalities)
        return self.filter(rule)

    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)

    def overdue(self, on: datetime.date | None = None):
        """Not acknowledged, and the day to acknowledge by has passed."""
        return self.unacknowledged().filter(acknowledge_by__lt=on or clock.today())

    def with_related(self):
        return self.select_related(
            "service_user", "sender", "receiver", "created_by", "acknowledged_by"
        )


def receiving_service(service_user):
    """The home municipality's municipal service (the first active one)."""
    return (
        service_user.home_municipality.organisations.filter(kind=MUNICIPAL_SERVICE, active=True)
        .order_by("pk")
        .first()
    )


def sending_units(user):
    """The DPS, BUP and residence units the user may send notices for."""
    organisation_model = Notice._meta.get_field("sender").related_model
    return organisation_model.objects.filter(pk__in=sending_unit_ids(user)).order_by("name")


def sending_unit_ids(user) -> set[int]:
    """The ids of the units the user may send notices for, without a query:
    the memberships (loaded once per request) carry each organisation's
    kind, and only active organisations' memberships count."""
    acting = access.organisation_ids(user, action=access.CHANGE)
    return {
        grant.organisation_id
        for grant in access.grants(user)
        if grant.kind in SENDER_KINDS and grant.organisation_id in acting
    }


class Notice(models.Model):
    """A notice about a person to their home municipality's service."""

    service_user = models.ForeignKey(
        "municipalities.ServiceUser",
        verbose_name=_("service user"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    sender = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("sending unit"),
        on_delete=models.PROTECT,
        related_name="sent_notices",
    )
    receiver = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("receiving service"),
        on_delete=models.PROTECT,
        related_name="received_notices",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NoticeKind.choices)
    expected_date = models.DateField(_("expected date"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=clock.now, editable=False)
    acknowledge_by = models.DateField(_("acknowledge by"), editable=False)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    next_of_kin_informed = models.BooleanField(_("next of kin informed"), null=True, blank=True)
    next_of_kin_who = models.CharField(_("which next of kin"), max_length=200, blank=True)
    next_of_kin_on = models.DateField(_("next of kin informed on"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(
                fields=["receiver", "acknowledged_at", "created_at"],
                name="notice_receiver_ack_idx",
            ),
            models.Index(fields=["sender", "created_at"], name="notice_sender_created_idx"),
            models.Index(
                fields=["acknowledge_by"],
                condition=Q(acknowledged_at__isnull=True),
                name="notice_open_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=NoticeKind.DISCHARGE_PLANNED) | Q(expected_date__isnull=False),
                name="%(app_label)s_%(class)s_discharge_planned_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} → {self.receiver}"

    @property
    def is_overdue(self) -> bool:
        return self.acknowledged_at is None and self.acknowledge_by < clock.today()

    # --- sending -----------------------------------------------------------

    @classmethod
    def anonymise_rows(cls, service_user) -> int:
        """The anonymisation's step for notices (privacy/anonymise.py calls it
        for every model pointing at the person): referrals/redaction.py."""
        from referrals.redaction import anonymise_notices

        return anonymise_notices(service_user)

    @classmethod
    def send(
        cls,
        *,
        by,
        service_user,
        kind: str,
        sender=None,
        expected_date: datetime.date | None = None,
        note: str = "",
    ) -> Notice:
        """Record and send a notice. The sender is the user's DPS, BUP or
        residence unit (`sender` chooses when there are several); the person
        must be one the user may see."""
        units = list(sending_units(by))
        if not units:
            raise PermissionDenied
        errors = {}
        if sender is None:
            sender = units[0] if len(units) == 1 else None
            if sender is None:
                errors["sender"] = _("Choose the unit the notice is from.")
        elif sender.pk not in {unit.pk for unit in units}:
            errors["sender"] = _("You cannot send notices for this unit.")
        if kind not in NoticeKind.values:
            errors["kind"] = _("Choose what the notice is about.")
        if kind == NoticeKind.DISCHARGE_PLANNED and expected_date is None:
            errors["expected_date"] = _("Give the expected discharge date.")
        if len(note or "") > 5000:
            errors["note"] = _("At most 5000 characters.")
        receiver = receiving_service(service_user)
        if receiver is None:
            errors["service_user"] = _(
                "The person's home municipality has no municipal service in BOPS to notify."
            )
        if errors:
            raise ValidationError(errors)
        now = clock.now()
        with transaction.atomic():
            notice = cls.objects.create(
                service_user=service_user,
                sender=sender,
                receiver=receiver,
                kind=kind,
                expected_date=expected_date,
                note=(note or "").strip(),
                created_by=by,
                created_at=now,
                acknowledge_by=deadlines.add_working_days(
                    timezone.localdate(now), ACKNOWLEDGE_WITHIN_WORKING_DAYS
                ),
            )
            _mail_notice(notice, reminder=False)
        return notice

    # --- receiving ---------------------------------------------------------

    def acknowledge(
        self,
        *,
        by,
        next_of_kin_informed: bool | None = None,
        next_of_kin_who: str = "",
        next_of_kin_on: datetime.date | None = None,
    ) -> Notice:
        """A member of the receiving service confirms the notice, and may
        record whether the next of kin were told (who and when). The first
        acknowledgement stays; later calls only update the next of kin."""
        self._check_next_of_kin(next_of_kin_informed, next_of_kin_who, next_of_kin_on)
        with transaction.atomic():
            current = (
                type(self)
                .objects.for_user(by, access.CHANGE)
                .select_for_update()
                .filter(pk=self.pk)
                .first()
            )
            if current is None:
                raise PermissionDenied
            fields = ["next_of_kin_informed", "next_of_kin_who", "next_of_kin_on"]
            if current.acknowledged_at is None:
                self.acknowledged_at = clock.now()
                self.acknowledged_by = by
                fields += ["acknowledged_at", "acknowledged_by"]
            else:
                self.acknowledged_at = current.acknowledged_at
                self.acknowledged_by_id = current.acknowledged_by_id
            if next_of_kin_informed is not None:
                self.next_of_kin_informed = next_of_kin_informed
                self.next_of_kin_who = (next_of_kin_who or "").strip()
                self.next_of_kin_on = next_of_kin_on
            else:
                self.next_of_kin_informed = current.next_of_kin_informed
                self.next_of_kin_who = current.next_of_kin_who
                self.next_of_kin_on = current.next_of_kin_on
            self.save(update_fields=fields)
        return self

    @staticmethod
    def _check_next_of_kin(informed, who, on) -> None:
        errors = {}
        if informed:
            if not (who or "").strip():
                errors["next_of_kin_who"] = _("Write which next of kin were informed.")
            if on is None:
                errors["next_of_kin_on"] = _("Give the date the next of kin were informed.")
            elif on > clock.today():
                errors["next_of_kin_on"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


def with_agreements(user, notices) -> list[Notice]:
    """The notices, each with `governing`: the routine or agreement that
    governs notices between its sender and receiver, as plain values from the
    catalogue (`referrals.hooks.notice_agreements`), or None. One lookup for
    all of them; nothing when no app answers."""
    notices = list(notices)
    found = {}
    if notices and len(hooks.notice_agreements):
        pairs = {(notice.sender_id, notice.receiver_id) for notice in notices}
        found = hooks.notice_agreements.call_one(user, pairs)
    for notice in notices:
        notice.governing = found.get((notice.sender_id, notice.receiver_id))
    return notices


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def coordinator_addresses(organisation) -> list[str]:
    """The service's shared address and every acting member with an address
    (all its coordinators: never only one person who may be away)."""
    return notifications.member_addresses(organisation)


def _mail_notice(notice: Notice, *, reminder: bool) -> None:
    """No name, identity number or note: the kind, the units and a link."""
    subject = (
        _g("[BOPS] Reminder: notice #%(number)s is not acknowledged")
        if reminder
        else _g("[BOPS] New notice #%(number)s: %(kind)s")
    ) % {"number": notice.pk, "kind": notice.get_kind_display()}
    lines = [
        _g("Notice #%(number)s") % {"number": notice.pk},
        _g("About: %(kind)s") % {"kind": notice.get_kind_display()},
        _g("From: %(sender)s") % {"sender": notice.sender},
        _g("To: %(receiver)s") % {"receiver": notice.receiver},
        _g("Acknowledge by: %(day)s") % {"day": format_date(notice.acknowledge_by)},
    ]
    if reminder:
        lines.append(_g("Nobody has acknowledged it yet. Please read and acknowledge it."))
    lines.append(
        _g("Open BOPS to read it: %(url)s")
        % {"url": _absolute(reverse("referrals:notice_detail", args=[notice.pk]))}
    )
    recipients = coordinator_addresses(notice.receiver)
    if not recipients or notifications.is_muted():
        return
    key = f"notice-{notice.pk}-{'reminder' if reminder else 'sent'}"
    mail.send(key, subject, "\n".join(lines), recipients)


def escalate_overdue_notices(on: datetime.date | None = None) -> int:
    """Mark every notice not acknowledged in time as escalated and mail it
    again to every coordinator of the receiving service. Each notice is
    reminded once. Returns how many. Safe to run as often as wished (a
    scheduler can call it every hour): a row lock keeps two runs from
    mailing the same notice twice."""
    count = 0
    now = clock.now()
    ids = list(
        Notice.objects.overdue(on).filter(escalated_at__isnull=True).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("sender", "receiver")
                .filter(pk=pk, escalated_at__isnull=True, acknowledged_at__isnull=True)
                .first()
            )
            if notice is None:
                continue
            notice.escalated_at = now
            notice.save(update_fields=["escalated_at"])
            _mail_notice(notice, reminder=True)
            count += 1
    return count
