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
          residence;
        - council readers and everyone else: nobody.
        """
        if access.is_superuser(user):
            return self
        rule = Q(home_municipality__in=access.coordinator_municipality_ids(user, action))
        rule |= self._seen_through_referrals(user, action)
        rule |= self._seen_through_residence(user, action)
        return self.filter(rule)

    def _seen_through_referrals(self, user, action: str) -> Q:
        # Intake staff see the people whose referrals reached their unit (never
        # through a draft), and a unit sees the people it sent referrals for
        # (e.g. a DPS's return to the municipality). Seeing only: changing the
        # person's record stays with the municipality.
        if action != access.VIEW:
            return Q(pk__in=[])
        organisations = access.organisation_ids(user, action=access.VIEW)
        if not organisations:
            return Q(pk__in=[])
        Referral = apps.get_model("referrals", "Referral")
        # Two subqueries, not one with OR: each is an index-only scan of a
        # covering index (receiver/sender, status, ..., service_user), where an
        # OR needs a bitmap heap scan over every referral the unit ever had.
        received = Referral.objects.filter(receiver__in=organisations).exclude(status="draft")
        sent = Referral.objects.filter(sender__in=organisations)
        return Q(pk__in=received.values("service_user")) | Q(pk__in=sent.values("service_user"))

    def _seen_through_residence(self, user, action: str) -> Q:
        # Residence staff see the applicants and residents of their residence.
        from capacity.querysets import staff_organisation_ids

        organisations = staff_organisation_ids(user, action)
        if not organisations:
            return Q(pk__in=[])
        applications = apps.get_model("capacity", "Application").objects.filter(
            residence__organisation_id__in=organisations
        )
        stays = apps.get_model("capacity", "Stay").objects.filter(
            place__residence__organisation_id__in=organisations
        )
        return Q(pk__in=applications.values("service_user_id")) | Q(
            pk__in=stays.values("service_user_id")
        )

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
