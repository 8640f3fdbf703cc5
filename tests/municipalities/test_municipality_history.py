"""Municipalities with a validity period and a successor (the 2020 reform):
records keep the municipality of their day, new records take today's."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from municipalities import classification
from municipalities.models import Municipality, ServiceUser
from referrals.routing import suggest_receiver
from tests import factories
from tests.factories import synthetic_id

TODAY = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)
CREATE = reverse("municipalities:serviceuser_create")
API = "/api/v1/service-users/"


@pytest.fixture
def region(db):
    """The region as Statistics Norway's classification has it."""
    return classification.apply(Municipality)


@pytest.fixture
def sogndal_service(region):
    return factories.OrganisationFactory(municipal_service_in=region["4640"])


@pytest.fixture
def sogndal_coordinator(sogndal_service):
    return factories.member_of(sogndal_service, username="koordinator-sogndal")


@pytest.fixture
def sogndal_reader(sogndal_service):
    return factories.member_of(sogndal_service, read_only=True, username="lesar-sogndal")


@pytest.fixture
def laerdal_coordinator(region):
    service = factories.OrganisationFactory(municipal_service_in=region["4642"])
    return factories.member_of(service, username="koordinator-laerdal")


@pytest.fixture
def leikanger_person(region):
    """Registered before the merger: keeps Leikanger as home municipality."""
    return factories.ServiceUserFactory(home_municipality=region["1419"], first_name="Eldre")


def form_data(home, **overrides):
    return {
        "national_id": synthetic_id(datetime.date(1980, 5, 17)),
        "first_name": "Kari",
        "last_name": "Syntetisk",
        "home_municipality": home.pk,
        "main_pathway": 3,
        "ip_status": "none",
        **overrides,
    }


def test_balestrand_and_leikanger_are_part_of_sogndal_from_2020(region):
    balestrand, leikanger = region["1418"], region["1419"]
    assert balestrand.on(datetime.date(2019, 12, 31)) == balestrand
    assert balestrand.on(datetime.date(2020, 1, 1)).number == "4640"
    assert leikanger.on(datetime.date(2026, 1, 1)).number == "4640"


def test_hemsedal_changed_county_twice(region):
    hemsedal = region["0618"]
    counties = [
        (
            hemsedal.on(datetime.date(year, 6, 1)).number,
            hemsedal.on(datetime.date(year, 6, 1)).county,
        )
        for year in (2019, 2022, 2024)
    ]
    assert counties == [("0618", "Buskerud"), ("3042", "Viken"), ("3326", "Buskerud")]


def test_nine_municipalities_before_the_reform_and_seven_today(region):
    assert Municipality.objects.valid_on(datetime.date(2019, 12, 31)).count() == 9
    assert Municipality.objects.valid_on(datetime.date(2020, 1, 1)).count() == 7
    with time_machine.travel(TODAY):
        assert set(Municipality.objects.current().values_list("number", flat=True)) == {
            "4639", "4640", "4641", "4642", "4643", "4644", "3326",
        }  # fmt: skip


def test_today_s_sogndal_had_three_municipalities_before_the_merger(region):
    before = region["4640"].predecessors_on(datetime.date(2019, 6, 1))
    assert sorted(m.number for m in before) == ["1418", "1419", "1420"]


def test_as_of_maps_every_municipality_to_the_one_of_that_day(region):
    as_of = Municipality.objects.as_of(datetime.date(2025, 1, 1))
    assert as_of[region["1419"].pk].number == "4640"
    assert as_of[region["0618"].pk].number == "3326"
    assert as_of[region["4642"].pk].number == "4642"


def test_the_data_migration_adds_the_successors_of_an_old_number_only(db):
    factories.MunicipalityFactory(number="1422", name="Lærdal", county="")
    written = classification.apply(Municipality, create=False)
    assert set(written) == {"1422", "4642"}
    laerdal = Municipality.objects.get(number="1422")
    assert (laerdal.valid_until, laerdal.successor.number) == (datetime.date(2019, 12, 31), "4642")
    assert not Municipality.objects.filter(number="1419").exists()


def test_a_successor_without_an_end_is_refused_by_the_database(region):
    vik = region["4639"]
    vik.successor = region["4640"]
    with pytest.raises(IntegrityError), transaction.atomic():
        vik.save()


def test_the_coordinator_of_the_successor_sees_and_may_change_people_of_its_predecessors(
    client, sogndal_coordinator, leikanger_person
):
    assert ServiceUser.objects.for_user(sogndal_coordinator).filter(pk=leikanger_person.pk).exists()
    client.force_login(sogndal_coordinator)
    url = reverse("municipalities:serviceuser_update", args=[leikanger_person.pk])
    assert client.get(url).status_code == 200


def test_a_read_only_member_of_the_successor_sees_but_may_not_change_them(
    client, sogndal_reader, leikanger_person
):
    client.force_login(sogndal_reader)
    detail = reverse("municipalities:serviceuser_detail", args=[leikanger_person.pk])
    update = reverse("municipalities:serviceuser_update", args=[leikanger_person.pk])
    assert client.get(detail).status_code == 200
    assert client.get(update).status_code == 403


def test_a_coordinator_of_another_municipality_gets_404(
    client, laerdal_coordinator, leikanger_person
):
    client.force_login(laerdal_coordinator)
    detail = reverse("municipalities:serviceuser_detail", args=[leikanger_person.pk])
    assert client.get(detail).status_code == 404


def test_the_form_offers_only_municipalities_valid_today(client, admin_user, region):
    client.force_login(admin_user)
    with time_machine.travel(TODAY):
        response = client.get(CREATE)
    offered = {m.number for m in response.context["form"].fields["home_municipality"].queryset}
    assert offered == {"4639", "4640", "4641", "4642", "4643", "4644", "3326"}


def test_a_new_person_in_a_municipality_that_no_longer_exists_gets_a_field_error(
    client, admin_user, region
):
    client.force_login(admin_user)
    with time_machine.travel(TODAY):
        response = client.post(CREATE, form_data(region["1419"]))
    assert response.status_code == 200
    assert "home_municipality" in response.context["form"].errors
    assert not ServiceUser.objects.filter(first_name="Kari").exists()


def test_editing_a_person_recorded_before_the_merger_keeps_their_municipality(
    client, sogndal_coordinator, leikanger_person
):
    client.force_login(sogndal_coordinator)
    url = reverse("municipalities:serviceuser_update", args=[leikanger_person.pk])
    data = form_data(
        leikanger_person.home_municipality,
        national_id=leikanger_person.national_id,
        first_name="Endra",
    )
    with time_machine.travel(TODAY):
        response = client.post(url, data)
    assert response.status_code == 302
    leikanger_person.refresh_from_db()
    assert (leikanger_person.first_name, leikanger_person.home_municipality.number) == (
        "Endra",
        "1419",
    )


def test_the_api_refuses_a_new_person_in_a_municipality_that_no_longer_exists(
    client, sogndal_coordinator, region
):
    client.force_login(sogndal_coordinator)
    data = form_data(region["1419"])
    with time_machine.travel(TODAY):
        refused = client.post(API, data, content_type="application/json")
        accepted = client.post(
            API, {**data, "home_municipality": region["4640"].pk}, content_type="application/json"
        )
    assert refused.status_code == 400
    assert "home_municipality" in refused.json()
    assert accepted.status_code == 201, accepted.content


# --- new records elsewhere take today's municipality ---------------------------


@pytest.fixture
def residence_in_laerdal(region):
    organisation = factories.ResidenceOrganisationFactory(
        name="Bufellesskapet", municipality=region["4642"]
    )
    return factories.residence_with_places(ordinary=2, organisation=organisation)


@pytest.fixture
def residence_staff(residence_in_laerdal):
    return factories.member_of(
        residence_in_laerdal.organisation, role="residence_lead", username="inntak"
    )


@pytest.fixture
def leikanger_application(residence_in_laerdal, leikanger_person):
    """Applied for from Leikanger before the merger, still waiting."""
    return factories.ApplicationFactory(
        residence=residence_in_laerdal,
        service_user=leikanger_person,
        applying_municipality=leikanger_person.home_municipality,
        applied_on=datetime.date(2019, 11, 1),
    )


def test_a_stay_admitted_today_from_an_application_of_leikanger_is_paid_by_sogndal(
    client, residence_staff, leikanger_application, region
):
    client.force_login(residence_staff)
    with time_machine.travel(TODAY):
        response = client.post(
            "/api/v1/stays/",
            {"service_user": leikanger_application.service_user_id},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert response.json()["paying_municipality"] == region["4640"].pk


def test_a_stay_cannot_be_paid_by_a_municipality_that_no_longer_exists(
    client, residence_staff, leikanger_application, region
):
    client.force_login(residence_staff)
    with time_machine.travel(TODAY):
        response = client.post(
            "/api/v1/stays/",
            {
                "service_user": leikanger_application.service_user_id,
                "paying_municipality": region["1419"].pk,
            },
            content_type="application/json",
        )
    assert response.status_code == 400
    assert "Sogndal (4640)" in response.json()["paying_municipality"][0]


def test_a_person_recorded_in_leikanger_is_routed_to_the_dps_serving_today_s_sogndal(
    region, leikanger_person
):
    dps = factories.dps_for(region["4640"], name="DPS Indre Sogn")
    with time_machine.travel(TODAY):
        assert suggest_receiver(leikanger_person, "assessment") == dps


def test_the_api_lists_the_municipalities_valid_on_a_day_with_their_successors(
    client, coordinator, region
):
    client.force_login(coordinator)
    response = client.get("/api/v1/municipalities/", {"valid_on": "2019-06-01", "q": "Leikanger"})
    assert response.status_code == 200
    [leikanger] = response.json()["results"]
    assert (leikanger["number"], leikanger["valid_until"], leikanger["successor"]) == (
        "1419",
        "2019-12-31",
        region["4640"].pk,
    )


def test_today_s_coordinator_may_be_responsible_for_a_person_recorded_before_the_merger(
    sogndal_coordinator, leikanger_person, laerdal_coordinator
):
    leikanger_person.coordinator = sogndal_coordinator
    with time_machine.travel(TODAY):
        leikanger_person.full_clean()
        leikanger_person.coordinator = laerdal_coordinator
        with pytest.raises(ValidationError) as refused:
            leikanger_person.full_clean()
    assert "coordinator" in refused.value.message_dict


def test_a_new_admission_referral_cannot_be_paid_by_a_municipality_that_no_longer_exists(
    client, sogndal_coordinator, sogndal_service, leikanger_person, residence_in_laerdal, region
):
    client.force_login(sogndal_coordinator)
    data = {
        "service_user": leikanger_person.pk,
        "sender": sogndal_service.pk,
        "receiver": residence_in_laerdal.organisation.pk,
        "kind": "admission",
        "urgency": "ordinary",
        "reason": "Treng heildøgns bustad.",
    }
    with time_machine.travel(TODAY):
        refused = client.post(
            "/api/v1/referrals/",
            {**data, "paying_municipality": region["1419"].pk},
            content_type="application/json",
        )
        accepted = client.post(
            "/api/v1/referrals/",
            {**data, "paying_municipality": region["4640"].pk},
            content_type="application/json",
        )
    assert refused.status_code == 400
    assert "paying_municipality" in refused.json()
    assert accepted.status_code == 201, accepted.content
