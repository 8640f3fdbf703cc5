"""Count-light pagination: an exact count up to a cap, and page links that
keep working past it."""

import pytest
from django.core.paginator import EmptyPage

from bops.pagination import CountLightPaginator
from municipalities.models import Municipality
from tests import factories


class SmallCap(CountLightPaginator):
    count_cap = 3


@pytest.fixture
def seven(db):
    for _ in range(7):
        factories.MunicipalityFactory()
    return Municipality.objects.order_by("pk")


def test_below_the_cap_the_count_is_exact(seven):
    paginator = CountLightPaginator(seven, 2)
    assert paginator.count == 7
    assert paginator.count_is_exact
    assert paginator.num_pages == 4
    assert not paginator.page(4).has_next()
    with pytest.raises(EmptyPage):
        paginator.page(5)


def test_past_the_cap_the_count_is_a_lower_bound_and_next_still_works(seven):
    paginator = SmallCap(seven, 2)
    assert paginator.count == 4
    assert not paginator.count_is_exact
    page = paginator.page(1)
    assert page.has_next()
    # Page 4 lies past what the capped count promises, and is served.
    last = paginator.page(4)
    assert [m.pk for m in last] == [seven[6].pk]
    assert not last.has_next()
    with pytest.raises(EmptyPage):
        paginator.page(5)


def test_every_row_is_reached_by_following_next(seven):
    paginator = SmallCap(seven, 3)
    seen, number = [], 1
    while True:
        page = paginator.page(number)
        seen += [m.pk for m in page]
        if not page.has_next():
            break
        number = page.next_page_number()
    assert seen == [m.pk for m in seven]


def test_a_page_past_the_cap_says_more_than_instead_of_a_wrong_total(
    client, coordinator, home, monkeypatch
):
    monkeypatch.setattr(CountLightPaginator, "count_cap", 30)
    for _ in range(31):
        factories.ServiceUserFactory(home_municipality=home)
    client.force_login(coordinator)
    page = client.get("/service-users/").content.decode()
    assert "Viser 1–25 av meir enn 30" in page
    monkeypatch.setattr(CountLightPaginator, "count_cap", 1_000)
    page = client.get("/service-users/").content.decode()
    assert "Viser 1–25 av 31" in page
