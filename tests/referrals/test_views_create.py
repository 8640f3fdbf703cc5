"""A new referral: choose the person and kind, get the routed unit
pre-selected, save as a draft or save and send in one transaction."""

import datetime

import pytest
from django.urls import reverse

from referrals.choices import Status
from referrals.models import Referral
from tests import factories

URL = reverse("referrals:referral_create")


def step_two(client, person, kind="assessment"):
    return client.get(URL, {"service_user": person.pk, "kind": kind, "next": "1"})


def form_data(person, receiver, sender, **extra):
    return {
        "service_user": person.pk,
        "kind": "assessment",
        "sender": sender.pk,
        "receiver": receiver.pk,
        "urgency": "ordinary",
        "reason": "Langvarig psykose, aukande rusbruk.",
        "requested": "Vurdering og behandling.",
        **extra,
    }


def test_the_first_step_lists_the_people_in_scope(client, coordinator, service_user, elsewhere):
    hidden = factories.ServiceUserFactory(home_municipality=elsewhere, first_name="Skjult")
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert service_user.first_name in html
    assert hidden.first_name not in html


def test_the_link_from_the_service_user_page_pre_fills_the_person(
    client, coordinator, service_user
):
    client.force_login(coordinator)
    page = client.get(reverse("municipalities:serviceuser_detail", args=[service_user.pk]))
    link = f"{URL}?service_user={service_user.pk}"
    assert link in page.content.decode()
    html = client.get(link).content.decode()
    assert f'<option value="{service_user.pk}" selected>' in html


def test_the_routed_dps_is_pre_selected_for_an_adult(client, coordinator, service_user, dps, bup):
    client.force_login(coordinator)
    response = step_two(client, service_user)
    html = response.content.decode()
    assert response.context["suggested"] == dps
    assert f'<option value="{dps.pk}" selected>' in html


def test_bup_is_pre_selected_for_a_child(client, coordinator, home, dps, bup):
    child = factories.ServiceUserFactory(
        home_municipality=home, born=datetime.date.today() - datetime.timedelta(days=365 * 12)
    )
    client.force_login(coordinator)
    assert step_two(client, child).context["suggested"] == bup


def test_a_read_only_member_may_not_write_referrals(client, reader, service_user):
    client.force_login(reader)
    assert client.get(URL).status_code == 403


def test_an_outsider_cannot_refer_someone_else_s_person(
    client, outsider, service_user, dps, home_service
):
    client.force_login(outsider)
    response = step_two(client, service_user)
    assert 'id="id_service_user_error"' in response.content.decode()
    response = client.post(URL, form_data(service_user, dps, home_service, send="1"))
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_save_as_draft(client, coordinator, service_user, dps, home_service):
    client.force_login(coordinator)
    response = client.post(URL, form_data(service_user, dps, home_service, save_draft="1"))
    referral = Referral.objects.get()
    assert response.url == reverse("referrals:referral_detail", args=[referral.pk])
    assert referral.status == Status.DRAFT
    assert referral.sender_contact == coordinator


def test_save_and_send_with_consent(client, coordinator, service_user, dps, home_service, consent):
    client.force_login(coordinator)
    response = client.post(URL, form_data(service_user, dps, home_service, send="1"), follow=True)
    referral = Referral.objects.get()
    assert referral.status == Status.RECEIVED  # a DPS receives on arrival
    assert referral.assessment_deadline is not None
    assert f"Tilvising #{referral.pk} er send til DPS Indre Sogn." in response.content.decode()


def test_without_consent_the_legal_basis_is_required_and_nothing_is_saved(
    client, coordinator, service_user, dps, home_service
):
    client.force_login(coordinator)
    assert 'name="confirm_legal_basis"' in step_two(client, service_user).content.decode()
    response = client.post(URL, form_data(service_user, dps, home_service, send="1"))
    html = response.content.decode()
    assert 'id="id_confirm_legal_basis_error"' in html
    assert "Langvarig psykose, aukande rusbruk." in html
    assert not Referral.objects.exists()
    client.post(
        URL,
        form_data(
            service_user, dps, home_service, send="1", confirm_legal_basis="consent_obtained"
        ),
    )
    assert Referral.objects.get().status == Status.RECEIVED
    assert service_user.consents.filter(organisation=dps).exists()


def test_another_unit_outside_the_catchment_needs_a_note(
    client, coordinator, service_user, home_service, elsewhere, consent
):
    far = factories.dps_for(elsewhere, name="DPS Nordfjord")
    factories.ConsentFactory(service_user=service_user, organisation=far)
    client.force_login(coordinator)
    response = client.post(URL, form_data(service_user, far, home_service, send="1"))
    html = response.content.decode()
    assert 'id="id_confirm_outside_catchment_note_error"' in html
    assert not Referral.objects.exists()
    client.post(
        URL,
        form_data(
            service_user,
            far,
            home_service,
            send="1",
            confirm_outside_catchment_note="Andre meining etter to avslag.",
        ),
    )
    referral = Referral.objects.get()
    assert "Andre meining etter to avslag." in referral.events.get(to_status="sent").note


def test_a_duplicate_takes_the_coordinator_to_the_open_one(
    client, coordinator, service_user, dps, home_service, make
):
    existing = make("received")
    client.force_login(coordinator)
    response = client.post(URL, form_data(service_user, dps, home_service, save_draft="1"))
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:referral_detail", args=[existing.pk])
    html = client.get(response["Location"]).content.decode()
    assert f"#{existing.pk}" in html and "følg opp denne tilvisinga" in html.lower()
    assert Referral.objects.count() == 1


def test_a_duplicate_the_user_cannot_see_stays_a_message_on_the_form(
    client, service_user, dps, home_service, make, home
):
    make("received")
    other_service = factories.OrganisationFactory(name="Lærdal rus", municipal_service_in=None)
    stranger = factories.member_of(other_service, role="intake", username="rus-tilsett")
    client.force_login(stranger)
    data = form_data(service_user, dps, other_service, save_draft="1")
    response = client.post(URL, data)
    assert response.status_code in (200, 404)
    assert Referral.objects.count() == 1


def test_a_missing_reason_is_shown_next_to_the_field(
    client, coordinator, service_user, dps, home_service
):
    client.force_login(coordinator)
    response = client.post(
        URL, form_data(service_user, dps, home_service, save_draft="1", reason="")
    )
    assert "Skriv grunnen til tilvisinga." in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.parametrize("people", [1, 20])
def test_the_query_count_does_not_grow_with_people(
    client, coordinator, home, service_user, dps, people, django_assert_max_num_queries
):
    factories.ServiceUserFactory.create_batch(people, home_municipality=home)
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
    # Routing, the consent and catchment questions, the unit list and the
    # person's assessments to tick: constant.
    with django_assert_max_num_queries(21):
        assert step_two(client, service_user).status_code == 200
