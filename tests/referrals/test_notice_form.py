"""The new-notice page starts from the person: from the person's or the
referral's page (`?service_user=`, `?referral=`), or a search by name or
identity number that lists a few matches. It never lists everyone the unit
may see, and a bad or hidden id is a field error that tells nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bops.audit import AccessLog
from municipalities.models import Membership
from referrals.follow_up_forms import PERSON_MATCHES
from referrals.notices import Notice
from tests import factories

URL = reverse("referrals:notice_create")
NOT_YOURS = "That person is not among the people you may see."


@pytest.fixture
def known(make):
    """The DPS has had a referral for the person, so its members see them."""
    return make("received")


@pytest.fixture
def stranger(elsewhere):
    """A person of another municipality the DPS has never had a referral for."""
    return factories.ServiceUserFactory(
        home_municipality=elsewhere, first_name="Ukjend", last_name="Framand"
    )


def in_english(client, user):
    """Signed in, with English chosen (the texts below are the English ones)."""
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def page(client, user, query=""):
    in_english(client, user)
    response = client.get(f"{URL}{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_empty_form_lists_nobody_and_asks_the_same_queries_for_more_people(
    client, known, intake, service_user, home, make
):
    client.force_login(intake)
    with CaptureQueriesContext(connection) as few:
        html = client.get(URL).content.decode()
    assert service_user.last_name not in html and "<select" not in html
    assert 'name="q"' in html
    for _ in range(3):
        make("sent", service_user=factories.ServiceUserFactory(home_municipality=home))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
    assert not AccessLog.objects.filter(user=intake).exists()


def test_a_search_by_name_lists_the_matches_as_links_and_logs_them(
    client, known, intake, service_user, stranger
):
    html = page(client, intake, "?q=syntet")
    link = f"{URL}?service_user={service_user.pk}"
    assert link in html and service_user.full_name in html
    assert stranger.last_name not in page(client, intake, "?q=framand")
    assert "Nobody among the people you may see matches" in page(client, intake, "?q=framand")
    logged = AccessLog.objects.filter(user=intake, action=AccessLog.Action.LIST)
    assert list(logged.values_list("service_user", flat=True)) == [service_user.pk]


def test_a_search_by_identity_number_finds_the_person(client, known, intake, service_user):
    html = page(client, intake, f"?q={service_user.national_id[:6]}")
    assert f"?service_user={service_user.pk}" in html


def test_a_search_lists_at_most_the_cap_and_says_there_are_more(client, intake, home, make):
    for _ in range(PERSON_MATCHES + 1):
        make("sent", service_user=factories.ServiceUserFactory(home_municipality=home))
    html = page(client, intake, "?q=testperson")
    assert html.count("?service_user=") == PERSON_MATCHES
    assert f"Only the first {PERSON_MATCHES} are shown" in html


def test_a_one_letter_search_is_a_field_error(client, known, intake):
    html = page(client, intake, "?q=s")
    assert "Write at least two letters or digits." in html
    assert "?service_user=" not in html


def test_the_person_s_link_chooses_the_person_and_the_view_is_logged(
    client, known, intake, service_user
):
    html = page(client, intake, f"?service_user={service_user.pk}")
    assert service_user.full_name in html
    assert f'name="service_user" value="{service_user.pk}"' in html
    assert 'name="kind"' in html
    assert AccessLog.objects.filter(
        user=intake, service_user=service_user, action=AccessLog.Action.VIEW
    ).exists()


@pytest.mark.parametrize("value", ["abc", "0", "-3", "99999999999999999999999", "1.5", "²"])
def test_a_bad_person_id_is_a_field_error(client, known, intake, value):
    html = page(client, intake, f"?service_user={value}")
    assert NOT_YOURS in html
    assert 'name="kind"' not in html


def test_a_person_outside_the_unit_s_scope_gets_the_same_error_and_no_name(
    client, known, intake, stranger
):
    html = page(client, intake, f"?service_user={stranger.pk}")
    assert NOT_YOURS in html
    assert stranger.last_name not in html
    nobody = page(client, intake, "?service_user=987654")
    assert NOT_YOURS in nobody and 'name="kind"' not in nobody


def test_the_referral_s_link_chooses_its_person_and_the_unit_on_it(
    client, intake, service_user, dps, home, make
):
    # Two units: the one on the referral is chosen as the sender.
    other = factories.dps_for(home, name="DPS Sogn Nord")
    Membership.objects.create(user=intake, organisation=other, role="intake")
    referral = make("received")
    html = page(client, intake, f"?referral={referral.pk}")
    assert service_user.full_name in html
    assert f'name="service_user" value="{service_user.pk}"' in html
    assert f'<option value="{dps.pk}" selected>' in html


def test_a_hidden_or_bad_referral_is_a_field_error(
    client, intake, stranger, elsewhere, outsider, make
):
    hidden = factories.ReferralFactory(
        service_user=stranger,
        sender=factories.OrganisationFactory(municipal_service_in=elsewhere),
        receiver=factories.dps_for(elsewhere, name="DPS Annan stad"),
    )
    for value in (hidden.pk, "x", "99999999999999999999999", "²"):
        html = page(client, intake, f"?referral={value}")
        assert "That referral is not among the referrals you may see." in html
        assert stranger.last_name not in html


def test_a_post_with_a_person_outside_the_scope_is_a_field_error(client, known, intake, stranger):
    in_english(client, intake)
    response = client.post(URL, {"service_user": stranger.pk, "kind": "admitted"})
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_YOURS in html and stranger.last_name not in html
    assert 'name="q"' in html
    assert not Notice.objects.exists()
    response = client.post(URL, {"service_user": "abc", "kind": "admitted"})
    assert response.status_code == 200 and NOT_YOURS in response.content.decode()


def test_a_post_with_a_missing_date_keeps_the_person_on_the_page(
    client, known, intake, service_user
):
    in_english(client, intake)
    response = client.post(
        URL,
        {"service_user": service_user.pk, "kind": "discharge_planned"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert service_user.full_name in html and 'name="expected_date"' in html
    assert "Give the expected discharge date." in html


def test_outsider_and_read_only_member_may_not_open_the_form(
    client, known, outsider, intake_reader, coordinator
):
    for user in (outsider, intake_reader, coordinator):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(f"{URL}?q=syntet").status_code == 403


# --- the links to it ------------------------------------------------------------------


def test_the_referral_page_links_to_a_notice_for_its_unit_only(client, known, intake, coordinator):
    link = f"{URL}?referral={known.pk}"
    client.force_login(intake)
    assert (
        link in client.get(reverse("referrals:referral_detail", args=[known.pk])).content.decode()
    )
    client.force_login(coordinator)
    html = client.get(reverse("referrals:referral_detail", args=[known.pk])).content.decode()
    assert link not in html


def test_the_person_page_links_to_a_notice_for_a_sending_unit(
    client, known, intake, coordinator, service_user
):
    link = f"{URL}?service_user={service_user.pk}"
    person = reverse("municipalities:serviceuser_detail", args=[service_user.pk])
    client.force_login(intake)
    assert link in client.get(person).content.decode()
    client.force_login(coordinator)
    assert link not in client.get(person).content.decode()
