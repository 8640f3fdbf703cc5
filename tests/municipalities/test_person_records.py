"""The person's page: assessments, consents and private purchases are added,
withdrawn and ended there, with the rules of editing the person."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from municipalities.models import Assessment, Consent, PrivatePurchase
from tests import factories

TODAY = datetime.date(2026, 3, 10)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def person(home, coordinator):
    return factories.ServiceUserFactory(home_municipality=home)


def scores(**extra):
    return {domain: "2" for domain in Assessment.DOMAINS} | extra


def test_a_coordinator_adds_an_assessment_from_the_persons_page(client, coordinator, person):
    client.force_login(coordinator)
    page = client.get(reverse("municipalities:serviceuser_detail", args=[person.pk]))
    url = reverse("municipalities:assessment_create", args=[person.pk])
    assert url in page.content.decode()
    response = client.post(url, scores(assessed_on="01.03.2026"))
    assert response.status_code == 302
    assessment = Assessment.objects.get(service_user=person)
    assert assessment.assessed_on == datetime.date(2026, 3, 1)
    assert assessment.assessor == coordinator


def test_an_assessment_dated_in_the_future_is_refused_with_a_message(client, coordinator, person):
    client.force_login(coordinator)
    url = reverse("municipalities:assessment_create", args=[person.pk])
    response = client.post(url, scores(assessed_on="01.01.2099"))
    assert response.status_code == 400
    assert "fram i tid" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_consent_is_registered_and_withdrawn_and_kept_as_history(client, coordinator, person):
    dps = factories.OrganisationFactory(name="DPS Indre Sogn", kind="dps")
    client.force_login(coordinator)
    client.post(
        reverse("municipalities:consent_create", args=[person.pk]),
        {"organisation": dps.pk, "given_on": "01.02.2026"},
    )
    consent = Consent.objects.get(service_user=person)
    url = reverse("municipalities:consent_withdraw", args=[consent.pk])
    assert (
        url
        in client.get(
            reverse("municipalities:serviceuser_detail", args=[person.pk])
        ).content.decode()
    )
    response = client.post(url, {"day": "09.03.2026"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2026, 3, 9)
    assert not consent.is_active()


def test_a_withdrawal_before_the_consent_was_given_is_refused(client, coordinator, person):
    consent = factories.ConsentFactory(service_user=person, given_on=datetime.date(2026, 2, 1))
    client.force_login(coordinator)
    url = reverse("municipalities:consent_withdraw", args=[consent.pk])
    response = client.post(url, {"day": "01.01.2026"})
    assert response.status_code == 400
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_private_purchase_is_registered_and_ended(client, coordinator, person, home):
    client.force_login(coordinator)
    client.post(
        reverse("municipalities:purchase_create", args=[person.pk]),
        {
            "municipality": home.pk,
            "provider": "Privat omsorg AS",
            "daily_cost": "7450",
            "start_date": "01.01.2026",
        },
    )
    purchase = PrivatePurchase.objects.get(service_user=person)
    assert purchase.end_date is None
    response = client.post(
        reverse("municipalities:purchase_end", args=[purchase.pk]), {"day": "28.02.2026"}
    )
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert purchase.end_date == datetime.date(2026, 2, 28)


def test_a_read_only_member_sees_no_actions_and_gets_403(client, reader, person):
    client.force_login(reader)
    page = client.get(
        reverse("municipalities:serviceuser_detail", args=[person.pk])
    ).content.decode()
    assert reverse("municipalities:consent_create", args=[person.pk]) not in page
    for name in ("assessment_create", "consent_create", "purchase_create"):
        assert client.get(reverse(f"municipalities:{name}", args=[person.pk])).status_code == 403


def test_an_outsider_gets_404(client, outsider, person):
    client.force_login(outsider)
    for name in ("assessment_create", "consent_create", "purchase_create"):
        assert client.get(reverse(f"municipalities:{name}", args=[person.pk])).status_code == 404
    consent = factories.ConsentFactory(service_user=person)
    url = reverse("municipalities:consent_withdraw", args=[consent.pk])
    assert client.post(url, {"day": "09.03.2026"}).status_code == 404


def test_the_page_links_the_access_log_and_export_for_the_coordinator(client, coordinator, person):
    client.force_login(coordinator)
    page = client.get(
        reverse("municipalities:serviceuser_detail", args=[person.pk])
    ).content.decode()
    assert reverse("privacy:access_log", args=[person.pk]) in page
    assert reverse("privacy:export_pdf", args=[person.pk]) in page


def test_the_residence_lead_sees_no_privacy_links(client, person):
    residence = factories.OrganisationFactory(kind="residence")
    lead = factories.member_of(residence, role="residence_lead", username="leiar")
    client.force_login(lead)
    response = client.get(reverse("municipalities:serviceuser_detail", args=[person.pk]))
    if response.status_code == 200:
        assert reverse("privacy:access_log", args=[person.pk]) not in response.content.decode()


def test_opening_a_form_about_the_person_is_in_their_access_log(client, coordinator, person):
    from bops.audit import AccessLog

    client.force_login(coordinator)
    client.get(reverse("municipalities:consent_create", args=[person.pk]))
    assert AccessLog.objects.filter(service_user=person, user=coordinator).exists()
