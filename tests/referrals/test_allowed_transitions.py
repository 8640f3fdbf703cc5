"""`referral.allowed_transitions(user)` – what the pages offer – agrees with
what the transition methods really allow, for every status and persona."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from referrals.choices import Kind
from referrals.models import Referral
from referrals.rules import ConflictError, TransitionError
from tests import factories

KWARGS = {
    "send": {"confirm_legal_basis": "without_consent", "confirm_outside_catchment_note": "test"},
    "receive": {},
    "accept": {},
    "reject": {"reason": "other", "advice": "Prøv kommunen."},
    "request_info": {"note": "Kva medisinar?"},
    "provide_info": {"note": "Desse."},
    "start": {},
    "complete": {"completion_reason": "finished", "recommendations": "Følg opp."},
    "withdraw": {"withdrawal_reason": "no_longer_needed"},
    "acknowledge": {},
    "reopen_rejected": {"note": "Ny vurdering."},
    "reopen_withdrawn": {"note": "Likevel aktuell."},
    "reopen_completed": {"note": "Treng meir oppfølging."},
}


class Rollback(Exception):
    pass


def really_allowed(referral, user) -> list[str]:
    allowed = []
    for name, kwargs in KWARGS.items():
        fresh = Referral.objects.get(pk=referral.pk)
        try:
            with transaction.atomic():
                getattr(fresh, name)(by=user, **kwargs)
                raise Rollback
        except Rollback:
            allowed.append(name)
        except (PermissionDenied, TransitionError, ConflictError, ValidationError):
            pass
    return allowed


STATUSES = [
    "draft",
    "received",
    "info_requested",
    "accepted",
    "rejected",
    "started",
    "completed",
    "withdrawn",
]


@pytest.mark.parametrize("status", STATUSES)
def test_the_buttons_match_the_methods_for_every_persona(
    status, make, coordinator, reader, intake, intake_reader, outsider
):
    referral = make(status)
    for user in (coordinator, reader, intake, intake_reader, outsider):
        assert referral.allowed_transitions(user) == really_allowed(referral, user), user.username


@pytest.mark.parametrize("status", ["sent", "received", "completed"])
def test_a_return_is_acknowledged_by_the_municipality(
    status, service_user, home_service, dps, coordinator, reader, intake
):
    referral = factories.make_referral(
        status,
        sender_user=intake,
        receiver_user=coordinator,
        service_user=service_user,
        sender=dps,
        receiver=home_service,
        kind=Kind.RETURN,
        recommendations="Følg opp medisinering.",
    )
    assert "acknowledge" in referral.allowed_transitions(coordinator)
    for user in (coordinator, reader, intake):
        assert referral.allowed_transitions(user) == really_allowed(referral, user)


def test_the_helper_needs_no_queries_once_memberships_are_loaded(
    make, intake, django_assert_num_queries
):
    referral = make("received")
    referral.allowed_transitions(intake)
    with django_assert_num_queries(0):
        assert referral.allowed_transitions(intake) == ["accept", "reject", "request_info"]
