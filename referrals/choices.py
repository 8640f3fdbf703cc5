"""The referral vocabulary: every status, kind and reason a referral can
have, and the transition table of its life cycle.

This module is the bottom of the referrals app: it imports nothing of it.
Models, rules, transition methods, forms, pages, the API and the dashboards
all read the table below, so a transition is described once, here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSESSMENT = "assessment", _("assessment or treatment")
    ADMISSION = "admission", _("admission to the residence")
    RETURN = "return", _("return to the municipality after discharge")
    ADVICE = "advice", _("advice and guidance")


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("emergency")
    PRIORITISED = "prioritised", _("prioritised")
    ORDINARY = "ordinary", _("ordinary")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    RECEIVED = "received", _("received")
    INFO_REQUESTED = "info_requested", _("more information requested")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    STARTED = "started", _("started")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")


class LegalBasis(models.TextChoices):
    CONSENT_OBTAINED = "consent_obtained", _("consent obtained now")
    WITHOUT_CONSENT = "without_consent", _("care without consent under the law")


class RejectionReason(models.TextChoices):
    NOT_SPECIALIST_LEVEL = "not_specialist_level", _("not for the specialist level")
    NEEDS_MORE_INFORMATION = "needs_more_information", _("needs more information first")
    WRONG_UNIT = "wrong_unit", _("wrong unit or catchment")
    OTHER = "other", _("other")


class WithdrawalReason(models.TextChoices):
    NO_LONGER_NEEDED = "no_longer_needed", _("no longer needed")
    PERSON_DECLINED = "person_declined", _("the person declined")
    SENT_ELSEWHERE = "sent_elsewhere", _("sent to another unit instead")
    MOVED = "moved", _("the person moved")
    DECEASED = "deceased", _("the person died")
    OTHER = "other", _("other")


class CompletionReason(models.TextChoices):
    FINISHED = "finished", _("finished as planned")
    TRANSFERRED = "transferred", _("continued by another service")
    ENDED_BY_PERSON = "ended_by_person", _("ended at the person's wish")
    DECEASED = "deceased", _("the person died")
    OTHER = "other", _("other")


#: The reason category a closing move needs (free text in the note when it
#: is "other"): transition name -> (method argument, its choices).
CLOSING_REASONS: dict[str, tuple[str, type[models.TextChoices]]] = {
    "withdraw": ("withdrawal_reason", WithdrawalReason),
    "complete": ("completion_reason", CompletionReason),
}


class Side(models.TextChoices):
    """Which organisation's members make a transition."""

    SENDER = "sender", _("sender")
    RECEIVER = "receiver", _("receiver")


#: How long after closing a referral the party that closed it may reopen it.
REOPEN_WITHIN_DAYS = 30

#: Statuses in which a referral is still going on (the duplicate guard and
#: the inbox count these).
OPEN: tuple[Status, ...] = (
    Status.DRAFT,
    Status.SENT,
    Status.RECEIVED,
    Status.INFO_REQUESTED,
    Status.ACCEPTED,
    Status.STARTED,
)
#: Statuses in which the receiver still owes a decision (the legal clock runs).
AWAITING_DECISION: tuple[Status, ...] = (Status.SENT, Status.RECEIVED, Status.INFO_REQUESTED)


@dataclass(frozen=True)
class Transition:
    """One move of the life cycle.

    `name` is the `Referral` method that makes it and the page's URL part;
    `fields` the method's keyword arguments besides `by` and `version` (the
    page form and the API both fill them); `form` the key of the page's form
    in `referrals.transition_forms.FORMS`. `kinds` limits the move to some kinds of
    referral. `reopens` marks a way back from a closed status: only within
    `REOPEN_WITHIN_DAYS` of closing, by the side that closed it, and with a
    comment. `decision` marks what the receiver decides that the sender
    should notice (the dashboard's news). The rest is how the pages offer it:
    the button, the page title, the message afterwards, whether its page
    shows the reason for referral, whether it is a single click on the
    detail page, and the button's tone.
    """

    name: str
    sources: tuple[Status, ...]
    target: Status
    side: Side
    form: str
    fields: tuple[str, ...]
    button: Promise
    title: Promise
    done: Promise
    kinds: tuple[Kind, ...] | None = None
    decision: bool = False
    reopens: bool = False
    show_reason: bool = False
    inline: bool = False
    tone: str = "primary"

    @property
    def by_sender(self) -> bool:
        return self.side == Side.SENDER

    def applies_to(self, status: str, kind: str) -> bool:
        return status in self.sources and (self.kinds is None or kind in self.kinds)

    def words(self, referral) -> dict:
        """The values the title and the message are filled with."""
        return {"number": referral.pk, "receiver": referral.receiver}


S = Status
_T = Transition

#: The life cycle, in the order a page offers the moves. Who may make each
#: move is the `side`; DPS and BUP receive on arrival (`Referral.send`), so
#: "receive" is in practice for the other receivers.
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _T(
            "send",
            (S.DRAFT,),
            S.SENT,
            Side.SENDER,
            form="send",
            fields=("confirm_legal_basis", "confirm_outside_catchment_note", "assessments", "note"),
            button=_("Send the referral"),
            title=_("Send referral #%(number)s"),
            done=_("Referral #%(number)s was sent to %(receiver)s."),
        ),
        _T(
            "receive",
            (S.SENT,),
            S.RECEIVED,
            Side.RECEIVER,
            form="version_only",
            fields=("note",),
            button=_("Confirm receipt"),
            title=_("Confirm receipt of referral #%(number)s"),
            done=_("Receipt of referral #%(number)s is confirmed."),
            inline=True,
        ),
        _T(
            "accept",
            (S.RECEIVED,),
            S.ACCEPTED,
            Side.RECEIVER,
            form="accept",
            fields=("planned_start", "note"),
            button=_("Accept"),
            title=_("Accept referral #%(number)s"),
            done=_("Referral #%(number)s was accepted."),
            decision=True,
            show_reason=True,
        ),
        _T(
            "reject",
            (S.RECEIVED,),
            S.REJECTED,
            Side.RECEIVER,
            form="reject",
            fields=("reason", "advice", "note"),
            button=_("Reject"),
            title=_("Reject referral #%(number)s"),
            done=_("Referral #%(number)s was rejected. The sender gets your advice."),
            decision=True,
            tone="secondary",
            show_reason=True,
        ),
        _T(
            "request_info",
            (S.RECEIVED,),
            S.INFO_REQUESTED,
            Side.RECEIVER,
            form="request_info",
            fields=("note",),
            button=_("Ask for more information"),
            title=_("Ask for more information about referral #%(number)s"),
            done=_("The sender of referral #%(number)s was asked for more information."),
            decision=True,
            tone="secondary",
            show_reason=True,
        ),
        _T(
            "start",
            (S.ACCEPTED,),
            S.STARTED,
            Side.RECEIVER,
            form="version_only",
            fields=("note",),
            button=_("Mark as started"),
            title=_("Start referral #%(number)s"),
            done=_("Referral #%(number)s is started."),
            inline=True,
        ),
        _T(
            "complete",
            (S.STARTED,),
            S.COMPLETED,
            Side.RECEIVER,
            form="complete",
            fields=("completion_reason", "recommendations", "note"),
            button=_("Complete and return with recommendations"),
            title=_("Complete referral #%(number)s"),
            done=_("Referral #%(number)s is completed."),
            decision=True,
        ),
        _T(
            "acknowledge",
            (S.SENT, S.RECEIVED, S.COMPLETED),
            S.ACKNOWLEDGED,
            Side.RECEIVER,
            form="version_only",
            fields=("note",),
            button=_("I have read the recommendations"),
            title=_("Acknowledge referral #%(number)s"),
            done=_("You confirmed that you have read the recommendations in referral #%(number)s."),
            kinds=(Kind.RETURN,),
            inline=True,
        ),
        _T(
            "provide_info",
            (S.INFO_REQUESTED,),
            S.RECEIVED,
            Side.SENDER,
            form="provide_info",
            fields=("note",),
            button=_("Send the information asked for"),
            title=_("Send the information asked for in referral #%(number)s"),
            done=_("The information for referral #%(number)s was sent."),
            show_reason=True,
        ),
        _T(
            "withdraw",
            (S.DRAFT, S.SENT, S.RECEIVED, S.INFO_REQUESTED),
            S.WITHDRAWN,
            Side.SENDER,
            form="withdraw",
            fields=("withdrawal_reason", "note"),
            button=_("Withdraw"),
            title=_("Withdraw referral #%(number)s"),
            done=_("Referral #%(number)s was withdrawn."),
            tone="secondary",
        ),
        _T(
            "reopen_rejected",
            (S.REJECTED,),
            S.RECEIVED,
            Side.RECEIVER,
            form="reopen",
            fields=("note",),
            button=_("Reopen"),
            title=_("Reopen referral #%(number)s"),
            done=_("Referral #%(number)s is reopened. The assessment deadline starts again today."),
            reopens=True,
            show_reason=True,
            tone="secondary",
        ),
        _T(
            "reopen_withdrawn",
            (S.WITHDRAWN,),
            S.DRAFT,
            Side.SENDER,
            form="reopen",
            fields=("note",),
            button=_("Reopen"),
            title=_("Reopen referral #%(number)s"),
            done=_("Referral #%(number)s is reopened as a draft."),
            reopens=True,
            tone="secondary",
        ),
        _T(
            "reopen_completed",
            (S.COMPLETED,),
            S.STARTED,
            Side.RECEIVER,
            form="reopen",
            fields=("note",),
            button=_("Reopen"),
            title=_("Reopen referral #%(number)s"),
            done=_("Referral #%(number)s is reopened."),
            reopens=True,
            tone="secondary",
        ),
    ]
}

#: What a receiver can decide that the sender should notice.
DECISIONS: tuple[Status, ...] = tuple(t.target for t in TRANSITIONS.values() if t.decision)


def transitions_to(to: str) -> list[Transition]:
    """The moves that lead to status `to` ("received" is `receive` from sent
    and `provide_info` from info_requested)."""
    return [t for t in TRANSITIONS.values() if t.target == to]


# --- recommendations (referrals/recommendations.py) ------------------------

#: "My recommendations, not yet answered after 14 days."
UNANSWERED_AFTER_DAYS = 14
#: The council report's "done within 3 months".
DONE_WITHIN_DAYS = 90
#: At most this many items in one return.
MAX_ITEMS = 20


class ProposedOwner(models.TextChoices):
    MUNICIPAL_SERVICE = "municipal_service", _("municipal service")
    GP = "gp", _("GP (regular doctor)")
    DPS_OUTPATIENT = "dps_outpatient", _("DPS outpatient clinic")
    RESIDENCE = "residence", _("residence")
    OTHER = "other", _("other")


class RecommendationStatus(models.TextChoices):
    UNANSWERED = "unanswered", _("not answered yet")
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_POSSIBLE = "not_possible", _("not possible")


#: The answers the municipality can give.
ANSWERS = (
    RecommendationStatus.PLANNED,
    RecommendationStatus.IN_PROGRESS,
    RecommendationStatus.DONE,
    RecommendationStatus.NOT_POSSIBLE,
)
