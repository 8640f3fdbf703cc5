"""Which unit a referral should go to: BUP under 18, DPS from 18, the unit
whose catchment covers the person's home municipality.

Sending outside the catchment is allowed (a second opinion, a specialised
team) but needs an explicit confirmation with a note, see `Referral.send`.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Organisation
from referrals.choices import Kind
from referrals.hooks import route_via_catalogue

ADULT_AGE = 18


def _kinds_for(kind: str, age: int) -> list[str]:
    if kind == Kind.ADMISSION:
        return [Organisation.Kind.RESIDENCE]
    if kind == Kind.RETURN:
        return [Organisation.Kind.MUNICIPAL_SERVICE]
    return [Organisation.Kind.BUP if age < ADULT_AGE else Organisation.Kind.DPS]


def suggest_receiver(service_user, kind: str, on: datetime.date | None = None):
    """The unit found by catchment (below), unless a catalogue entry of that
    unit for this kind of referral, age and municipality names its own
    receiving unit: then the entry's routing wins (`route_via_catalogue`)."""
    found = _by_catchment(service_user, kind, on)
    if found is not None:
        for route in route_via_catalogue:
            routed = route(found, service_user, kind, on)
            if routed is not None:
                return routed
    return found


def _by_catchment(service_user, kind: str, on: datetime.date | None = None):
    """The organisation a referral of `kind` for `service_user` should go to,
    or None when no active unit covers the person.

    Assessment and advice go to BUP (under 18) or DPS (18 and over) whose
    catchment and age range cover the person; admissions to the residence
    serving the municipality; returns to the municipal service of the home
    municipality.
    """
    age = service_user.age_on(on)
    # A person recorded before a merger (Leikanger) is served by today's
    # municipality (Sogndal) and the units whose catchment holds either.
    home = service_user.home_municipality
    today = home.on(on or timezone.localdate())
    candidates = Organisation.objects.filter(active=True, kind__in=_kinds_for(kind, age))
    if kind == Kind.RETURN:
        return candidates.filter(municipality_id=today.pk).order_by("pk").first()
    covering = candidates.filter(catchment__id__in={home.pk, today.pk}).distinct()
    for organisation in covering.order_by("pk"):
        if organisation.serves_age(age):
            return organisation
    return None


def outside_catchment(receiver: Organisation, service_user, on: datetime.date | None = None):
    """Why `receiver` does not cover the person, or "" when it does.

    Only organisations with a catchment or an age range are checked; a
    municipal service (the receiver of a return) has neither.
    """
    reasons = []
    has_catchment = receiver.catchment.exists()
    home = service_user.home_municipality
    today = home.on(on or timezone.localdate())
    if has_catchment and not receiver.catchment.filter(pk__in={home.pk, today.pk}).exists():
        reasons.append(_("home municipality outside the catchment"))
    if not receiver.serves_age(service_user.age_on(on)):
        reasons.append(_("age outside the range served"))
    return "; ".join(reasons)
