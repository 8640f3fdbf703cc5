"""The parties and the people served: municipalities, organisations, memberships,
service users and what is recorded about them."""

from municipalities.models.organisations import Membership, Municipality, Organisation
from municipalities.models.people import ServiceUser, TimeStamped

from municipalities.models.records import Assessment, Consent, PrivatePurchase  # isort: skip
from municipalities.models.plans import (  # isort: skip
    ActionItem,
    CrisisPlan,
    Domain,
    Evaluation,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Participant,
    PlanHistory,
    PlanOwnerLogin,
    ProgressNote,
)

__all__ = [
    "Municipality",
    "Organisation",
    "Membership",
    "TimeStamped",
    "ServiceUser",
    "Consent",
    "Assessment",
    "PrivatePurchase",
    "IndividualPlan",
    "Domain",
    "Goal",
    "ProgressNote",
    "Measure",
    "CrisisPlan",
    "Evaluation",
    "Participant",
    "Meeting",
    "ActionItem",
    "PlanHistory",
    "PlanOwnerLogin",
]
