"""Who sees which rows of the municipality data core (see bops/access.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.errors import NotAllowed
from municipalities.visibility import assessment_sources, person_sources

HARD_DELETE_REFUSED = _(
    "A service user is never deleted: their history is kept. Anonymise the person instead."
)


class ServiceUserQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """The single rule of which service users a user may see or change.

        - superusers: all;
        - coordinators: the people of their organisations' municipalities;
        - whoever a source registered in `municipalities.visibility` names:
          intake clinicians see people with a referral addressed to their
          unit (read only, referrals), residence staff the people with an
          application or stay at their residence (read only, capacity);
        - council readers and everyone else: nobody.

        An anonymised person (privacy/anonymise.py) is never in the
        CHANGE scope, not even a superuser's: nobody can write an identity back.
        """
        if action == access.CHANGE:
            self = self.filter(anonymised_at__isnull=True)
        if access.is_superuser(user):
            return self
        # The visible ids as one UNION of small index scans, then one lookup by
        # primary key: an OR of the rules instead makes PostgreSQL test every
        # person in the country (measured 2x slower at national scale).
        # Other apps add their reasons (municipalities/visibility.py).
        sources = [*self._seen_as_coordinator(user, action)]
        for source in person_sources:
            sources += source(user, action)
        if not sources:
            return self.none()
        first, *rest = [source.order_by() for source in sources]
        return self.filter(pk__in=first.union(*rest) if rest else first)

    def delete(self):
        """Refused for everyone, the superuser included (see ServiceUser.delete)."""
        raise NotAllowed(str(HARD_DELETE_REFUSED), code="hard_delete_refused")

    delete.alters_data = True
    delete.queryset_only = True

    def _seen_as_coordinator(self, user, action: str) -> list:
        municipalities = access.coordinator_municipality_ids(user, action)
        if not municipalities:
            return []
        return [self.model._base_manager.filter(home_municipality__in=municipalities).values("pk")]

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
        # The person model, through the key (no import: models import this module).
        service_user_model = self.model._meta.get_field(self.service_user_field).related_model
        service_users = service_user_model.objects.for_user(user, action)
        return self.filter(**{f"{self.service_user_field}__in": service_users.values("pk")})


class ConsentQuerySet(PersonalDataQuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """The home municipality's coordinators see every consent of the
        person. Anyone else who sees the person (intake at a DPS or BUP, the
        residence) sees only the consents that concern their unit: those
        that name one of the user's organisations, given or withdrawn (a
        withdrawal is what that unit most needs to know). A consent names one
        organisation, never a kind of organisation, so "concerns their unit"
        is exactly that organisation."""
        scoped = super().for_user(user, action)
        if access.is_superuser(user):
            return scoped
        home = access.coordinator_municipality_ids(user, action)
        return scoped.filter(
            Q(service_user__home_municipality__in=home)
            | Q(organisation__in=access.organisation_ids(user, action=action))
        )


class AssessmentQuerySet(PersonalDataQuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """The home municipality's coordinators see every assessment of the
        person. Anyone else who sees the person sees only the assessments a
        registered source names (municipalities/visibility.py): those the
        sender chose to send with a referral that reached their unit."""
        scoped = super().for_user(user, action)
        if access.is_superuser(user):
            return scoped
        rule = Q(
            service_user__home_municipality__in=access.coordinator_municipality_ids(user, action)
        )
        if action == access.VIEW:
            sources = [s.order_by() for source in assessment_sources for s in source(user)]
            if sources:
                first, *rest = sources
                rule |= Q(pk__in=first.union(*rest) if rest else first)
        return scoped.filter(rule)


class PrivatePurchaseQuerySet(PersonalDataQuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """What the municipality pays a private provider is the municipality's
        business: its coordinators (home or paying municipality) see it;
        intake and residence staff who see the person do not."""
        scoped = super().for_user(user, action)
        if access.is_superuser(user):
            return scoped
        municipalities = access.coordinator_municipality_ids(user, action)
        return scoped.filter(
            Q(service_user__home_municipality__in=municipalities)
            | Q(municipality__in=municipalities)
        )


# --- foundation: municipalities as write targets, coordinator choices ---------


class MunicipalityQuerySet(models.QuerySet):
    def valid_on(self, day):
        """The municipalities that existed on `day` (with the number of that day)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self):
        """The municipalities valid today: the only choices for a new record."""
        return self.valid_on(timezone.localdate())

    def as_of(self, day) -> dict:
        """Every municipality's id -> the municipality it was part of on `day`
        (itself while valid, else its successor then): how a report for a
        period sums the figures of merged municipalities into their successor.
        One query; the chains are followed in memory."""
        rows = {m.pk: m for m in self.model._base_manager.all()}
        for m in rows.values():
            if m.successor_id in rows:
                m.successor = rows[m.successor_id]
        return {pk: m.on(day) for pk, m in rows.items()}

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
