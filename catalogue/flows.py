"""The agreement that governs a flow between two parties, for the pages
where the flow is used (registered on `referrals.hooks.agreement_for_flow`)."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from catalogue.models import Agreement, Measure
from catalogue.querysets import is_staff_member


def _choose(candidates, flow: str):
    """Of agreements in force between two parties, newest first: one naming
    `flow` before a general one (no flows named). None when neither."""
    general = None
    for agreement in candidates:
        if flow in agreement.flows:
            return agreement
        if not agreement.flows and general is None:
            general = agreement
    return general


def governing_agreement(sender, receiver, flow: str, today: datetime.date | None = None):
    """The agreement in force between `sender` and `receiver` that governs
    `flow` (a referral kind or "notice"): one naming the flow before a
    general one, the newest first. None when there is none."""
    candidates = (
        Agreement.objects.between(sender, receiver).in_force(today).order_by("-valid_from", "-pk")
    )
    return _choose(candidates, flow)


def notice_agreements(user, pairs, today: datetime.date | None = None) -> dict:
    """The agreement governing notices for each (sender id, receiver id) pair,
    as plain values for the notice pages (registered on
    `referrals.hooks.notice_agreements`). One query for any number of pairs:
    the agreements in force with a party among them, with their parties."""
    pairs = {(int(a), int(b)) for a, b in pairs}
    if not pairs:
        return {}
    ids = {pk for pair in pairs for pk in pair}
    rows = (
        Agreement.parties.through.objects.filter(
            organisation_id__in=ids, agreement__in=Agreement.objects.in_force(today)
        )
        .select_related("agreement")
        .order_by("-agreement__valid_from", "-agreement_id")
    )
    agreements: dict[int, Agreement] = {}
    parties: dict[int, set[int]] = {}
    for row in rows:
        agreements.setdefault(row.agreement_id, row.agreement)
        parties.setdefault(row.agreement_id, set()).add(row.organisation_id)
    may_open = is_staff_member(user)
    found = {}
    for sender, receiver in pairs:
        between = [a for pk, a in agreements.items() if {sender, receiver} <= parties[pk]]
        agreement = _choose(between, Agreement.Flow.NOTICE)
        if agreement is not None:
            found[(sender, receiver)] = {
                "title": agreement.title,
                "version": agreement.version,
                "kind": agreement.get_kind_display(),
                "routine": agreement.routine,
                "url": agreement.get_absolute_url() if may_open else None,
            }
    return found


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
