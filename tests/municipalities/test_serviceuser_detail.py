"""The service-user page: facts, assessments chart, consents, purchases, access."""

import datetime

import pytest
from django.urls import reverse

from tests import factories


def url(person):
    return reverse("municipalities:serviceuser_detail", args=[person.pk])


def test_the_coordinator_sees_the_person(client, coordinator, service_user):
    client.force_login(coordinator)
    response = client.get(url(service_user))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{service_user.full_name}</h1>" in html
    assert reverse("municipalities:serviceuser_update", args=[service_user.pk]) in html


def test_a_read_only_member_sees_the_person_without_an_edit_link(client, reader, service_user):
    client.force_login(reader)
    response = client.get(url(service_user))
    assert response.status_code == 200
    assert reverse("municipalities:serviceuser_update", args=[service_user.pk]) not in (
        response.content.decode()
    )


def test_an_outsider_gets_404(client, outsider, service_user):
    client.force_login(outsider)
    assert client.get(url(service_user)).status_code == 404


def test_assessments_are_drawn_as_svg_charts_with_a_table(client, coordinator, service_user):
    factories.AssessmentFactory(
        service_user=service_user, assessed_on=datetime.date(2025, 1, 10), housing=4
    )
    factories.AssessmentFactory(
        service_user=service_user, assessed_on=datetime.date(2025, 6, 1), housing=2
    )
    client.force_login(coordinator)
    html = client.get(url(service_user)).content.decode()
    assert html.count("<svg") == 8
    assert html.count("<polyline") == 8
    assert "<script" not in html
    assert "10.01.2025: 4; 01.06.2025: 2" in html  # the housing chart's description
    assert "<table" in html and "<details>" in html


def test_a_single_assessment_is_a_point_without_a_line(client, coordinator, service_user):
    factories.AssessmentFactory(service_user=service_user)
    client.force_login(coordinator)
    html = client.get(url(service_user)).content.decode()
    assert html.count("<svg") == 8
    assert "<polyline" not in html


def test_consents_and_private_purchases_are_listed(client, coordinator, service_user):
    dps = factories.OrganisationFactory(name="DPS Indre Sogn", kind="dps")
    factories.ConsentFactory(service_user=service_user, organisation=dps)
    factories.PrivatePurchaseFactory(service_user=service_user, daily_cost=12345)
    client.force_login(coordinator)
    html = client.get(url(service_user)).content.decode()
    assert "DPS Indre Sogn" in html
    assert "01.01.2025" in html
    assert "12\xa0345\xa0kr" in html


def test_an_empty_person_shows_empty_states(client, coordinator, service_user):
    client.force_login(coordinator)
    html = client.get(url(service_user)).content.decode()
    # Assessments, consents, referrals, residence applications and stays, purchases.
    assert html.count('class="empty-state"') == 5


@pytest.mark.parametrize("rows", [1, 12])
def test_the_query_count_does_not_grow_with_rows(
    client, coordinator, service_user, rows, django_assert_max_num_queries
):
    for i in range(rows):
        factories.AssessmentFactory(
            service_user=service_user, assessed_on=datetime.date(2024, 1, 1 + i)
        )
        factories.ConsentFactory(
            service_user=service_user, organisation=factories.OrganisationFactory()
        )
        factories.PrivatePurchaseFactory(service_user=service_user)
    client.force_login(coordinator)
    # +2: the residence applications and stays; +2: the individual plan and its group.
    with django_assert_max_num_queries(14):
        assert client.get(url(service_user)).status_code == 200
