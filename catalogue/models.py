"""The catalogue of shared measures and teams, and the cooperation agreements
that govern the flows between the parties.

Both are public knowledge within BOPS: every signed-in staff member may read
them, only administrators change them. Neither holds personal data.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.querysets import REVIEW_WARNING_DAYS, AgreementQuerySet, MeasureQuerySet
from municipalities.models import Assessment, Municipality, Organisation, ServiceUser
from municipalities.models import Measure as PlanMeasure
from referrals.choices import Kind as ReferralKind


def domain_choices() -> list[tuple[str, str]]:
    """The eight Brukerplan life domains, labelled as on the assessment."""
    return [(key, Assessment._meta.get_field(key).verbose_name) for key in Assessment.DOMAINS]


def _check_choices(values, allowed, field: str) -> None:
    if not isinstance(values, list) or any(value not in allowed for value in values):
        raise ValidationError({field: _("Choose from the list.")})


class Agreement(models.Model):
    """A cooperation agreement (samarbeidsavtale), service agreement
    (tenesteavtale) or routine between two or more parties, with the flows it
    governs, its validity and the date it must next be reviewed."""

    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("cooperation agreement")
        SERVICE = "service", _("service agreement")
        ROUTINE = "routine", _("routine")

    class Flow(models.TextChoices):
        ASSESSMENT = ReferralKind.ASSESSMENT.value, ReferralKind.ASSESSMENT.label
        ADMISSION = ReferralKind.ADMISSION.value, ReferralKind.ADMISSION.label
        RETURN = ReferralKind.RETURN.value, ReferralKind.RETURN.label
        ADVICE = ReferralKind.ADVICE.value, ReferralKind.ADVICE.label
        NOTICE = "notice", _("notices (admitted, discharge planned, discharged)")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), related_name="agreements"
    )
    scope = models.TextField(_("scope"), max_length=5000, blank=True)
    flows = models.JSONField(
        _("flows it governs"),
        default=list,
        blank=True,
        help_text=_("The referral kinds and notices this agreement governs; none means all."),
    )
    routine = models.TextField(
        _("routine"),
        max_length=5000,
        blank=True,
        help_text=_("What the sender does, in short: shown where a referral is written."),
    )
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    version = models.CharField(_("version"), max_length=20, default="1.0")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    next_review = models.DateField(_("next review"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        # The API's keyset order (bops/pagination.py).
        indexes = [models.Index(fields=["title", "id"], name="cat_agreement_title_id_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "version"], name="%(app_label)s_%(class)s_unique_title_version"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_to_after_from",
                violation_error_message=_("An agreement cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:agreement_detail", args=[self.pk])

    def clean(self) -> None:
        _check_choices(self.flows, self.Flow.values, "flows")
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("An agreement cannot end before it starts.")})

    def parties_short(self, shown: int = 3) -> str:
        """The first parties by name and how many more, for a register row
        (uses the prefetched parties)."""
        names = sorted(party.name for party in self.parties.all())
        if len(names) <= shown + 1:
            return ", ".join(names)
        more = _("and %(count)s more") % {"count": len(names) - shown}
        return f"{', '.join(names[:shown])} {more}"

    def governs(self, flow: str) -> bool:
        return not self.flows or flow in self.flows

    def flow_labels(self) -> list[str]:
        return [str(self.Flow(flow).label) for flow in self.flows if flow in self.Flow.values]

    def is_out_of_date(self, today: datetime.date | None = None) -> bool:
        """Expired, or its review date has passed without a review."""
        today = today or datetime.date.today()
        return bool(
            (self.valid_to and self.valid_to < today)
            or (self.next_review and self.next_review < today)
        )

    def is_due_for_review(self, today: datetime.date | None = None) -> bool:
        today = today or datetime.date.today()
        return bool(
            self.next_review
            and today <= self.next_review <= today + datetime.timedelta(days=REVIEW_WARNING_DAYS)
        )


class Measure(models.Model):
    """A shared measure or team a coordinator may use: who provides it, who it
    is for, which municipalities it serves and how to refer to it."""

    class Kind(models.TextChoices):
        FACT_TEAM = "fact_team", _("FACT team / ambulant acute team")
        ACUTE_BEDS = "acute_beds", _("emergency beds (øyeblikkeleg hjelp)")
        DAY_ACTIVITY = "day_activity", _("day activity")
        IPS = "ips", _("job support (IPS)")
        SUPPORTED_HOUSING = "supported_housing", _("supported housing")
        LOW_THRESHOLD = "low_threshold", _("low-threshold and peer service")
        RESIDENCE = "residence", _("the shared residence")
        DPS_TEAM = "dps_team", _("DPS team")
        BUP_TEAM = "bup_team", _("BUP team")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    min_age = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)
    pathways = models.JSONField(
        _("pathways"),
        default=list,
        blank=True,
        help_text=_("The main pathways (1-3) it is for; none means all."),
    )
    rop = models.BooleanField(
        _("for people with ROP"),
        default=True,
        help_text=_("Takes people with both mental illness and substance use."),
    )
    domains = models.JSONField(
        _("life domains"),
        default=list,
        blank=True,
        help_text=_("The needs (Brukerplan life domains) it helps with."),
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities served"), related_name="measures"
    )
    referral_kind = models.CharField(
        _("referral kind in BOPS"),
        max_length=20,
        choices=ReferralKind.choices,
        blank=True,
        help_text=_("Empty when one refers by contacting the service."),
    )
    receiver = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving unit for referrals"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where a BOPS referral goes; empty means the provider."),
    )
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    how_to_refer_note = models.TextField(_("how to refer"), max_length=2000, blank=True)
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    free_places = models.PositiveSmallIntegerField(_("free places today"), null=True, blank=True)
    free_places_on = models.DateField(_("free places counted on"), null=True, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    active = models.BooleanField(_("active"), default=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        # The API's keyset order (bops/pagination.py).
        indexes = [models.Index(fields=["name", "id"], name="cat_measure_name_id_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "name"], name="%(app_label)s_%(class)s_unique_provider_name"
            ),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="%(app_label)s_%(class)s_age_range",
                violation_error_message=_("The highest age cannot be below the lowest."),
            ),
            models.CheckConstraint(
                condition=models.Q(free_places__isnull=True)
                | models.Q(places__isnull=True)
                | models.Q(free_places__lte=models.F("places")),
                name="%(app_label)s_%(class)s_free_within_places",
                violation_error_message=_("There cannot be more free places than places."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:measure_detail", args=[self.pk])

    def clean(self) -> None:
        _check_choices(self.domains, Assessment.DOMAINS, "domains")
        _check_choices(self.pathways, [str(p) for p in ServiceUser.Pathway.values], "pathways")
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("The highest age cannot be below the lowest.")})
        if (
            self.free_places is not None
            and self.places is not None
            and self.free_places > self.places
        ):
            raise ValidationError(
                {"free_places": _("There cannot be more free places than places.")}
            )

    #: Kinds whose places are beds: when the provider runs a residence in
    #: BOPS, its places and free places are counted from today's occupancy.
    BED_KINDS = (Kind.RESIDENCE, Kind.ACUTE_BEDS, Kind.SUPPORTED_HOUSING)

    @property
    def backed_by_residence(self) -> bool:
        """A bed-like entry whose provider runs a residence with places
        (needs `MeasureQuerySet.with_live_places()`)."""
        return self.kind in self.BED_KINDS and getattr(self, "live_places", None) is not None

    @property
    def places_today(self) -> int | None:
        return self.live_places if self.backed_by_residence else self.places

    @property
    def free_places_today(self) -> int | None:
        """Counted from the residence's occupancy when backed by one, else as typed."""
        if self.backed_by_residence:
            return max(0, self.live_places - (self.live_occupied or 0))
        return self.free_places

    @property
    def free_places_counted_on(self) -> datetime.date | None:
        return self.live_on if self.backed_by_residence else self.free_places_on

    @property
    def referral_receiver(self) -> Organisation:
        return self.receiver or self.provider

    def age_range(self) -> str:
        if self.min_age is None and self.max_age is None:
            return str(_("all ages"))
        if self.max_age is None:
            return str(_("%(low)s years and older") % {"low": self.min_age})
        return f"{self.min_age or 0}–{self.max_age}"

    def domain_labels(self) -> list[str]:
        labels = dict(domain_choices())
        return [str(labels[key]) for key in self.domains if key in labels]

    def how_to_refer(self) -> dict:
        """How to reach it: a referral kind in BOPS, or a contact with phone
        and opening hours (the API's `how_to_refer`)."""
        return {
            "referral_kind": self.referral_kind or None,
            "receiver": self.referral_receiver.pk if self.referral_kind else None,
            "contact": self.contact_name,
            "phone": self.phone,
            "opening_hours": self.opening_hours,
            "note": self.how_to_refer_note,
        }


class PlanMeasureEntry(models.Model):
    """Which shared measure of the catalogue a measure in an individual plan
    uses. Kept here, beside the catalogue, so the plans know nothing of it."""

    plan_measure = models.OneToOneField(
        PlanMeasure,
        verbose_name=_("measure in the plan"),
        on_delete=models.CASCADE,
        related_name="catalogue_link",
    )
    entry = models.ForeignKey(
        Measure,
        verbose_name=_("measure in the catalogue"),
        on_delete=models.PROTECT,
        related_name="plan_links",
    )

    class Meta:
        verbose_name = _("catalogue entry of a plan measure")
        verbose_name_plural = _("catalogue entries of plan measures")

    def __str__(self) -> str:
        return f"{self.plan_measure_id} -> {self.entry}"
