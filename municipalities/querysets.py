"""Who sees which rows of the municipality data core (see bops/access.py)."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import Q

from bops import access


class ServiceUserQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """The single rule of which service users a user may see or change.

        - superusers: all;
        - coordinators: the people of their organisations' municipalities;
        - intake clinicians: people with a referral addressed to their unit
          (read only, through that referral);
        - residence staff: people with an application or stay at their
          residence (read only);
        - council readers and everyone else: nobody.

        An anonymised person (bops/privacy/anonymise.py) is never in the
        CHANGE scope, not even a superuser's: nobody can write an identity back.
        """
        if action == access.CHANGE:
            self = self.filter(anonymised_at__isnull=True)
        if access.is_superuser(user):
            return self
        # The visible ids as one UNION of small index scans, then one lookup by
        # primary key: an OR of the rules instead makes PostgreSQL test every
        # person in the country (measured 2x slower at national scale).
        sources = [
            *self._seen_as_coordinator(user, action),
            *self._seen_through_referrals(user, action),
            *self._seen_through_residence(user, action),
        ]
        if not sources:
            return self.none()
        first, *rest = [source.order_by() for source in sources]
        return self.filter(pk__in=first.union(*rest) if rest else first)

    def _seen_as_coordinator(self, user, action: str) -> list:
        municipalities = access.coordinator_municipality_ids(user, action)
        if not municipalities:
            return []
        return [self.model._base_manager.filter(home_municipality__in=municipalities).values("pk")]

    def _seen_through_referrals(self, user, action: str) -> list:
        # Intake staff see the people whose referrals reached their unit (never
        # through a draft), and a unit sees the people it sent referrals for
        # (e.g. a DPS's return to the municipality). Seeing only: changing the
        # person's record stays with the municipality.
        if action != access.VIEW:
            return []
        organisations = access.organisation_ids(user, action=access.VIEW)
        if not organisations:
            return []
        Referral = apps.get_model("referrals", "Referral")
        # Two sources, not one with OR: each is an index-only scan of a
        # covering index (receiver/sender, status, ..., service_user).
        received = Referral.objects.filter(receiver__in=organisations).exclude(status="draft")
        sent = Referral.objects.filter(sender__in=organisations)
        return [received.values("service_user"), sent.values("service_user")]

    def _seen_through_residence(self, user, action: str) -> list:
        # Residence staff see the applicants and residents of their residence.
        # Seeing only, as for intake: the record is the municipality's to change
        # (the residence acts on its applications and stays, not the record).
        if action != access.VIEW:
            return []
        from capacity.querysets import staff_organisation_ids

        organisations = staff_organisation_ids(user, action)
        if not organisations:
            return []
        applications = apps.get_model("capacity", "Application").objects.filter(
            residence__organisation_id__in=organisations
        )
        stays = apps.get_model("capacity", "Stay").objects.filter(
            place__residence__organisation_id__in=organisations
        )
        return [applications.values("service_user_id"), stays.values("service_user_id")]

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        if text.replace(" ", "").isdigit():
            return self.filter(national_id__startswith=text.replace(" ", ""))
        query = Q()
        for word in text.split():
            query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        return self.filter(query)


class PersonalDataQuerySet(models.QuerySet):
    """For rows that belong to one service user: visible when the person is."""

    service_user_field = "service_user"

    def for_user(self, user, action: str = access.VIEW):
        if access.is_superuser(user):
            return self
        service_users = apps.get_model("municipalities", "ServiceUser").objects.for_user(
            user, action
        )
        return self.filter(**{f"{self.service_user_field}__in": service_users.values("pk")})


# --- foundation: municipalities as write targets, coordinator choices ---------


class MunicipalityQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """Municipalities are public facts: everyone may VIEW all of them.

        CHANGE means "may create or move service users into it": superusers
        anywhere, coordinators (not read-only) only in their own municipalities.
        Used to limit home-municipality choices in forms, serializers and admin.
        """
        if action == access.VIEW or access.is_superuser(user):
            return self
        return self.filter(pk__in=access.coordinator_municipality_ids(user, action))


class OrganisationQuerySet(models.QuerySet):
    def referral_parties(self):
        """Organisations that may send or receive a referral: active units,
        never the regional council, which reads anonymous reports only.
        Referral forms, the API and admin all take their choices from here."""
        return self.filter(active=True).exclude(kind="council")


def coordinator_choices(user, action: str = access.CHANGE):
    """Users this user may name as a service user's responsible coordinator:
    the coordinators of the municipalities the user may change (all
    coordinators for a superuser)."""
    from django.contrib.auth import get_user_model

    Membership = apps.get_model("municipalities", "Membership")
    memberships = Membership.objects.filter(role=Membership.Role.COORDINATOR)
    if not access.is_superuser(user):
        memberships = memberships.filter(
            organisation__municipality__in=access.coordinator_municipality_ids(user, action)
        )
    return (
        get_user_model().objects.filter(pk__in=memberships.values("user_id")).order_by("username")
    )


def organisations_worked_with(user, also=()) -> models.QuerySet:
    """The organisations a user exchanges referrals with in the ordinary
    course, for filter drop-downs: the user's own, those in the
    municipalities their organisations are in or serve, and those serving
    those municipalities (a DPS, BUP or residence), plus the ids in `also`
    (a value already chosen). Nationally that is a dozen or two instead of
    every organisation in the country (about 600, which took two thirds of
    the referral list page to render). Superusers get all of them."""
    Organisation = apps.get_model("municipalities", "Organisation")
    if access.is_superuser(user):
        return Organisation.objects.all()
    own = access.organisation_ids(user)
    municipalities = Organisation.objects.filter(pk__in=own).values("municipality")
    served = Organisation.catchment.through.objects.filter(organisation__in=own).values(
        "municipality"
    )
    serving = Organisation.catchment.through.objects.filter(
        Q(municipality__in=municipalities) | Q(municipality__in=served)
    ).values("organisation")
    return Organisation.objects.filter(
        Q(pk__in=own)
        | Q(pk__in=[pk for pk in also if pk])
        | Q(municipality__in=municipalities)
        | Q(municipality__in=served)
        | Q(pk__in=serving)
    )
