"""Who can help? The catalogue search on the region's real shape, as a page
and through the API, and its link from a person's page."""

import datetime

import pytest
from django.urls import reverse

from catalogue.models import Measure
from tests import factories

PAGE = reverse("catalogue:measure_list")
API = "/api/v1/measures/"


def names(response) -> set[str]:
    return {m.name for m in response.context["measures"]}


def test_a_15_year_old_in_luster_gets_bups_youth_team_not_the_dps(
    client, coordinator, region, luster
):
    client.force_login(coordinator)
    found = names(client.get(PAGE, {"age": 15, "municipality": luster.pk}))
    assert "BUP ungdomsteam (12–18)" in found
    assert "DPS Indre Sogn poliklinikk" not in found
    assert "BUP barneteam (0–11)" not in found
    assert "BUP sped- og småbarnsteam (0–6)" not in found
    assert "Bu- og omsorgstilbodet i Lærdal" not in found


def test_an_adult_in_laerdal_gets_the_dps_but_not_sogndals_day_centre(
    client, coordinator, region, home
):
    client.force_login(coordinator)
    found = names(client.get(PAGE, {"age": 40, "municipality": home.pk}))
    assert {
        "DPS Indre Sogn poliklinikk",
        "FACT Indre Sogn",
        "Bu- og omsorgstilbodet i Lærdal",
    } <= found
    assert "Dagaktivitet Fjordstova" not in found
    assert not any(name.startswith("BUP") for name in found)


def test_need_and_pathway_narrow_the_search(client, coordinator, region, luster):
    client.force_login(coordinator)
    housing = names(client.get(PAGE, {"age": 40, "municipality": luster.pk, "domain": "housing"}))
    assert housing == {"FACT Indre Sogn", "Bu- og omsorgstilbodet i Lærdal"}
    pathway_2 = names(client.get(PAGE, {"age": 40, "domain": "housing", "pathway": 2}))
    assert pathway_2 == set()  # both are for pathway 3 only


def test_the_page_says_how_to_refer_and_how_many_places_are_free(client, coordinator, region):
    client.force_login(coordinator)
    html = client.get(PAGE, {"kind": "day_activity"}).content.decode()
    assert "Fjordstova" in html and "57 00 00 50" in html and "kvardagar 09–15" in html
    html = client.get(PAGE, {"kind": "residence"}).content.decode()
    assert "2 / 20" in html


def test_a_bad_age_is_a_message_on_the_form_not_an_error(client, coordinator, region):
    client.force_login(coordinator)
    response = client.get(PAGE, {"age": "-3"})
    assert response.status_code == 200
    assert response.context["filterset"].form.errors["age"]


@pytest.mark.parametrize("persona", ["coordinator", "reader", "outsider"])
def test_every_staff_member_reads_the_catalogue_and_a_measure(client, request, region, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == 200
    page = client.get(reverse("catalogue:measure_detail", args=[region["bup_12_18"].pk]))
    assert page.status_code == 200
    assert "Samarbeidsavtale psykisk helse og rus" in page.content.decode()


def test_a_user_without_membership_gets_404_and_anonymous_the_login(client, stranger, region):
    detail = reverse("catalogue:measure_detail", args=[region["fact"].pk])
    assert client.get(PAGE).status_code == 302
    client.force_login(stranger)
    assert client.get(PAGE).status_code == 404
    assert client.get(detail).status_code == 404
    assert client.get(API).status_code in (200, 404)
    assert client.get(API).json().get("results", []) == []


def test_the_api_filters_by_municipality_age_kind_and_domain(client, outsider, region, luster):
    client.force_login(outsider)
    data = client.get(API, {"municipality": luster.pk, "age": 15}).json()
    assert [m["name"] for m in data["results"]] == ["BUP ungdomsteam (12–18)"]
    row = data["results"][0]
    assert set(row) >= {
        "name", "kind", "provider", "min_age", "max_age", "municipalities",
        "how_to_refer", "free_places", "agreement",
    }  # fmt: skip
    assert row["provider"]["name"] == "Sogndal BUP"
    assert row["how_to_refer"]["referral_kind"] == "assessment"
    assert row["how_to_refer"]["receiver"] == region["bup"].pk
    assert row["agreement"] == region["agreement"].pk
    assert luster.number in {m["number"] for m in row["municipalities"]}
    kinds = client.get(API, {"kind": "bup_team", "domain": "network"}).json()
    assert len(kinds["results"]) == 3
    assert client.get(API, {"domain": "nonsense"}).status_code == 400


def test_the_api_is_read_only_even_for_the_acting_member(client, coordinator, region):
    client.force_login(coordinator)
    url = f"{API}{region['fact'].pk}/"
    assert client.get(url).status_code == 200
    assert client.delete(url).status_code == 405
    assert client.post(API, {"name": "Nytt"}).status_code == 405


def test_the_persons_page_links_to_the_search_with_age_pathway_municipality_and_needs(
    client, coordinator, region, luster
):
    born = datetime.date.today().replace(year=datetime.date.today().year - 15) - datetime.timedelta(
        days=10
    )
    teen = factories.ServiceUserFactory(home_municipality=luster, born=born, main_pathway=2)
    factories.AssessmentFactory(service_user=teen, housing=1, network=4, mental_health=3)
    home_service_luster = factories.OrganisationFactory(municipal_service_in=luster)
    luster_coordinator = factories.member_of(home_service_luster, username="koordinator-luster")
    client.force_login(luster_coordinator)
    html = client.get(reverse("municipalities:serviceuser_detail", args=[teen.pk])).content.decode()
    link = f"{PAGE}?age=15&amp;pathway=2&amp;municipality={luster.pk}"
    assert link in html
    assert f"{link}&amp;domain=network" in html
    assert f"{link}&amp;domain=mental_health" in html
    assert "domain=housing" not in html
    found = names(client.get(PAGE, {"age": 15, "pathway": 2, "municipality": luster.pk}))
    assert found == {"BUP ungdomsteam (12–18)"}


def test_a_measure_refuses_more_free_places_than_places(region):
    from django.core.exceptions import ValidationError

    measure = region["residence"]
    measure.free_places = 21
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "free_places" in error.value.message_dict
    assert Measure.objects.get(pk=measure.pk).free_places == 2


@pytest.mark.parametrize("persona", ["coordinator", "reader", "outsider"])
def test_every_staff_member_reads_measures_and_agreements_through_the_api(
    client, request, region, persona
):
    client.force_login(request.getfixturevalue(persona))
    assert len(client.get(API).json()["results"]) == 7
    assert client.get(f"{API}{region['fact'].pk}/").json()["name"] == "FACT Indre Sogn"
    agreement = client.get(f"/api/v1/agreements/{region['agreement'].pk}/").json()
    assert agreement["title"] == "Samarbeidsavtale psykisk helse og rus"
    assert client.patch(f"{API}{region['fact'].pk}/", {}).status_code == 405
