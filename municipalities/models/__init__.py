"""The parties and the people served: municipalities, organisations, memberships,
service users and what is recorded about them."""

from municipalities.models.organisations import Membership, Municipality, Organisation
from municipalities.models.people import ServiceUser, TimeStamped

from municipalities.models.records import Assessment, Consent, PrivatePurchase  # isort: skip
from municipalities.models.plans import Domain, IndividualPlan, PlanOwnerLogin  # isort: skip
from municipalities.models.plan_goals import (  # isort: skip
    CrisisPlan,
    Evaluation,
    Goal,
    Measure,
    ProgressNote,
)
from municipalities.models.plan_groups import ActionItem, Meeting, Participant  # isort: skip
from municipalities.models.plan_history import PlanHistory  # isort: skip

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
