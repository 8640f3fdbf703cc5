"""Where the apps above referrals plug into a referral's life (bops/hooks.py).

- `on_accepted(referral, by=user)`: called inside the transaction that accepts
  a referral; a failure undoes the acceptance. It may return a dict that the
  API adds to its answer (the residence returns {"application": id}).
"""

from bops.hooks import Hook

on_accepted = Hook("referrals.on_accepted")
