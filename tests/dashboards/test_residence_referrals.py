"""New admission referrals show on the residence lead's dashboard."""

from django.urls import reverse

from referrals.choices import Kind
from tests import factories


def test_a_sent_admission_referral_shows_on_the_residence_leads_dashboard(
    client, home, coordinator, home_service
):
    residence = factories.OrganisationFactory(name="Lærdal bufellesskap", kind="residence")
    lead = factories.member_of(residence, role="residence_lead", username="leiar")
    person = factories.ServiceUserFactory(home_municipality=home, first_name="Ragnhild")
    referral = factories.make_referral(
        "sent",
        sender_user=coordinator,
        receiver_user=lead,
        service_user=person,
        sender=home_service,
        receiver=residence,
        kind=Kind.ADMISSION,
    )
    client.force_login(lead)
    body = client.get(reverse("home")).content.decode()
    assert reverse("referrals:referral_detail", args=[referral.pk]) in body
    assert "Ragnhild" in body


def test_an_empty_residence_inbox_says_so(client, db):
    residence = factories.OrganisationFactory(kind="residence")
    lead = factories.member_of(residence, role="residence_lead", username="leiar")
    client.force_login(lead)
    assert "Ingen opne tilvisingar om plass." in client.get(reverse("home")).content.decode()
