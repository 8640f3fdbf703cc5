"""The parties and the people served: municipalities, organisations, memberships,
service users and what is recorded about them."""

from municipalities.models.organisations import Membership, Municipality, Organisation
from municipalities.models.people import ServiceUser, TimeStamped
from municipalities.models.records import Assessment, Consent, PrivatePurchase

__all__ = [
    "Municipality",
    "Organisation",
    "Membership",
    "TimeStamped",
    "ServiceUser",
    "Consent",
    "Assessment",
    "PrivatePurchase",
]
