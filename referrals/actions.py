"""What each referral transition looks like on the pages: the button, the
page title, the message afterwards, and whether it is a single click on the
detail page. The pages (referrals/views.py) offer the transitions the model
allows the user (`Referral.allowed_transitions`) in this table's words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from referrals.models import Referral


class Action:
    """How a page offers one transition: the button, the page title, the
    message after it, and whether it is a single click on the detail page."""

    def __init__(self, name, button, title, done, *, inline=False, tone="primary"):
        self.name, self.button, self.title, self.done = name, button, title, done
        self.inline, self.tone = inline, tone
        self.by_sender = name in SENDER_ACTIONS


#: What the sender does; everything else is the receiver's to do.
SENDER_ACTIONS = {"send", "provide_info", "withdraw"}


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "send",
            _("Send the referral"),
            _("Send referral #%(number)s"),
            _("Referral #%(number)s was sent to %(receiver)s."),
        ),
        Action(
            "receive",
            _("Confirm receipt"),
            _("Confirm receipt of referral #%(number)s"),
            _("Receipt of referral #%(number)s is confirmed."),
            inline=True,
        ),
        Action(
            "accept",
            _("Accept"),
            _("Accept referral #%(number)s"),
            _("Referral #%(number)s was accepted."),
        ),
        Action(
            "reject",
            _("Reject"),
            _("Reject referral #%(number)s"),
            _("Referral #%(number)s was rejected. The sender gets your advice."),
            tone="secondary",
        ),
        Action(
            "request_info",
            _("Ask for more information"),
            _("Ask for more information about referral #%(number)s"),
            _("The sender of referral #%(number)s was asked for more information."),
            tone="secondary",
        ),
        Action(
            "provide_info",
            _("Send the information asked for"),
            _("Send the information asked for in referral #%(number)s"),
            _("The information for referral #%(number)s was sent."),
        ),
        Action(
            "start",
            _("Mark as started"),
            _("Start referral #%(number)s"),
            _("Referral #%(number)s is started."),
            inline=True,
        ),
        Action(
            "complete",
            _("Complete and return with recommendations"),
            _("Complete referral #%(number)s"),
            _("Referral #%(number)s is completed."),
        ),
        Action(
            "withdraw",
            _("Withdraw"),
            _("Withdraw referral #%(number)s"),
            _("Referral #%(number)s was withdrawn."),
            tone="secondary",
        ),
        Action(
            "acknowledge",
            _("I have read the recommendations"),
            _("Acknowledge referral #%(number)s"),
            _("You confirmed that you have read the recommendations in referral #%(number)s."),
            inline=True,
        ),
    ]
}


def words(action, referral: Referral) -> dict:
    """The values an action's title and message are filled with."""
    return {"number": referral.pk, "receiver": referral.receiver}
