"""Where the apps above referrals plug into a referral's life and pages
(see bops/hooks.py)."""

from bops.hooks import Hook

#: `fn(referral, by=user)`: called inside the transaction that accepts a
#: referral; a failure undoes the acceptance. It may return a dict that the
#: API adds to its answer (the residence returns {"application": id}).
on_accepted = Hook("referrals.on_accepted")

#: What governs a flow between two organisations, for the referral form:
#: `fn(sender_id, receiver_id, kind) -> str` (safe HTML, "" when nothing applies).
#: Registered by the catalogue (its agreements).
agreement_for_flow = Hook("agreement_for_flow")

#: A catalogue entry's own routing: `fn(unit, service_user, kind, on) ->
#: Organisation | None`, asked after routing by catchment found `unit`.
#: Registered by the catalogue (a measure's receiving unit).
route_via_catalogue = Hook("route_via_catalogue")

#: The agreements that govern notices, for the notice pages and panel:
#: `fn(user, pairs) -> {(sender_id, receiver_id): dict}` for a set of
#: (sender id, receiver id) pairs, in a constant number of queries. Each value
#: holds plain values: "title", "version", "kind" (its label), "routine" and
#: "url" (None when the user may not open the agreement). A pair that no
#: agreement governs is left out. Registered by the catalogue.
notice_agreements = Hook("notice_agreements", single=True)
