"""Sending: consent, catchment, arrival at the specialist service, mail."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from municipalities.models import Consent
from referrals.choices import Kind, Status
from referrals.rules import TransitionError
from tests import factories


@pytest.fixture
def no_consent_draft(service_user, home_service, dps, coordinator):
    return factories.ReferralFactory(service_user=service_user, sender=home_service, receiver=dps)


def test_a_dps_receives_the_referral_on_arrival_and_the_clock_starts(draft, coordinator):
    draft.send(by=coordinator)
    draft.refresh_from_db()
    assert draft.status == Status.RECEIVED
    assert draft.received_at == draft.sent_at
    assert draft.assessment_deadline is not None
    sent, received = draft.events.all()
    assert (sent.to_status, sent.by) == ("sent", coordinator)
    assert (received.to_status, received.by) == ("received", None)


def test_sending_without_consent_asks_for_the_legal_basis(no_consent_draft, coordinator):
    with pytest.raises(ValidationError) as error:
        no_consent_draft.send(by=coordinator)
    assert "confirm_legal_basis" in error.value.message_dict
    no_consent_draft.refresh_from_db()
    assert no_consent_draft.status == Status.DRAFT
    assert not no_consent_draft.events.exists()


def test_care_without_consent_is_recorded_in_the_event(no_consent_draft, coordinator):
    no_consent_draft.send(by=coordinator, confirm_legal_basis="without_consent")
    sent = no_consent_draft.events.get(to_status="sent")
    assert "helsehjelp utan samtykke etter lova" in sent.note


def test_consent_obtained_now_is_recorded_as_a_consent(no_consent_draft, coordinator, dps):
    no_consent_draft.send(by=coordinator, confirm_legal_basis="consent_obtained")
    assert "samtykke henta inn no" in no_consent_draft.events.get(to_status="sent").note
    assert Consent.objects.filter(
        service_user=no_consent_draft.service_user, organisation=dps, withdrawn_on=None
    ).exists()


def test_a_withdrawn_consent_does_not_count(no_consent_draft, coordinator, dps):
    factories.ConsentFactory(
        service_user=no_consent_draft.service_user,
        organisation=dps,
        withdrawn_on="2025-06-01",
    )
    with pytest.raises(ValidationError):
        no_consent_draft.send(by=coordinator)


def test_sending_outside_the_catchment_needs_a_note(service_user, home_service, coordinator):
    far_away = factories.dps_for(factories.MunicipalityFactory(), name="DPS Hallingdal")
    factories.ConsentFactory(service_user=service_user, organisation=far_away)
    referral = factories.ReferralFactory(
        service_user=service_user, sender=home_service, receiver=far_away
    )
    with pytest.raises(ValidationError) as error:
        referral.send(by=coordinator)
    assert "confirm_outside_catchment_note" in error.value.message_dict
    referral.send(by=coordinator, confirm_outside_catchment_note="Spesialisert team for ROP")
    assert "Spesialisert team for ROP" in referral.events.get(to_status="sent").note


def test_sending_an_adult_to_bup_needs_a_note(service_user, home_service, bup, coordinator):
    factories.ConsentFactory(service_user=service_user, organisation=bup)
    referral = factories.ReferralFactory(
        service_user=service_user, sender=home_service, receiver=bup
    )
    with pytest.raises(ValidationError, match="alderen"):
        referral.send(by=coordinator)


def test_the_receiving_unit_is_mailed_without_personal_data(
    draft, coordinator, intake, intake_reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft.send(by=coordinator)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [intake.email]
    assert f"#{draft.pk}" in message.subject
    assert draft.service_user.first_name not in message.body
    assert draft.service_user.national_id not in message.body


def test_the_sender_is_mailed_on_every_decision_and_info_request(
    make, intake, coordinator, django_capture_on_commit_callbacks
):
    referral = make("received")
    with django_capture_on_commit_callbacks(execute=True):
        referral.request_info(by=intake, note="Kva medisinar?")
        referral.provide_info(by=coordinator, note="Ingen.")
        referral.reject(by=intake, reason="not_specialist_level", advice="Kommunalt tilbod.")
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 3
    assert mail.outbox[0].to == [coordinator.email]
    assert mail.outbox[1].to == [intake.email]  # the answer goes to the unit
    assert "avslått" in subjects[2]
    assert "ikkje for spesialisthelsetenesta" in mail.outbox[2].body


def test_nothing_is_mailed_when_the_change_rolls_back(
    no_consent_draft, coordinator, intake, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        no_consent_draft.send(by=coordinator)
    assert mail.outbox == []


def test_a_return_needs_recommendations_and_is_acknowledged_by_the_municipality(
    service_user, home_service, dps, coordinator, intake, reader
):
    factories.ConsentFactory(service_user=service_user, organisation=home_service)
    back = factories.ReferralFactory(
        service_user=service_user, sender=dps, receiver=home_service, kind=Kind.RETURN
    )
    with pytest.raises(ValidationError, match="recommendations"):
        back.send(by=intake)
    back.recommendations = "Dagleg tilsyn første månad."
    back.save(update_fields=["recommendations"])
    back.send(by=intake)
    back.refresh_from_db()
    assert back.status == Status.SENT  # a municipal service has no legal clock
    assert back.assessment_deadline is None
    with pytest.raises(PermissionDenied):
        back.acknowledge(by=reader)
    back.acknowledge(by=coordinator, note="Lese og lagt inn i planen.")
    back.refresh_from_db()
    assert back.status == Status.ACKNOWLEDGED


def test_only_returns_are_acknowledged(make, intake):
    referral = make("completed")
    with pytest.raises(TransitionError):
        referral.acknowledge(by=intake)
