"""The agreements register, its API, the review panel on the dashboard of
those responsible, and the agreement shown where a referral is written."""

import datetime

import pytest
from django.urls import reverse

from catalogue.flows import governing_agreement
from catalogue.models import Agreement
from municipalities.models import Membership
from tests import factories

REGISTER = reverse("catalogue:agreement_list")
API = "/api/v1/agreements/"
TODAY = datetime.date.today()


@pytest.fixture
def due(region):
    """A service agreement with the residence whose review is due in 30 days."""
    agreement = Agreement.objects.create(
        title="Tenesteavtale om inntak",
        kind=Agreement.Kind.SERVICE,
        valid_from=TODAY - datetime.timedelta(days=700),
        next_review=TODAY + datetime.timedelta(days=30),
    )
    agreement.parties.set([region["home_service"], region["sogndal_service"]])
    return agreement


@pytest.fixture
def expired(region):
    agreement = Agreement.objects.create(
        title="Gammal rutine for utskrivingsmelding",
        kind=Agreement.Kind.ROUTINE,
        valid_from=TODAY - datetime.timedelta(days=900),
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    agreement.parties.set([region["dps"], region["home_service"]])
    return agreement


def test_the_register_shows_reviews_due_within_60_days_and_out_of_date_ones(
    client, coordinator, region, due, expired
):
    client.force_login(coordinator)
    response = client.get(REGISTER)
    assert response.context["due"] == [due]
    assert response.context["out_of_date"] == [expired]
    html = response.content.decode()
    assert (TODAY + datetime.timedelta(days=30)).strftime("%d.%m.%Y") in html


@pytest.mark.parametrize("persona", ["coordinator", "reader", "outsider"])
def test_every_staff_member_reads_the_register_and_an_agreement(
    client, request, region, due, persona
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(REGISTER).status_code == 200
    page = client.get(reverse("catalogue:agreement_detail", args=[due.pk]))
    assert page.status_code == 200
    assert "Tenesteavtale om inntak" in page.content.decode()


def test_a_user_without_membership_gets_404_on_the_register(client, stranger, region, due):
    client.force_login(stranger)
    assert client.get(REGISTER).status_code == 404
    assert client.get(reverse("catalogue:agreement_detail", args=[due.pk])).status_code == 404
    assert client.get(f"{API}{due.pk}/").status_code == 404


def test_the_api_filters_by_organisation_and_due_for_review(client, outsider, region, due, expired):
    client.force_login(outsider)
    titles = lambda **q: [a["title"] for a in client.get(API, q).json()["results"]]  # noqa: E731
    assert titles(due_for_review="true") == ["Tenesteavtale om inntak"]
    assert titles(organisation=region["dps"].pk) == [
        "Gammal rutine for utskrivingsmelding",
        "Samarbeidsavtale psykisk helse og rus",
    ]
    assert titles(organisation=region["sogndal_service"].pk, due_for_review="false") == []
    row = client.get(f"{API}{expired.pk}/").json()
    assert row["out_of_date"] is True and row["due_for_review"] is False
    assert client.get(API, {"organisation": "x"}).status_code == 400


def test_an_agreement_cannot_end_before_it_starts(region):
    from django.core.exceptions import ValidationError

    agreement = Agreement(
        title="Feil",
        kind=Agreement.Kind.ROUTINE,
        valid_from=TODAY,
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "valid_to" in error.value.message_dict


def test_the_flow_finds_the_agreement_that_names_it_and_in_force(region, expired):
    home, dps = region["home_service"], region["dps"]
    assert governing_agreement(home, dps, "assessment") == region["agreement"]
    # The only agreement naming returns has expired; the cooperation agreement
    # does not govern returns.
    expired.flows = ["return"]
    expired.save()
    assert governing_agreement(home, dps, "return") is None
    assert governing_agreement(region["sogndal_service"], dps, "assessment") is None


def test_the_referral_form_shows_the_routine_and_contact_between_sender_and_receiver(
    client, coordinator, region, service_user
):
    client.force_login(coordinator)
    response = client.get(
        reverse("referrals:referral_create"),
        {"service_user": service_user.pk, "kind": "assessment", "next": "1"},
    )
    html = response.content.decode()
    assert response.context["suggested"] == region["dps"]
    assert "Samarbeidsavtale psykisk helse og rus" in html
    assert "Ring inntaksteamet før tilvising ved tvil om nivå." in html
    assert "57 00 00 10" in html


def test_the_referral_form_says_when_no_agreement_governs_the_chosen_pair(
    client, coordinator, region, service_user
):
    client.force_login(coordinator)
    # Posted without a reason: the form comes back for the chosen receiver,
    # the residence's municipal neighbour, with whom nothing is agreed.
    response = client.post(
        reverse("referrals:referral_create"),
        {
            "service_user": service_user.pk,
            "kind": "assessment",
            "sender": region["home_service"].pk,
            "receiver": region["sogndal_service"].pk,
            "urgency": "ordinary",
        },
    )
    html = response.content.decode()
    assert "reason" in response.context["form"].errors
    assert "Ingen gjeldande avtale dekkjer denne flyten mellom desse to partane." in html
    assert "Ring inntaksteamet" not in html


def test_the_responsible_sees_the_review_panel_on_the_dashboard(client, region, due, expired):
    lead = factories.member_of(
        region["home_service"], role=Membership.Role.COORDINATOR, username="ansvarleg"
    )
    due.responsible = lead
    due.save()
    expired.responsible_organisation = region["home_service"]
    expired.save()
    client.force_login(lead)
    html = client.get("/").content.decode()
    assert 'id="agreements-review-title"' in html
    assert reverse("catalogue:agreement_detail", args=[due.pk]) in html
    assert "Tenesteavtale om inntak" in html
    assert "Gammal rutine for utskrivingsmelding" in html


def test_no_review_panel_for_someone_responsible_for_nothing(client, outsider, region, due):
    client.force_login(outsider)
    html = client.get("/").content.decode()
    assert 'id="agreements-review-title"' not in html


def test_the_party_filter_offers_the_parties_of_agreements_the_user_sees(
    client, coordinator, region, due, expired
):
    """Not every organisation in the country: at national scale that select
    held 1 500 names and took most of the page's time."""
    unrelated = factories.OrganisationFactory(name="Ingen avtale kommunale teneste")
    client.force_login(coordinator)
    response = client.get(REGISTER)
    offered = set(response.context["filterset"].form.fields["organisation"].queryset)
    parties = {
        party for agreement in response.context["out_of_date"] for party in agreement.parties.all()
    }
    assert parties <= offered
    assert unrelated not in offered
    assert "Ingen avtale kommunale teneste" not in response.content.decode()
    # Filtering by a party still works; an organisation outside the choices is a field error.
    chosen = client.get(REGISTER, {"organisation": region["dps"].pk})
    assert chosen.status_code == 200
    listed = list(chosen.context["agreements"])
    assert expired in listed and due not in listed
    refused = client.get(REGISTER, {"organisation": unrelated.pk})
    assert refused.status_code == 200
    assert refused.context["filterset"].form.errors["organisation"]
