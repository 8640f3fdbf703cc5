"""A notice shows the routine that governs it: the agreement in force between
the sending unit and the home service that names notices (or all flows), on
the notice's page, in the notice list and on the coordinator's dashboard."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Agreement
from referrals.notices import Notice
from tests import factories


@pytest.fixture
def dps(home):
    return factories.dps_for(home, name="DPS Indre Sogn")


@pytest.fixture
def intake(dps):
    return factories.member_of(dps, role="intake", username="inntak")


@pytest.fixture
def notice(service_user, home_service, dps, coordinator, intake):
    factories.ConsentFactory(service_user=service_user, organisation=dps)
    factories.make_referral(
        "received",
        sender_user=coordinator,
        receiver_user=intake,
        service_user=service_user,
        sender=home_service,
        receiver=dps,
    )
    return Notice.send(by=intake, service_user=service_user, kind="admitted")


def agreement(*parties, flows, title, version="2.1", days_ago=100, **fields):
    today = datetime.date.today()
    made = Agreement.objects.create(
        title=title,
        kind=Agreement.Kind.ROUTINE,
        flows=flows,
        version=version,
        valid_from=today - datetime.timedelta(days=days_ago),
        **fields,
    )
    made.parties.set(parties)
    return made


@pytest.fixture
def routine(home_service, dps):
    return agreement(
        home_service,
        dps,
        flows=[Agreement.Flow.NOTICE, Agreement.Flow.RETURN],
        title="Rutine for utskrivingsmelding",
        routine="Ring heimetenesta same dag som utskrivinga er planlagd.",
    )


@pytest.fixture
def other_flows(home_service, dps):
    """Governs referrals for assessment only: not notices."""
    return agreement(
        home_service, dps, flows=[Agreement.Flow.ASSESSMENT], title="Tilvisingsrutine", days_ago=5
    )


def detail(notice):
    return reverse("referrals:notice_detail", args=[notice.pk])


def test_the_notice_page_shows_the_routine_that_governs_it(
    client, notice, routine, other_flows, coordinator, intake
):
    for user in (coordinator, intake):
        client.force_login(user)
        html = client.get(detail(notice)).content.decode()
        assert 'id="governing-agreement"' in html
        assert "Rutine for utskrivingsmelding" in html
        assert "Tilvisingsrutine" not in html
        assert "versjon 2.1" in html
        assert reverse("catalogue:agreement_detail", args=[routine.pk]) in html
        assert "Ring heimetenesta same dag" in html


@pytest.mark.parametrize(
    ("language", "label", "version"),
    [("nn", "Rutine som gjeld", "versjon"), ("nb", "Rutine som gjelder", "versjon"),
     ("en", "Governing routine", "version")],
)  # fmt: skip
def test_it_is_worded_in_each_language(
    client, notice, routine, coordinator, language, label, version
):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": language})
    html = client.get(detail(notice)).content.decode()
    start = html.find("governing-agreement")
    assert label in html, html[start - 300 : start + 100]
    assert f"{version} 2.1" in html


def test_the_notice_list_and_the_dashboard_show_it(client, notice, routine, coordinator):
    client.force_login(coordinator)
    link = reverse("catalogue:agreement_detail", args=[routine.pk])
    listing = client.get(reverse("referrals:notice_list")).content.decode()
    assert "Rutine for utskrivingsmelding" in listing and link in listing
    dashboard = client.get("/").content.decode()
    assert "Rutine for utskrivingsmelding" in dashboard and link in dashboard


def test_a_general_agreement_governs_notices_when_none_names_them(
    client, notice, home_service, dps, other_flows, coordinator
):
    agreement(home_service, dps, flows=[], title="Samarbeidsavtale", version="1.0", days_ago=300)
    client.force_login(coordinator)
    html = client.get(detail(notice)).content.decode()
    assert "Samarbeidsavtale" in html and "Tilvisingsrutine" not in html


def test_nothing_is_shown_when_no_agreement_applies(
    client, notice, other_flows, home_service, coordinator
):
    # Out of force, or between other parties: neither governs this notice.
    expired = agreement(home_service, dps_elsewhere(), flows=[], title="Anna avtale")
    expired.valid_to = datetime.date.today() - datetime.timedelta(days=1)
    expired.save()
    client.force_login(coordinator)
    response = client.get(detail(notice))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="governing-agreement"' not in html
    assert "Rutine som gjeld" not in html
    listing = client.get(reverse("referrals:notice_list"))
    assert listing.status_code == 200
    assert "Rutine:" not in listing.content.decode()


def dps_elsewhere():
    return factories.OrganisationFactory(name="DPS Nordfjord", kind="dps")


def test_the_list_asks_for_the_agreements_once_whatever_the_number_of_notices(
    client, notice, routine, coordinator, intake, home, home_service
):
    client.force_login(coordinator)
    url = reverse("referrals:notice_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        person = factories.ServiceUserFactory(home_municipality=home)
        factories.ConsentFactory(service_user=person, organisation=notice.sender)
        factories.make_referral(
            "received",
            sender_user=coordinator,
            receiver_user=intake,
            service_user=person,
            sender=home_service,
            receiver=notice.sender,
        )
        Notice.send(by=intake, service_user=person, kind="admitted")
    with CaptureQueriesContext(connection) as four:
        html = client.get(url).content.decode()
    assert html.count("Rutine for utskrivingsmelding") == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_read_only_member_sees_it_and_an_outsider_gets_404(
    client, notice, routine, reader, outsider
):
    client.force_login(reader)
    assert "Rutine for utskrivingsmelding" in client.get(detail(notice)).content.decode()
    client.force_login(outsider)
    response = client.get(detail(notice))
    assert response.status_code == 404
    assert b"Rutine for utskrivingsmelding" not in response.content
