"""The staff-room screen's own login (role board): it shows the wall screen of
its residence and nothing else, never writes, and each view is in the access log."""

import pytest
from django.urls import reverse

from bops import access
from bops.audit import AccessLog
from bops.security import tokens
from capacity.models import Application, Stay
from municipalities.models import Membership, ServiceUser
from referrals.models import Referral
from referrals.notifications import member_addresses
from tests import factories
from tests.capacity.views_helpers import applicant, resident, today  # noqa: F401
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.usefixtures("today")

PASSWORD = "demo-password-1"


@pytest.fixture
def board(residence):
    return factories.member_of(residence.organisation, role="board", username="tavle")


@pytest.fixture
def residents(residence, home, elsewhere):
    return [
        resident(residence, "A1", home, first_name="Kari", last_name="Nordmann"),
        resident(residence, "B1", elsewhere, first_name="Åsmund", last_name="Ølstad"),
    ]


@pytest.fixture
def person(residents):
    return residents[0].service_user


def wall(residence):
    return reverse("capacity:wall", args=[residence.pk])


def test_the_board_login_shows_the_wall_screen_with_initials(client, board, residence, residents):
    client.force_login(board)
    response = client.get(wall(residence))
    assert response.status_code == 200
    html = response.content.decode()
    assert "K. N." in html and "Å. Ø." in html
    assert "Nordmann" not in html and "Ølstad" not in html


def test_it_lands_on_the_wall_screen_after_login(client, board, residence):
    response = client.post(
        reverse("login"), {"username": "tavle", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == wall(residence)
    assert b'class="wall"' in response.content


def test_the_wall_of_another_residence_is_404(client, board, residence):
    other = factories.residence_with_places(2, name="Ein annan bustad")
    client.force_login(board)
    assert client.get(wall(other)).status_code == 404


def test_each_view_writes_one_access_log_row_per_resident_shown(
    client, board, residence, residents
):
    client.force_login(board)
    before = AccessLog.objects.count()
    client.get(wall(residence))
    rows = AccessLog.objects.order_by("pk")[before:]
    assert AccessLog.objects.count() == before + len(residents)
    assert {row.service_user_id for row in rows} == {s.service_user_id for s in residents}
    assert {(row.role, row.organisation_id, row.action) for row in rows} == {
        ("board", residence.organisation_id, AccessLog.Action.VIEW)
    }
    client.get(wall(residence))
    assert AccessLog.objects.count() == before + 2 * len(residents)


def test_the_board_role_gives_no_scope_at_all(board, residence, residents, person):
    application = applicant(residence, person.home_municipality)
    assert access.grants(board) == []
    assert access.organisation_ids(board) == set()
    assert not access.has_role(board, "board", "residence_lead")
    assert not ServiceUser.objects.for_user(board).exists()
    assert not Stay.objects.for_user(board).exists()
    assert not Application.objects.for_user(board).filter(pk=application.pk).exists()
    assert not Referral.objects.for_user(board).exists()
    # and it never writes: the membership is read-only whatever was asked
    assert Membership.objects.get(user=board).read_only


def test_every_other_page_is_404(client, board, residence, residents, person, coordinator):
    plan = PlanFactory(service_user=person, coordinator=coordinator)
    client.force_login(board)
    for url in (
        reverse("municipalities:serviceuser_detail", args=[person.pk]),
        reverse("municipalities:serviceuser_list"),
        reverse("referrals:referral_list"),
        reverse("referrals:notice_list"),
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("capacity:board", args=[residence.pk]),
        reverse("capacity:waiting_list", args=[residence.pk]),
        reverse("capacity:waiting_list_csv", args=[residence.pk]),
        reverse("catalogue:measure_list"),
        "/api/v1/referrals/",
        "/api/v1/service-users/",
        "/api/v1/applications/",
        "/api/v1/stays/",
        "/fhir/R4/Patient",
        f"/fhir/R4/Patient/{person.pk}",
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Nordmann" not in response.content


def test_the_dashboard_sends_it_to_the_wall(client, board, residence):
    client.force_login(board)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == wall(residence)


def test_it_cannot_post_anything(client, board, residence, residents, person, home_service):
    client.force_login(board)
    counts = (ServiceUser.objects.count(), Referral.objects.count(), Application.objects.count())
    for url, data in (
        (reverse("municipalities:serviceuser_create"), {"first_name": "Ny"}),
        (reverse("referrals:referral_create"), {"service_user": person.pk}),
        ("/api/v1/referrals/", {"service_user": person.pk, "receiver": home_service.pk}),
        ("/api/v1/applications/", {"service_user": person.pk, "residence": residence.pk}),
        (wall(residence), {}),
    ):
        response = client.post(url, data)
        assert response.status_code in (403, 404, 405), url
    assert counts == (
        ServiceUser.objects.count(),
        Referral.objects.count(),
        Application.objects.count(),
    )


def test_it_gets_no_api_token(client, board):
    response = client.post("/api/v1/auth/token/", {"username": "tavle", "password": PASSWORD})
    assert response.status_code == 403


def test_a_token_made_anyway_reaches_no_one(client, board, residents, person):
    """Belt and braces: the role itself gives no scope, not only the fence."""
    _, key = tokens.issue_token(board)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    for url in ("/api/v1/service-users/", "/api/v1/applications/", "/api/v1/stays/"):
        response = client.get(url, **auth)
        assert response.status_code == 200
        assert response.json()["results"] == []
    assert client.get(f"/api/v1/service-users/{person.pk}/", **auth).status_code == 404
    assert b"Nordmann" not in client.get("/fhir/R4/Patient", **auth).content


def test_it_is_not_mailed_what_the_residence_is_asked_to_do(board, residence, staff):
    addresses = member_addresses(residence.organisation)
    assert staff.email in addresses
    assert board.email not in addresses


def test_a_member_with_another_role_too_is_not_fenced(client, board, residence, residents):
    Membership.objects.create(
        user=board, organisation=residence.organisation, role="residence_lead"
    )
    client.force_login(board)
    assert client.get(reverse("capacity:waiting_list", args=[residence.pk])).status_code == 200
