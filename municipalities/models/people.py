"""Service users: the people the services plan care for."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import dates
from bops.errors import NotAllowed
from municipalities import identity
from municipalities.hooks import anonymiser, person_left
from municipalities.models.organisations import Membership, Municipality
from municipalities.querysets import (
    HARD_DELETE_REFUSED,
    ServiceUserQuerySet,
)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ServiceUser(TimeStamped):
    """A person served (tenestemottakar). Health data: access only through
    `ServiceUser.objects.for_user(user)`."""

    class Pathway(models.IntegerChoices):
        MILD_SHORT = 1, _("1 – mild or short-lasting")
        SERIOUS_SHORT_OR_MILD_LONG = 2, _("2 – serious and short, or mild and long-lasting")
        SERIOUS_LONG = 3, _("3 – serious and long-lasting")

    class PlanStatus(models.TextChoices):
        NONE = "none", _("no plan")
        OFFERED = "offered", _("offered")
        IN_PROGRESS = "in_progress", _("being prepared")
        ESTABLISHED = "established", _("established")
        DECLINED = "declined", _("declined by the person")

    national_id = models.CharField(
        _("national identity number"),
        max_length=11,
        unique=True,
        validators=[identity.validate_national_id],
        help_text=_("Fødselsnummer or D-number, 11 digits."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), editable=False)
    home_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        related_name="service_users",
    )
    main_pathway = models.PositiveSmallIntegerField(
        _("main pathway"), choices=Pathway.choices, default=Pathway.SERIOUS_LONG
    )
    rop = models.BooleanField(_("ROP (mental illness and substance use)"), default=False)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible coordinator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_service_users",
    )
    ip_status = models.CharField(
        _("individual plan status"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.NONE,
    )
    ip_date = models.DateField(
        _("individual plan date"), null=True, blank=True, validators=[dates.PLAN]
    )
    crisis_plan_date = models.DateField(
        _("crisis plan date"), null=True, blank=True, validators=[dates.PLAN]
    )
    next_of_kin_name = models.CharField(_("next of kin"), max_length=200, blank=True)
    next_of_kin_phone = models.CharField(_("next of kin phone"), max_length=30, blank=True)
    deceased_on = models.DateField(
        _("date of death"),
        null=True,
        blank=True,
        help_text=_("Recording it closes the person's open referrals and applications."),
    )
    moved_out_on = models.DateField(
        _("moved out of the region"),
        null=True,
        blank=True,
        help_text=_("Recording it closes the person's open referrals and applications."),
    )
    anonymised_at = models.DateTimeField(
        _("anonymised"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the person left the service and their identity was removed."),
    )

    objects = ServiceUserQuerySet.as_manager()

    # An anonymised record's "identity number": X and the row's id, 10 digits.
    # Never all digits, so it can neither collide with nor pass as a real or
    # synthetic number, and unique because the id is.
    ANONYMISED_ID_PREFIX = "X"

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("service user")
        verbose_name_plural = _("service users")
        indexes = [
            models.Index(
                fields=["home_municipality", "last_name", "first_name"],
                name="mun_su_home_name_idx",
            ),
            # Everyone in name order: the keyset pages of an unscoped list.
            models.Index(fields=["last_name", "first_name", "id"], name="mun_su_name_id_idx"),
        ]
        constraints = [
            # Only an anonymised record may carry the X placeholder, and it must.
            models.CheckConstraint(
                condition=(
                    models.Q(anonymised_at__isnull=True) & ~models.Q(national_id__startswith="X")
                )
                | (models.Q(anonymised_at__isnull=False) & models.Q(national_id__startswith="X")),
                name="%(app_label)s_%(class)s_anonymised_id_marked",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # The date of birth is never typed: it is read from the identity number
        # (an anonymised record keeps the coarsened date it was given).
        if not self.is_anonymised:
            self.birth_date = identity.birth_date(self.national_id)
        if kwargs.get("update_fields") is not None and "national_id" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "birth_date"}
        left = self._newly_left()
        if not left:
            super().save(*args, **kwargs)
            return
        # The date and the closing of everything still open for the person
        # are one change: all of it, or (when any step fails) none of it.
        with transaction.atomic():
            super().save(*args, **kwargs)
            reason, on = left
            person_left.call_all(self, reason=reason, on=on, by=getattr(self, "changed_by", None))

    def _newly_left(self) -> tuple[str, datetime.date] | None:
        """("deceased" | "moved", the date) when this save records a date of
        death or of moving out that the stored row does not have yet."""
        if self.deceased_on is None and self.moved_out_on is None:
            return None
        before = (
            type(self).objects.filter(pk=self.pk).values("deceased_on", "moved_out_on").first()
            if self.pk
            else None
        ) or {"deceased_on": None, "moved_out_on": None}
        if self.deceased_on and before["deceased_on"] is None:
            return ("deceased", self.deceased_on)
        if self.moved_out_on and before["moved_out_on"] is None:
            return ("moved", self.moved_out_on)
        return None

    def clean_fields(self, exclude=None) -> None:
        # The date of birth is derived from the number in save(), never typed,
        # so it is not validated as input (full_clean() works on a new person).
        exclude = {*(exclude or ()), "birth_date"}
        if self.is_anonymised:
            # The placeholder is not an identity number; it is only valid here.
            exclude.add("national_id")
            if self.national_id != self.anonymised_national_id():
                raise ValidationError(
                    {"national_id": _("An anonymised record keeps its placeholder number.")}
                )
        super().clean_fields(exclude=exclude)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def anonymised_national_id(self) -> str:
        return f"{self.ANONYMISED_ID_PREFIX}{self.pk:010d}"

    def delete(self, *args, **kwargs):
        """Never: the person's referrals, stays and access log are history
        that must stay countable. A person who has left the service is
        anonymised instead (`anonymise()`), which keeps every count."""
        raise NotAllowed(str(HARD_DELETE_REFUSED), code="hard_delete_refused")

    def anonymise(self) -> dict[str, int]:
        """Remove the identity of a person who has left the service, keeping
        every count for the statistics (the registered anonymiser: the
        privacy capability, privacy/anonymise.py)."""
        return anonymiser.call_one(self)

    def clean(self) -> None:
        """The responsible coordinator works in the person's home municipality."""
        super().clean()
        if self.coordinator_id and self.home_municipality_id:
            # A person recorded in a municipality that has since merged is
            # coordinated from its successor of today.
            home = self.home_municipality
            serves_here = Membership.objects.filter(
                user_id=self.coordinator_id,
                role=Membership.Role.COORDINATOR,
                organisation__municipality_id__in={home.pk, home.on(timezone.localdate()).pk},
            ).exists()
            if not serves_here:
                raise ValidationError(
                    {
                        "coordinator": _(
                            "The responsible coordinator must be a coordinator "
                            "in the person's home municipality."
                        )
                    }
                )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date | None = None) -> int:
        day = day or timezone.localdate()
        born = self.birth_date or identity.birth_date(self.national_id)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
