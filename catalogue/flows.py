"""The agreement that governs a flow between two parties, for the pages
where the flow is used (registered on `referrals.hooks.agreement_for_flow`)."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from catalogue.models import Agreement, Measure


def governing_agreement(sender, receiver, flow: str, today: datetime.date | None = None):
    """The agreement in force between `sender` and `receiver` that governs
    `flow` (a referral kind or "notice"): one naming the flow before a
    general one, the newest first. None when there is none."""
    candidates = (
        Agreement.objects.between(sender, receiver).in_force(today).order_by("-valid_from", "-pk")
    )
    general = None
    for agreement in candidates:
        if flow in agreement.flows:
            return agreement
        if not agreement.flows and general is None:
            general = agreement
    return general


def agreement_box(sender, receiver, kind: str) -> str:
    """The routine and contact between the two parties (organisations or
    their ids), as a small panel."""
    agreement = governing_agreement(sender, receiver, kind)
    return render_to_string("catalogue/includes/flow_agreement.html", {"agreement": agreement})


def route_by_measure(unit, service_user, kind: str, on: datetime.date | None = None):
    """A catalogue entry of `unit` for this kind of referral that covers the
    person's municipality and age and names its own receiving unit: that
    unit (the narrowest age range first). None when no entry says so."""
    entry = (
        Measure.objects.active()
        .filter(provider=unit, referral_kind=kind, receiver__isnull=False, receiver__active=True)
        .serving(service_user.home_municipality_id)
        .for_age(service_user.age_on(on))
        .select_related("receiver")
        .order_by("max_age", "-min_age", "pk")
        .first()
    )
    return entry.receiver if entry is not None else None
