"""The plan owner's own login: their plan only, after the second factor,
and not one other URL of BOPS."""

import re

import pytest
from django.urls import get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from municipalities.models import PlanOwnerLogin, ProgressNote
from tests import factories
from tests.plans.factories import GoalFactory, MeetingFactory, ParticipantFactory, PlanFactory
from tests.security.id_routes import walk

pytestmark = pytest.mark.django_db

OWN_PAGES = {"plans:owner_home", "plans:owner_statement", "plans:owner_comment"}
OPEN_PAGES = {"security:enrol", "security:verify", "logout", "set_language", "home"}


@pytest.fixture
def owner(plan):
    user = factories.UserFactory(username="planeigar")
    PlanOwnerLogin.objects.create(plan=plan, user=user, kind=PlanOwnerLogin.Kind.OWNER)
    return user


@pytest.fixture
def verified(client, owner):
    """The owner signed in with a confirmed second factor."""
    device = TOTPDevice.objects.create(user=owner, name="Telefon", confirmed=True)
    client.force_login(owner)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_the_owner_must_give_a_second_factor_first(client, owner, settings):
    settings.BOPS_REQUIRE_2FA = False
    client.force_login(owner)
    response = client.get(reverse("plans:owner_home"))
    assert response.status_code == 302
    assert reverse("security:enrol") in response.url


def test_the_owner_sees_their_plan_who_has_access_the_next_meeting_and_items(
    verified, plan, home_service
):
    GoalFactory(plan=plan, text="Bu i eiga leilegheit")
    ParticipantFactory(plan=plan, organisation=home_service, access_until="2027-03-31")
    MeetingFactory(plan=plan, place="Kommunehuset, møterom 2")
    html = verified.get(reverse("plans:owner_home")).content.decode()
    assert "Bu i eiga leilegheit" in html
    assert home_service.name in html and "31.03.2027" in html
    assert "Kommunehuset, møterom 2" in html
    assert 'href="/service-users/"' not in html  # no menu into the staff pages
    assert verified.get("/").url == reverse("plans:owner_home")


def test_the_owner_writes_what_matters_and_comments_on_a_goal(verified, plan, owner):
    goal = GoalFactory(plan=plan)
    verified.post(reverse("plans:owner_statement"), {"owner_statement": "Ro og eigen stad"})
    verified.post(reverse("plans:owner_comment"), {"goal": goal.pk, "text": "Det går betre"})
    plan.refresh_from_db()
    assert plan.owner_statement == "Ro og eigen stad"
    assert plan.history.get(subject="plan").by == owner
    assert ProgressNote.objects.get(goal=goal).author == owner


def test_the_owner_cannot_comment_on_another_plans_goal(verified, home):
    other = GoalFactory(
        plan=PlanFactory(service_user=factories.ServiceUserFactory(home_municipality=home))
    )
    response = verified.post(reverse("plans:owner_comment"), {"goal": other.pk, "text": "Hei"})
    assert response.status_code == 200
    assert not ProgressNote.objects.exists()


def test_a_staff_member_has_no_owner_pages(client, coordinator, plan):
    client.force_login(coordinator)
    assert client.get(reverse("plans:owner_home")).status_code == 404


def test_the_owner_gets_no_api_token(owner):
    owner.set_password("eit-langt-passord-1")
    owner.save()
    for format in ("json", "multipart"):
        response = APIClient().post(
            "/api/v1/auth/token/",
            {"username": owner.username, "password": "eit-langt-passord-1"},
            format=format,
        )
        assert response.status_code == 403


def test_the_owner_login_reaches_no_other_url(verified, plan):
    """Every route of BOPS, each id filled with the owner's own plan's id:
    anything but the owner's own pages and the sign-in pages is a 404."""
    reached, tried = [], 0
    for route in walk(get_resolver()):
        if route.name in OWN_PAGES | OPEN_PAGES:
            continue
        tried += 1
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", str(plan.pk), route.pattern)
        path = re.sub(r"\^|\$|\\Z|\(\?P<\w+>[^)]*\)", str(plan.pk), path).replace("\\", "")
        for method in ("get", "post"):
            response = getattr(verified, method)(path)
            if response.status_code != 404:
                reached.append(f"{method.upper()} {path} ({route.name}) -> {response.status_code}")
    assert reached == []
    assert tried > 100  # the walk saw the admin, the API and every app
