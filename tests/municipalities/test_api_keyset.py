"""The service-user API pages by key in name order (bops/pagination.py): a walk
along `next` meets everyone once, namesakes too, and a coordinator only their own."""

import pytest
from rest_framework.test import APIClient

from municipalities.models import ServiceUser
from tests import factories

URL = "/api/v1/service-users/"


@pytest.fixture
def people(home, elsewhere):
    names = [("Berg", "Ola"), ("Berg", "Ola"), ("Berg", "Kari"), ("Aas", "Per"), ("Øye", "Ola")]
    mine = [
        factories.ServiceUserFactory(home_municipality=home, last_name=last, first_name=first)
        for last, first in names
    ]
    factories.ServiceUserFactory(home_municipality=elsewhere, last_name="Berg")
    return mine


def walk(user, url):
    client = APIClient()
    client.force_authenticate(user)
    ids = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json()
        ids += [row["id"] for row in response.json()["results"]]
        url = response.json()["next"]
    return ids


def test_walking_next_meets_everyone_once_in_name_order(people, admin_user):
    expected = list(
        ServiceUser.objects.order_by("last_name", "first_name", "id").values_list("id", flat=True)
    )
    assert walk(admin_user, f"{URL}?page_size=2") == expected


def test_a_coordinator_walks_only_their_municipality(people, coordinator):
    assert sorted(walk(coordinator, f"{URL}?page_size=2")) == sorted(p.pk for p in people)
