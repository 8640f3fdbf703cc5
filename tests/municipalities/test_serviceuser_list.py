"""The service-user list: scope, search, filters, pagination, query count."""

import pytest
from django.urls import reverse

from tests import factories

URL = reverse("municipalities:serviceuser_list")


def test_the_list_shows_only_my_municipality(client, coordinator, home, elsewhere):
    factories.ServiceUserFactory(home_municipality=home, first_name="Heime")
    factories.ServiceUserFactory(home_municipality=elsewhere, first_name="Borte")
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert "Heime" in html
    assert "Borte" not in html


def test_a_read_only_member_sees_the_list_without_the_new_button(client, reader, service_user):
    client.force_login(reader)
    response = client.get(URL)
    assert service_user.first_name in response.content.decode()
    assert reverse("municipalities:serviceuser_create") not in response.content.decode()


def test_an_outsider_sees_an_empty_list(client, outsider, service_user):
    client.force_login(outsider)
    response = client.get(URL)
    assert list(response.context["service_users"]) == []
    assert 'class="empty-state"' in response.content.decode()


def test_the_search_finds_people_by_name(client, coordinator, home):
    factories.ServiceUserFactory(home_municipality=home, first_name="Astrid", last_name="Vik")
    factories.ServiceUserFactory(home_municipality=home, first_name="Bjørn", last_name="Li")
    client.force_login(coordinator)
    response = client.get(URL, {"q": "astrid"})
    assert [p.first_name for p in response.context["service_users"]] == ["Astrid"]


def test_the_filters_narrow_the_list_and_show_an_empty_state(client, coordinator, home):
    factories.ServiceUserFactory(home_municipality=home, rop=True, first_name="Med")
    factories.ServiceUserFactory(home_municipality=home, rop=False, first_name="Utan")
    client.force_login(coordinator)
    response = client.get(URL, {"rop": "true"})
    assert [p.first_name for p in response.context["service_users"]] == ["Med"]
    response = client.get(URL, {"q": "nobody-has-this-name"})
    assert response.context["filtered"] is True
    assert 'class="empty-state"' in response.content.decode()


def test_pagination_keeps_the_filters_in_the_links(client, coordinator, home):
    factories.ServiceUserFactory.create_batch(30, home_municipality=home, rop=True)
    client.force_login(coordinator)
    response = client.get(URL, {"rop": "true"})
    html = response.content.decode()
    assert len(response.context["service_users"]) == 25
    assert "?rop=true&amp;page=2" in html
    second = client.get(URL, {"rop": "true", "page": 2})
    assert len(second.context["service_users"]) == 5


@pytest.mark.parametrize("rows", [3, 30])
def test_the_query_count_does_not_grow_with_rows(
    client, coordinator, home, rows, django_assert_max_num_queries
):
    other_coordinator = factories.member_of(
        coordinator.memberships.first().organisation, username="kollega"
    )
    for i in range(rows):
        factories.ServiceUserFactory(
            home_municipality=home, coordinator=coordinator if i % 2 else other_coordinator
        )
    client.force_login(coordinator)
    # session, user, grants, count, page, municipality choices of the filter
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200


def test_unset_filters_say_all(client, coordinator):
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert '<option value="unknown" selected>Alle</option>' in html
    assert '<option value="" selected>Alle</option>' in html
    assert "---------" not in html
