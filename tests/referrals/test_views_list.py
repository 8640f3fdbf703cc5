"""The referral list: the same filters as the API, pagination, status in
colour and words, scoped to what the user may see."""

import pytest
from django.urls import reverse

from bops.audit import AccessLog
from tests import factories

URL = reverse("referrals:referral_list")


def test_the_sender_sees_its_referrals_with_status_in_words(client, coordinator, make):
    make("rejected")
    make("draft", kind="advice")
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert 'class="badge badge--danger">avslått<' in html
    assert 'class="badge badge--neutral">utkast<' in html
    assert reverse("referrals:referral_create") in html


def test_a_read_only_member_sees_the_list_without_the_new_button(client, reader, make):
    make("sent")
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["referrals"]) == 1
    assert reverse("referrals:referral_create") not in response.content.decode()


def test_an_outsider_sees_none_of_them(client, outsider, make):
    make("sent")
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["referrals"]) == []
    assert "Ingen tilvisingar enno" in response.content.decode()


def test_the_intake_clinician_sees_what_reached_the_unit_but_no_drafts(client, intake, make):
    sent = make("sent")
    make("draft", kind="advice")
    client.force_login(intake)
    assert list(client.get(URL).context["referrals"]) == [sent]


def test_filters_by_status_and_search(client, coordinator, make, home):
    rejected = make("rejected")
    make("received", kind="advice")
    client.force_login(coordinator)
    assert list(client.get(URL, {"status": "rejected"}).context["referrals"]) == [rejected]
    other = factories.ServiceUserFactory(home_municipality=home, first_name="Ragnhild")
    mine = make("sent", service_user=other)
    response = client.get(URL, {"q": "Ragnhild"})
    assert list(response.context["referrals"]) == [mine]
    assert "Fjern filtera" in response.content.decode()


def test_every_person_in_the_list_is_written_to_the_access_log(client, coordinator, make):
    referral = make("sent")
    client.force_login(coordinator)
    client.get(URL)
    assert AccessLog.objects.about(referral.service_user).get().action == AccessLog.Action.LIST


@pytest.mark.parametrize("rows", [2, 30])
def test_the_query_count_does_not_grow_with_rows(
    client, coordinator, home, make, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        make("sent", service_user=factories.ServiceUserFactory(home_municipality=home))
    client.force_login(coordinator)
    with django_assert_max_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["referrals"]) == min(rows, 25)


def test_status_kind_and_urgency_filters_are_plain_drop_downs(client, coordinator, make):
    make("sent")
    client.force_login(coordinator)
    html = client.get(URL, {"status": "received"}).content.decode()
    assert "multiple" not in html
    assert '<option value="received" selected>motteken</option>' in html


def test_the_organisation_drop_downs_offer_the_units_the_user_works_with(
    client, coordinator, make, dps, home_service, elsewhere
):
    far_away = factories.dps_for(elsewhere, name="DPS Langt Borte")
    make("received")
    client.force_login(coordinator)
    form = client.get(URL).context["filterset"].form
    receivers = {str(o) for o in form.fields["receiver"].queryset}
    assert {dps.name, home_service.name} <= receivers
    assert far_away.name not in receivers
    # A unit chosen through the address stays chosen, even one far away.
    form = client.get(URL, {"receiver": far_away.pk}).context["filterset"].form
    assert far_away in form.fields["receiver"].queryset


def test_an_organisation_id_out_of_range_in_the_address_is_no_crash(client, coordinator, make):
    make("received")
    client.force_login(coordinator)
    response = client.get(URL, {"receiver": "99999999999999999999"})
    assert response.status_code == 200
    assert response.context["filterset"].form.errors
