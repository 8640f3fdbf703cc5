"""The transition pages: one form per move, errors next to the fields, a
conflict shown as the referral's current state, never half-saved."""

import pytest
from django.urls import reverse

from referrals.choices import Kind, Status
from tests import factories


def url(referral, action):
    return reverse("referrals:referral_transition", args=[referral.pk, action])


def detail(referral):
    return reverse("referrals:referral_detail", args=[referral.pk])


# --- personas ------------------------------------------------------------


def test_the_intake_clinician_gets_the_reject_form(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    response = client.get(url(referral, "reject"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>Avslå tilvising #{referral.pk}</h1>" in html
    assert f'name="version" value="{referral.version}"' in html
    assert 'name="reason"' in html and 'name="advice"' in html


def test_a_read_only_member_gets_403(client, intake_reader, make):
    referral = make("received")
    client.force_login(intake_reader)
    assert client.get(url(referral, "reject")).status_code == 403
    response = client.post(
        url(referral, "reject"),
        {"version": referral.version, "reason": "other", "advice": "Nei."},
    )
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_an_outsider_gets_404(client, outsider, make):
    referral = make("received")
    client.force_login(outsider)
    assert client.get(url(referral, "reject")).status_code == 404
    assert client.post(url(referral, "reject"), {"version": 1}).status_code == 404


def test_the_sender_may_not_decide(client, coordinator, make):
    referral = make("received")
    client.force_login(coordinator)
    assert client.get(url(referral, "accept")).status_code == 403
    assert client.post(url(referral, "accept"), {"version": referral.version}).status_code == 403
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_an_unknown_action_is_404(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    assert client.get(url(referral, "delete")).status_code == 404


# --- reject --------------------------------------------------------------


def test_a_rejection_without_reason_or_advice_shows_both_errors_next_to_the_fields(
    client, intake, make
):
    referral = make("received")
    client.force_login(intake)
    response = client.post(url(referral, "reject"), {"version": referral.version, "note": "Hm"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_reason_error"' in html and "Vel grunnen til avslaget." in html
    assert 'id="id_advice_error"' in html
    assert "Gi avsendaren råd om kva som kan gjerast i staden." in html
    assert "Hm</textarea>" in html  # what was typed is kept
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    assert referral.events.filter(to_status="rejected").count() == 0


def test_blank_advice_is_refused_by_the_model_too(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    response = client.post(
        url(referral, "reject"), {"version": referral.version, "reason": "other", "advice": "   "}
    )
    assert 'id="id_advice_error"' in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_a_rejection_with_reason_and_advice_is_saved_and_shown(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    response = client.post(
        url(referral, "reject"),
        {
            "version": referral.version,
            "reason": "not_specialist_level",
            "advice": "Prøv kommunal ROP-teneste først.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == detail(referral)
    assert f"Tilvising #{referral.pk} er avslått." in html
    assert "Prøv kommunal ROP-teneste først." in html
    referral.refresh_from_db()
    assert referral.status == Status.REJECTED
    assert referral.rejection_reason == "not_specialist_level"


# --- conflicts -------------------------------------------------------------


def test_a_stale_version_shows_the_current_state_not_an_error_page(
    client, intake, make, dps, django_user_model
):
    referral = make("received")
    colleague = factories.member_of(dps, role="intake", username="kollega")
    seen = referral.version
    referral.accept(by=colleague, version=seen)
    client.force_login(intake)
    response = client.post(
        url(referral, "reject"), {"version": seen, "reason": "other", "advice": "For seint."}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Nokon andre endra tilvisinga" in html
    assert f"<h1>Tilvising #{referral.pk}" in html
    assert "godteken" in html  # the current status
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    assert referral.rejection_reason == ""


def test_a_move_the_status_no_longer_allows_shows_the_referral_with_a_message(
    client, coordinator, make
):
    referral = make("accepted")
    client.force_login(coordinator)
    response = client.post(
        url(referral, "withdraw"),
        {"version": referral.version, "withdrawal_reason": "no_longer_needed"},
    )
    assert response.status_code == 409
    assert "kan ikkje bli trekt tilbake" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_opening_a_form_that_no_longer_applies_explains_why(client, intake, make):
    referral = make("rejected")
    client.force_login(intake)
    response = client.get(url(referral, "accept"))
    assert response.status_code == 409
    assert "kan ikkje gjerast lenger" in response.content.decode()


def test_a_missing_version_counts_as_an_out_of_date_page(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    response = client.post(url(referral, "accept"), {})
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


# --- the other moves -------------------------------------------------------


def test_a_request_for_information_needs_a_note(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    response = client.post(url(referral, "request_info"), {"version": referral.version})
    assert "Skriv kva informasjon de treng." in response.content.decode()
    response = client.post(
        url(referral, "request_info"),
        {"version": referral.version, "note": "Epikrise frå fastlegen?"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.INFO_REQUESTED


def test_the_sender_answers_an_information_request(client, coordinator, make):
    referral = make("info_requested")
    client.force_login(coordinator)
    response = client.post(url(referral, "provide_info"), {"version": referral.version})
    assert "Skriv informasjonen det vart bede om." in response.content.decode()
    client.post(
        url(referral, "provide_info"), {"version": referral.version, "note": "Vedlagt epikrise."}
    )
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    assert referral.events.last().note == "Vedlagt epikrise."


def test_accepting_with_a_planned_start_in_norwegian_date_format(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    response = client.post(
        url(referral, "accept"), {"version": referral.version, "planned_start": "32.13.2026"}
    )
    assert 'id="id_planned_start_error"' in response.content.decode()
    client.post(
        url(referral, "accept"), {"version": referral.version, "planned_start": "05.01.2027"}
    )
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    assert referral.planned_start.isoformat() == "2027-01-05"


def test_start_is_one_click_from_the_detail_page(client, intake, make):
    referral = make("accepted")
    client.force_login(intake)
    html = client.get(detail(referral)).content.decode()
    assert f'action="{url(referral, "start")}"' in html
    client.post(url(referral, "start"), {"version": referral.version})
    referral.refresh_from_db()
    assert referral.status == Status.STARTED


def test_completing_keeps_the_recommendations(client, intake, make):
    referral = make("started")
    client.force_login(intake)
    client.post(
        url(referral, "complete"),
        {
            "version": referral.version,
            "completion_reason": "finished",
            "recommendations": "Oppfølging kvar veke.",
        },
    )
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.recommendations == "Oppfølging kvar veke."


def test_the_sender_withdraws_with_a_reason(client, coordinator, make):
    referral = make("received")
    client.force_login(coordinator)
    client.post(
        url(referral, "withdraw"),
        {"version": referral.version, "withdrawal_reason": "other", "note": "Flytta."},
    )
    referral.refresh_from_db()
    assert (referral.status, referral.withdrawal_reason) == (Status.WITHDRAWN, "other")


def test_the_municipality_acknowledges_a_return(
    client, coordinator, reader, service_user, home_service, dps, intake
):
    referral = factories.make_referral(
        "sent",
        sender_user=intake,
        receiver_user=coordinator,
        service_user=service_user,
        sender=dps,
        receiver=home_service,
        kind=Kind.RETURN,
        recommendations="Fast kontaktperson.",
    )
    client.force_login(reader)
    assert client.post(url(referral, "acknowledge"), {"version": referral.version}).status_code == (
        403
    )
    client.force_login(coordinator)
    html = client.get(detail(referral)).content.decode()
    assert "Fast kontaktperson." in html and "Eg har lese tilrådingane" in html
    client.post(url(referral, "acknowledge"), {"version": referral.version})
    referral.refresh_from_db()
    assert referral.status == Status.ACKNOWLEDGED


def test_sending_a_draft_asks_for_the_legal_basis_when_there_is_no_consent(
    client, coordinator, service_user, home_service, dps
):
    draft = factories.ReferralFactory(service_user=service_user, sender=home_service, receiver=dps)
    client.force_login(coordinator)
    page = client.get(url(draft, "send")).content.decode()
    assert 'name="confirm_legal_basis"' in page
    assert 'name="confirm_outside_catchment_note"' not in page
    response = client.post(url(draft, "send"), {"version": draft.version})
    assert 'id="id_confirm_legal_basis_error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    client.post(
        url(draft, "send"), {"version": draft.version, "confirm_legal_basis": "without_consent"}
    )
    draft.refresh_from_db()
    assert draft.status == Status.RECEIVED  # a DPS receives on arrival
    sent = draft.events.get(to_status="sent")
    assert sent.note == "Rettsleg grunnlag stadfest: helsehjelp utan samtykke etter lova."


@pytest.mark.parametrize("action", ["reject", "accept"])
def test_the_form_page_costs_the_same_queries_whatever_the_history(
    client, intake, coordinator, make, action, django_assert_max_num_queries
):
    referral = make("received")
    for _ in range(5):
        referral.request_info(by=intake, note="Meir?")
        referral.provide_info(by=coordinator, note="Her.")
    client.force_login(intake)
    with django_assert_max_num_queries(11):
        assert client.get(url(referral, action)).status_code == 200
