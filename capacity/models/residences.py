"""The residence, its units and places, and the yearly cost key (see capacity/models/__init__.py for the date conventions)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from capacity.choices import UnitKind
from capacity.querysets import (
    PlaceQuerySet,
    ResidencePartQuerySet,
    ResidenceQuerySet,
)


class Residence(models.Model):
    """A shared residence (e.g. the 20-place residence in Lærdal)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    organisation = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="residences",
        limit_choices_to={"kind": "residence"},
        help_text=_("Its staff (residence intake team / leader) manage the residence."),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="residences",
    )

    objects = ResidenceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("residence")
        verbose_name_plural = _("residences")

    def __str__(self) -> str:
        return self.name

    @property
    def places_count(self) -> int:
        """Number of places = active places (see the module docstring)."""
        annotated = getattr(self, "active_places", None)
        if annotated is not None:
            return annotated
        return self.places.filter(active=True).count()


class Unit(models.Model):
    """A unit of the residence: ordinary, or shielded (skjerma eining)."""

    Kind = UnitKind

    residence = models.ForeignKey(
        Residence, verbose_name=_("residence"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)

    objects = ResidencePartQuerySet.as_manager()

    class Meta:
        ordering = ["residence", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["residence", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Place(models.Model):
    """One bed/flat of the residence, with a short code such as "A1" or "B3"."""

    residence = models.ForeignKey(
        Residence,
        verbose_name=_("residence"),
        on_delete=models.CASCADE,
        related_name="places",
        editable=False,
        help_text=_("Always the unit's residence; kept here so codes are unique per residence."),
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="places"
    )
    code = models.CharField(_("code"), max_length=10)
    active = models.BooleanField(_("active"), default=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["residence", "unit__name", Length("code"), "code"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["residence", "code"], name="%(app_label)s_%(class)s_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.residence_id = self.unit.residence_id
        if kwargs.get("update_fields") is not None and "unit" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "residence"}
        with transaction.atomic():
            if self.pk and not self.active:
                # Closing a place must not leave more residents than active places:
                # checked under the same residence lock as admissions.
                Residence.objects.select_for_update().filter(pk=self.residence_id).exists()
                self.clean()
            super().save(*args, **kwargs)

    def clean(self):
        if self.pk and not self.active and self.stays.ongoing().exists():
            raise ValidationError(
                {
                    "active": _("Place %(code)s has a resident and cannot be closed.")
                    % {"code": self.code}
                }
            )


class CostKey(models.Model):
    """The yearly cost key (fordelingsnøkkel) of a residence: its budget and
    how it is split — a fixed share by population and a use share by
    bed-days. The two shares add up to 100 %."""

    residence = models.ForeignKey(
        Residence, verbose_name=_("residence"), on_delete=models.CASCADE, related_name="cost_keys"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    budget = models.PositiveBigIntegerField(_("budget (NOK)"))
    fixed_share = models.PositiveSmallIntegerField(
        _("fixed share by population (%)"), validators=[MaxValueValidator(100)], default=30
    )
    use_share = models.PositiveSmallIntegerField(
        _("use share by bed-days (%)"), validators=[MaxValueValidator(100)], default=70
    )

    objects = ResidencePartQuerySet.as_manager()

    class Meta:
        ordering = ["residence", "-year"]
        verbose_name = _("cost key")
        verbose_name_plural = _("cost keys")
        constraints = [
            models.UniqueConstraint(
                fields=["residence", "year"], name="%(app_label)s_%(class)s_unique_year"
            ),
            models.CheckConstraint(
                condition=models.Q(fixed_share__gte=0, use_share__gte=0)
                & models.Q(fixed_share=100 - models.F("use_share")),
                name="%(app_label)s_%(class)s_shares_sum_to_100",
                violation_error_message=_("The fixed and use shares must add up to 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.residence} {self.year}"
