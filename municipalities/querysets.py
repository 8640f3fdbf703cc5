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
        referrals = Referral.objects.filter(
            Q(receiver__in=organisations) & ~Q(status="draft") | Q(sender__in=organisations)
        )
        return Q(pk__in=referrals.values("service_user"))

    def _seen_through_residence(self, user, action: str) -> Q:
        # Filled in by the capacity app: residence staff see applicants and residents.
        return Q(pk__in=[])

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
