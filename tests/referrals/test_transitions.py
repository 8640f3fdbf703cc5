"""Every transition, legal and illegal, for each persona.

The matrix runs on an admission referral to the residence, the one flow where
`sent` and `received` are separate steps (a DPS or BUP receives on arrival,
see test_send.py)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from municipalities.models import Organisation
from referrals.choices import Kind, Status
from referrals.models import Referral, ReferralEvent
from referrals.rules import ConflictError, TransitionError
from tests import factories

S = Status

ARGS = {
    "send": {"confirm_legal_basis": "without_consent"},
    "receive": {},
    "accept": {},
    "reject": {"reason": "not_specialist_level", "advice": "Kommunen kan gi tilbodet."},
    "request_info": {"note": "Kva medisinar brukar personen?"},
    "provide_info": {"note": "Ingen faste medisinar."},
    "start": {},
    "complete": {"completion_reason": "finished", "recommendations": "Oppfølging kvar veke."},
    "withdraw": {"withdrawal_reason": "no_longer_needed"},
}
LEGAL_FROM = {
    "send": {S.DRAFT},
    "receive": {S.SENT},
    "accept": {S.RECEIVED},
    "reject": {S.RECEIVED},
    "request_info": {S.RECEIVED},
    "provide_info": {S.INFO_REQUESTED},
    "start": {S.ACCEPTED},
    "complete": {S.STARTED},
    "withdraw": {S.DRAFT, S.SENT, S.RECEIVED, S.INFO_REQUESTED},
}
RESULT = {
    "send": S.SENT,
    "receive": S.RECEIVED,
    "accept": S.ACCEPTED,
    "reject": S.REJECTED,
    "request_info": S.INFO_REQUESTED,
    "provide_info": S.RECEIVED,
    "start": S.STARTED,
    "complete": S.COMPLETED,
    "withdraw": S.WITHDRAWN,
}
SENDER_METHODS = {"send", "provide_info", "withdraw"}
STATUSES = [
    S.DRAFT,
    S.SENT,
    S.RECEIVED,
    S.INFO_REQUESTED,
    S.ACCEPTED,
    S.REJECTED,
    S.STARTED,
    S.COMPLETED,
    S.WITHDRAWN,
]


@pytest.fixture
def residence(home):
    residence = factories.OrganisationFactory(
        name="Bufellesskapet", kind=Organisation.Kind.RESIDENCE
    )
    residence.catchment.add(home)
    return residence


@pytest.fixture
def residence_team(residence):
    return factories.member_of(residence, role="residence_lead", username="inntaksteam")


@pytest.fixture
def residence_reader(residence):
    return factories.member_of(residence, role="residence_lead", read_only=True, username="lesar2")


@pytest.fixture
def admission(service_user, home_service, residence, coordinator, residence_team):
    def build(status):
        return factories.make_referral(
            status,
            sender_user=coordinator,
            receiver_user=residence_team,
            service_user=service_user,
            sender=home_service,
            receiver=residence,
            kind=Kind.ADMISSION,
        )

    return build


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("method", list(ARGS))
def test_the_member_who_may_act_moves_only_along_legal_transitions(
    admission, coordinator, residence_team, method, status
):
    referral = admission(status)
    actor = coordinator if method in SENDER_METHODS else residence_team
    before = referral.version
    if status in LEGAL_FROM[method]:
        event = getattr(referral, method)(by=actor, **ARGS[method])
        referral.refresh_from_db()
        assert referral.status == RESULT[method]
        assert referral.version == before + 1
        assert (event.from_status, event.to_status, event.by) == (status, RESULT[method], actor)
        assert referral.events.last() == event
    else:
        with pytest.raises(TransitionError) as error:
            getattr(referral, method)(by=actor, **ARGS[method])
        assert str(Status(status).label) in str(error.value)
        referral.refresh_from_db()
        assert (referral.status, referral.version) == (status, before)


@pytest.mark.parametrize("method", list(ARGS))
@pytest.mark.parametrize("persona", ["wrong_side", "reader", "residence_reader", "outsider"])
def test_nobody_but_the_right_side_may_make_a_transition(
    request, admission, coordinator, residence_team, method, persona
):
    referral = admission(sorted(LEGAL_FROM[method])[0])
    users = {
        "wrong_side": residence_team if method in SENDER_METHODS else coordinator,
        "reader": request.getfixturevalue("reader"),
        "residence_reader": request.getfixturevalue("residence_reader"),
        "outsider": request.getfixturevalue("outsider"),
    }
    events = ReferralEvent.objects.count()
    with pytest.raises(PermissionDenied):
        getattr(referral, method)(by=users[persona], **ARGS[method])
    assert ReferralEvent.objects.count() == events
    referral.refresh_from_db()
    assert referral.status == sorted(LEGAL_FROM[method])[0]


def test_it_rejects_a_referral_without_reason_or_advice(make, intake):
    from django.core.exceptions import ValidationError

    referral = make("received")
    with pytest.raises(ValidationError) as error:
        referral.reject(by=intake, reason="", advice="  ")
    assert set(error.value.message_dict) == {"rejection_reason", "advice"}
    referral.refresh_from_db()
    assert referral.status == S.RECEIVED


def test_a_rejection_keeps_reason_advice_and_decision_time(make, intake):
    referral = make("received")
    referral.reject(by=intake, reason="wrong_unit", advice="Send til BUP.", note="Under 18")
    referral.refresh_from_db()
    assert referral.rejection_reason == "wrong_unit"
    assert referral.advice == "Send til BUP."
    assert referral.decided_at is not None
    assert referral.events.last().note == "Under 18"


def test_acceptance_may_carry_a_planned_start(make, intake):
    import datetime

    referral = make("received")
    start = timezone.localdate() + datetime.timedelta(days=7)  # a fixed date goes stale
    referral.accept(by=intake, planned_start=start)
    referral.refresh_from_db()
    assert referral.planned_start == start


def test_a_stale_version_is_a_conflict_and_changes_nothing(make, intake):
    referral = make("received")
    stale = referral.version - 1
    with pytest.raises(ConflictError):
        referral.accept(by=intake, version=stale)
    referral.refresh_from_db()
    assert referral.status == S.RECEIVED


def test_the_same_version_twice_lets_only_the_first_decide(make, intake):
    referral = make("received")
    version = referral.version
    Referral.objects.get(pk=referral.pk).accept(by=intake, version=version)
    with pytest.raises(ConflictError):
        Referral.objects.get(pk=referral.pk).reject(
            by=intake, reason="other", advice="x", version=version
        )


def test_a_stale_object_without_version_gets_the_current_status_in_the_error(make, intake):
    referral = make("received")
    Referral.objects.get(pk=referral.pk).accept(by=intake)
    with pytest.raises(TransitionError, match="godteken"):
        referral.reject(by=intake, reason="other", advice="x")


def test_an_info_request_needs_a_question_and_an_answer(make, intake, coordinator):
    from django.core.exceptions import ValidationError

    referral = make("received")
    with pytest.raises(ValidationError) as error:
        referral.request_info(by=intake, note="")
    assert "note" in error.value.message_dict
    referral.request_info(by=intake, note="Kva diagnose?")
    with pytest.raises(ValidationError):
        referral.provide_info(by=coordinator, note=" ")


def test_the_receiver_cannot_answer_its_own_info_request_by_receiving_again(make, intake):
    referral = make("info_requested")
    with pytest.raises(TransitionError):
        referral.receive(by=intake)


@pytest.fixture
def return_referral(service_user, home_service, dps, intake, coordinator):
    factories.ConsentFactory(service_user=service_user, organisation=home_service)

    def build(status):
        referral = factories.ReferralFactory(
            service_user=service_user,
            sender=dps,
            receiver=home_service,
            kind=Kind.RETURN,
            recommendations="Fast kontaktperson.",
        )
        if status == S.WITHDRAWN:
            referral.withdraw(by=intake, withdrawal_reason="no_longer_needed")
        if status in (S.SENT, S.RECEIVED, S.ACKNOWLEDGED):
            referral.send(by=intake)
        if status == S.RECEIVED:
            referral.receive(by=coordinator)
        if status == S.ACKNOWLEDGED:
            referral.acknowledge(by=coordinator)
        referral.refresh_from_db()
        return referral

    return build


@pytest.mark.parametrize(
    "status,legal",
    [
        (S.DRAFT, False),
        (S.SENT, True),
        (S.RECEIVED, True),
        (S.WITHDRAWN, False),
        (S.ACKNOWLEDGED, False),
    ],
)
def test_the_municipality_acknowledges_a_return_once_it_has_arrived(
    return_referral, coordinator, status, legal
):
    referral = return_referral(status)
    if legal:
        event = referral.acknowledge(by=coordinator, note="Lese.")
        assert (event.from_status, event.to_status, event.by) == (
            status,
            S.ACKNOWLEDGED,
            coordinator,
        )
    else:
        with pytest.raises(TransitionError):
            referral.acknowledge(by=coordinator)


@pytest.mark.parametrize("persona", ["intake", "reader", "outsider"])
def test_only_a_member_of_the_receiving_service_acknowledges(request, return_referral, persona):
    referral = return_referral(S.SENT)
    with pytest.raises(PermissionDenied):
        referral.acknowledge(by=request.getfixturevalue(persona))
