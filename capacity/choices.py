"""The residence's vocabulary: statuses, priorities, stay and unit kinds, and
the application's transition table.

Models, services, forms, filters, the API and the dashboards read these
names from here; no capacity status is typed as a string anywhere else.
This module imports nothing from the app, so every other module can import it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    OFFERED = "offered", _("offered a place")
    ACCEPTED = "accepted", _("offer accepted")
    DECLINED = "declined", _("declined")
    ADMITTED = "admitted", _("admitted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("offer expired")


class ApplicationPriority(models.IntegerChoices):
    # Stored as numbers so the waiting list sorts by priority in SQL.
    URGENT = 1, _("urgent")
    HIGH = 2, _("high")
    NORMAL = 3, _("normal")


#: On the waiting list: a person has at most one open application per residence.
OPEN = (ApplicationStatus.WAITING, ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED)
#: Holding a place for the applicant until admission.
HOLDING_A_PLACE = (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED)
#: Closed without an admission: these carry a reason category.
CLOSED_WITHOUT_ADMISSION = (
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.EXPIRED,
)


class StayEndReason(models.TextChoices):
    PLANNED = "planned", _("planned move to own home")
    OWN_WISH = "own_wish", _("the resident's own wish")
    HOSPITAL = "hospital", _("admitted to hospital")
    OTHER_SERVICE = "other_service", _("moved to another service")
    DEATH = "death", _("death")
    OTHER = "other", _("other")


class ApplicationCloseReason(models.TextChoices):
    """Why an application was closed without an admission (withdrawn,
    declined, the offer declined or run out): reported by category, with
    words in the note when it is "other"."""

    NO_LONGER_NEEDED = "no_longer_needed", _("no longer needed")
    PERSON_DECLINED = "person_declined", _("the person declined")
    OTHER_SERVICE = "other_service", _("another service meets the need")
    NOT_ELIGIBLE = "not_eligible", _("does not meet the residence's criteria")
    MOVED = "moved", _("the person moved")
    DECEASED = "deceased", _("the person died")
    OFFER_EXPIRED = "offer_expired", _("the offer ran out")
    OTHER = "other", _("other")


#: The reasons a person chooses (an offer runs out by the clock alone).
CLOSE_REASONS_TO_CHOOSE = [
    (value, label)
    for value, label in ApplicationCloseReason.choices
    if value != ApplicationCloseReason.OFFER_EXPIRED
]


class UnitKind(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary")
    SHIELDED = "shielded", _("shielded")


class Side(models.TextChoices):
    """Who acts on an application."""

    INTAKE = "intake", _("the residence's intake team")
    COORDINATOR = "coordinator", _("the applicant's coordinator")
    EITHER = "either", _("the intake team or the applicant's coordinator")
    SYSTEM = "system", _("BOPS itself")


class ApplicationAction(models.TextChoices):
    """What an application event records: a transition's name, or a change
    that keeps the status (the intake team's priority)."""

    APPLY = "apply", _("applied")
    OFFER = "offer", _("offered a place")
    ACCEPT_OFFER = "accept_offer", _("accepted the offer")
    DECLINE_OFFER = "decline_offer", _("declined the offer")
    DECLINE = "decline", _("declined the application")
    WITHDRAW = "withdraw", _("withdrew the application")
    EXPIRE = "expire", _("the offer expired")
    ADMIT = "admit", _("admitted")
    PRIORITISE = "prioritise", _("set the priority")


#: The moves that close an application without an admission: each needs a
#: reason category (and a note when it is "other").
CLOSING = (
    ApplicationAction.DECLINE_OFFER,
    ApplicationAction.DECLINE,
    ApplicationAction.WITHDRAW,
)


@dataclass(frozen=True)
class Transition:
    """One move of an application: its name (the model method and the API
    action), the statuses it starts from, where it ends, who acts, the form
    the page shows for it (a `capacity.forms` class name, or "" for a plain
    button) and its wording (button, and the message after success)."""

    name: str
    sources: tuple[str, ...]
    target: str
    side: str
    form: str
    button: str
    done: str

    def allows(self, status: str) -> bool:
        return status in self.sources


S = ApplicationStatus
A = ApplicationAction

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            A.OFFER,
            (S.WAITING,),
            S.OFFERED,
            Side.INTAKE,
            "OfferForm",
            _("Offer the place"),
            _("The place was offered."),
        ),
        Transition(
            A.ACCEPT_OFFER,
            (S.OFFERED,),
            S.ACCEPTED,
            Side.COORDINATOR,
            "",
            _("Accept the offer"),
            _("The offer was accepted on the person's behalf."),
        ),
        Transition(
            A.DECLINE_OFFER,
            (S.OFFERED,),
            S.DECLINED,
            Side.COORDINATOR,
            "DecisionNoteForm",
            _("Decline the offer"),
            _("The offer was declined on the person's behalf."),
        ),
        Transition(
            A.DECLINE,
            OPEN,
            S.DECLINED,
            Side.INTAKE,
            "DecisionNoteForm",
            _("Decline the application"),
            _("The application was declined."),
        ),
        Transition(
            A.WITHDRAW,
            OPEN,
            S.WITHDRAWN,
            Side.EITHER,
            "DecisionNoteForm",
            _("Withdraw the application"),
            _("The application was withdrawn."),
        ),
        Transition(
            A.EXPIRE,
            (S.OFFERED,),
            S.EXPIRED,
            Side.SYSTEM,
            "",
            "",
            _("The offer was not answered in time."),
        ),
        Transition(
            A.ADMIT,
            OPEN,
            S.ADMITTED,
            Side.INTAKE,
            "AdmitForm",
            _("Admit"),
            _("The person was admitted."),
        ),
    )
}

del S, A
