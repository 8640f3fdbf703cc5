"""A referral to a catalogue entry's provider uses the entry's routing."""

import datetime

from django.urls import reverse

from municipalities.models import Organisation
from referrals.routing import suggest_receiver
from tests import factories


def aged(years: int, municipality):
    today = datetime.date.today()
    born = today.replace(year=today.year - years) - datetime.timedelta(days=30)
    return factories.ServiceUserFactory(home_municipality=municipality, born=born)


def youth_intake(region, luster):
    unit = factories.OrganisationFactory(
        name="Sogndal BUP ungdomsteam, inntak", kind=Organisation.Kind.BUP, min_age=12, max_age=17
    )
    unit.catchment.add(luster)
    region["bup_12_18"].receiver = unit
    region["bup_12_18"].save()
    return unit


def test_a_15_year_old_in_luster_is_routed_to_the_youth_teams_own_intake(region, luster):
    unit = youth_intake(region, luster)
    assert suggest_receiver(aged(15, luster), "assessment") == unit


def test_a_9_year_old_stays_with_bup_and_an_adult_with_the_dps(region, luster):
    youth_intake(region, luster)
    assert suggest_receiver(aged(9, luster), "assessment") == region["bup"]
    assert suggest_receiver(aged(40, luster), "assessment") == region["dps"]


def test_without_an_entrys_own_routing_the_catchment_decides(region, luster):
    assert suggest_receiver(aged(15, luster), "assessment") == region["bup"]


def test_the_measure_page_offers_a_referral_of_its_kind(client, coordinator, reader, region):
    url = reverse("catalogue:measure_detail", args=[region["bup_12_18"].pk])
    link = f"{reverse('referrals:referral_create')}?kind=assessment"
    client.force_login(coordinator)
    assert link in client.get(url).content.decode()
    client.force_login(reader)
    assert link not in client.get(url).content.decode()
