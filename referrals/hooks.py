"""Hooks through which apps above referrals add to its pages and rules
(see bops/hooks.py)."""

from bops.hooks import Hook

#: What governs a flow between two organisations, for the referral form:
#: `fn(sender, receiver, kind) -> str` (safe HTML, "" when nothing applies).
#: Registered by the catalogue (its agreements).
agreement_for_flow = Hook("agreement_for_flow")
