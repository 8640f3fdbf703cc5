"""/api/v1/service-users/: the three personas, writes in scope, 400 on bad input."""

import pytest
from rest_framework.test import APIClient

from municipalities.models import ServiceUser
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/service-users/"


def _detail(person) -> str:
    return f"{LIST}{person.pk}/"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _new_person(municipality, **fields) -> dict:
    return {
        "national_id": factories.synthetic_id(),
        "first_name": "Solveig",
        "last_name": "Tyttebærli",
        "home_municipality": municipality.pk,
        **fields,
    }


def _wrong_check_digit() -> str:
    number = factories.synthetic_id()
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@pytest.fixture
def person_elsewhere(elsewhere):
    return factories.ServiceUserFactory(home_municipality=elsewhere)


def test_coordinator_lists_only_the_people_of_their_municipality(
    coordinator, service_user, person_elsewhere
):
    response = _client(coordinator).get(LIST)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [service_user.pk]


def test_reader_lists_and_reads_the_same_people(reader, service_user):
    client = _client(reader)
    assert [row["id"] for row in client.get(LIST).json()["results"]] == [service_user.pk]
    detail = client.get(_detail(service_user))
    assert detail.status_code == 200
    assert detail.json()["national_id"] == service_user.national_id
    assert detail.json()["birth_date"] == service_user.birth_date.isoformat()


def test_outsider_sees_nobody_and_gets_404_on_a_person(outsider, service_user):
    client = _client(outsider)
    assert client.get(LIST).json()["results"] == []
    assert client.get(_detail(service_user)).status_code == 404
    assert client.patch(_detail(service_user), {"rop": True}).status_code == 404


def test_council_reader_sees_no_personal_data(service_user):
    council = factories.OrganisationFactory(name="Sogn regionråd", kind="council")
    reader = factories.member_of(council, role="council_reader", username="regionrad")
    assert _client(reader).get(LIST).json()["results"] == []


def test_coordinator_updates_a_person(coordinator, service_user):
    response = _client(coordinator).patch(_detail(service_user), {"rop": True}, format="json")
    assert response.status_code == 200
    service_user.refresh_from_db()
    assert service_user.rop is True


def test_reader_gets_403_on_an_update(reader, service_user):
    response = _client(reader).patch(_detail(service_user), {"rop": True}, format="json")
    assert response.status_code == 403
    service_user.refresh_from_db()
    assert service_user.rop is False


def test_coordinator_creates_a_person_in_their_municipality(coordinator, home):
    data = _new_person(home, coordinator=coordinator.pk, main_pathway=3)
    response = _client(coordinator).post(LIST, data, format="json")
    assert response.status_code == 201, response.json()
    person = ServiceUser.objects.get(pk=response.json()["id"])
    assert person.home_municipality == home
    assert person.coordinator == coordinator


def test_a_number_typed_with_a_space_is_stored_as_eleven_digits(coordinator, home):
    number = factories.synthetic_id()
    data = _new_person(home, national_id=f"{number[:6]} {number[6:]}")
    response = _client(coordinator).post(LIST, data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["national_id"] == number


def test_a_wrong_check_digit_is_a_400_with_the_field_message(coordinator, home):
    data = _new_person(home, national_id=_wrong_check_digit())
    response = _client(coordinator).post(LIST, data, format="json")
    assert response.status_code == 400
    assert "Kontrollsifra stemmer ikkje" in response.json()["national_id"][0]
    assert not ServiceUser.objects.exists()


def test_an_unknown_municipality_is_a_400(coordinator, home):
    data = _new_person(home, home_municipality=999_999)
    response = _client(coordinator).post(LIST, data, format="json")
    assert response.status_code == 400
    assert "home_municipality" in response.json()


def test_a_municipality_outside_the_scope_is_a_400_and_nothing_is_saved(coordinator, elsewhere):
    response = _client(coordinator).post(LIST, _new_person(elsewhere), format="json")
    assert response.status_code == 400
    assert "home_municipality" in response.json()
    assert not ServiceUser.objects.exists()


def test_coordinator_cannot_move_a_person_out_of_their_municipality(
    coordinator, service_user, elsewhere
):
    response = _client(coordinator).patch(
        _detail(service_user), {"home_municipality": elsewhere.pk}, format="json"
    )
    assert response.status_code == 400
    service_user.refresh_from_db()
    assert service_user.home_municipality_id != elsewhere.pk


def test_a_coordinator_from_elsewhere_cannot_be_made_responsible(
    coordinator, outsider, service_user
):
    response = _client(coordinator).patch(
        _detail(service_user), {"coordinator": outsider.pk}, format="json"
    )
    assert response.status_code == 400
    assert "coordinator" in response.json()


def test_superuser_must_still_pick_a_coordinator_of_the_home_municipality(
    admin_user, outsider, service_user
):
    response = _client(admin_user).patch(
        _detail(service_user), {"coordinator": outsider.pk}, format="json"
    )
    assert response.status_code == 400
    assert "heimkommunen" in response.json()["coordinator"][0]


def test_reader_cannot_create_anyone(reader, home):
    response = _client(reader).post(LIST, _new_person(home), format="json")
    assert response.status_code == 400
    assert not ServiceUser.objects.exists()


def test_a_duplicate_identity_number_is_a_400(coordinator, service_user, home):
    data = _new_person(home, national_id=service_user.national_id)
    response = _client(coordinator).post(LIST, data, format="json")
    assert response.status_code == 400
    assert "national_id" in response.json()


def test_rubbish_input_is_a_400_not_a_500(coordinator, home):
    data = {"national_id": ["x"], "home_municipality": "abc", "main_pathway": 7, "ip_date": "soon"}
    response = _client(coordinator).post(LIST, data, format="json")
    assert response.status_code == 400
    assert {"national_id", "home_municipality", "main_pathway", "ip_date", "first_name"} <= set(
        response.json()
    )


def test_the_list_uses_the_shared_filterset(coordinator, home):
    rop = factories.ServiceUserFactory(home_municipality=home, rop=True, first_name="Eivind")
    factories.ServiceUserFactory(home_municipality=home, rop=False, first_name="Tuva")
    client = _client(coordinator)
    assert [r["id"] for r in client.get(LIST, {"rop": "true"}).json()["results"]] == [rop.pk]
    assert [r["id"] for r in client.get(LIST, {"q": "eivind"}).json()["results"]] == [rop.pk]


def test_the_api_has_no_delete(coordinator, service_user):
    assert _client(coordinator).delete(_detail(service_user)).status_code == 405
    assert ServiceUser.objects.filter(pk=service_user.pk).exists()


def test_anonymous_callers_are_refused(service_user):
    assert APIClient().get(LIST).status_code == 403


def test_superuser_sees_everyone(admin_user, service_user, person_elsewhere):
    rows = _client(admin_user).get(LIST).json()["results"]
    assert {row["id"] for row in rows} == {service_user.pk, person_elsewhere.pk}


def test_the_list_costs_the_same_queries_for_two_or_twenty_people(
    coordinator, home, django_assert_max_num_queries
):
    client = _client(coordinator)
    factories.ServiceUserFactory.create_batch(2, home_municipality=home, coordinator=coordinator)
    with django_assert_max_num_queries(8) as few:
        client.get(LIST)
    factories.ServiceUserFactory.create_batch(18, home_municipality=home, coordinator=coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(LIST).json()["results"]) == 20


def test_a_full_update_replaces_the_record(coordinator, service_user, home):
    data = _new_person(home, national_id=service_user.national_id, first_name="Nora")
    response = _client(coordinator).put(_detail(service_user), data, format="json")
    assert response.status_code == 200, response.json()
    service_user.refresh_from_db()
    assert (service_user.first_name, service_user.last_name) == ("Nora", "Tyttebærli")
