"""The referral life cycle: who may move a referral from which status to
which, as methods of `Referral` (mixed in from here to keep models.py short;
the rules they check are in referrals/rules.py).

Every method checks the actor's membership (only the receiver decides, only
the sender withdraws or answers an info request, read-only members never
act), then calls `_transition()`, which checks status and version under a row
lock and appends the event in the same transaction (referrals/transition_core.py).
The sender's moves are in referrals/sender_transitions.py, the receiver's in
referrals/receiver_transitions.py.
"""

from __future__ import annotations

from referrals.receiver_transitions import ReceiverTransitions
from referrals.sender_transitions import SenderTransitions


class ReferralTransitions(SenderTransitions, ReceiverTransitions):
    """Every move of the life cycle; `send()` receives for a DPS or BUP on
    arrival with the receiver's `_receive()`."""
