"""Property-based input (hypothesis) for every date the system accepts:
serializers, forms, filters, the report. Whatever arrives, never a 5xx, and
a real date outside its window is never accepted."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from bops import dates
from tests import factories
from tests.security.test_property_input import SETTINGS

pytestmark = pytest.mark.django_db

# --- every date the system accepts: serializers, forms, filters, the report ------
#
# Each entry is one place a date is typed or sent: who sends it, how, and the
# window it must lie in. Dates are drawn from the whole calendar (year 1 to
# 9999), in ISO and dd.mm.yyyy, plus junk. Whatever arrives: never a 5xx, and
# a real date outside the window is never accepted (API 400, page re-shown).

DAY_TEXT = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "01.01.0001", "31.12.9999", "1899-12-31"]),
    st.dates().map(lambda d: (d, d.isoformat())).map(lambda pair: pair[1]),
    st.dates().map(lambda d: f"{d.day:02d}.{d.month:02d}.{d.year:04d}"),
    st.text(max_size=30),
)


def _as_date(text: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@pytest.fixture
def date_world(coordinator, home, admin_user):
    residence = factories.residence_with_places(3, shielded=1, organisation__municipality=home)
    lead = factories.member_of(residence.organisation, role="residence_lead", username="leiar")
    dps = factories.dps_for(home, name="DPS")
    clinician = factories.member_of(dps, role="intake", username="klinikar")
    person = factories.ServiceUserFactory(home_municipality=home)
    referral = factories.make_referral(
        "received",
        sender_user=coordinator,
        receiver_user=clinician,
        service_user=person,
        sender=coordinator.memberships.first().organisation,
        receiver=dps,
    )
    application = factories.ApplicationFactory(residence=residence, service_user=person)
    stay = factories.StayFactory(
        service_user=factories.ServiceUserFactory(home_municipality=home),
        place=residence.places.order_by("pk").last(),
    )
    place = residence.places.order_by("pk").first()
    return SimpleNamespace(
        residence=residence,
        lead=lead,
        clinician=clinician,
        coordinator=coordinator,
        admin=admin_user,
        person=person,
        referral=referral,
        application=application,
        stay=stay,
        place=place,
    )


def _api(w, user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _page(w, user):
    client = Client()
    client.force_login(user)
    return client


# (name, window, request(w, day) -> response, kind) with kind "api" or "page".
DATE_ROUTES = [
    (
        "api applications filter",
        dates.FILTER,
        lambda w, d: _api(w, w.lead).get(
            "/api/v1/applications/", {"applied_on_after": d, "applied_on_before": d}
        ),
        "api",
    ),
    (
        "api stays filter",
        dates.FILTER,
        lambda w, d: _api(w, w.lead).get("/api/v1/stays/", {"on": d, "start_after": d}),
        "api",
    ),
    (
        "api occupancy",
        dates.REPORT,
        lambda w, d: _api(w, w.lead).get(
            f"/api/v1/residences/{w.residence.pk}/occupancy/", {"from": d, "to": d}
        ),
        "api",
    ),
    (
        "api offer",
        dates.DEADLINE,
        lambda w, d: _api(w, w.lead).post(
            f"/api/v1/applications/{w.application.pk}/offer/",
            {"place": w.place.pk, "valid_until": d},
            format="json",
        ),
        "api",
    ),
    (
        "api admit",
        dates.STAY,
        lambda w, d: _api(w, w.lead).post(
            "/api/v1/stays/",
            {"service_user": w.person.pk, "place": w.place.pk, "start": d},
            format="json",
        ),
        "api",
    ),
    (
        "api discharge",
        dates.STAY,
        lambda w, d: _api(w, w.lead).post(
            f"/api/v1/stays/{w.stay.pk}/discharge/", {"end": d, "reason": "planned"}, format="json"
        ),
        "api",
    ),
    (
        "api referral accept",
        dates.DEADLINE,
        lambda w, d: _api(w, w.clinician).post(
            f"/api/v1/referrals/{w.referral.pk}/transition/",
            {"to": "accepted", "version": w.referral.version, "planned_start": d},
            format="json",
        ),
        "api",
    ),
    (
        "api person plan date",
        dates.PLAN,
        lambda w, d: _api(w, w.coordinator).patch(
            f"/api/v1/service-users/{w.person.pk}/", {"crisis_plan_date": d}, format="json"
        ),
        "api",
    ),
    (
        "page council report",
        dates.REPORT,
        lambda w, d: _page(w, w.admin).get("/reports/council/", {"from": d, "to": d}),
        "page",
    ),
    (
        "page occupancy",
        dates.REPORT,
        lambda w, d: _page(w, w.lead).get(
            reverse("capacity:occupancy", args=[w.residence.pk]), {"start": d, "end": d}
        ),
        "page",
    ),
    (
        "page offer",
        dates.DEADLINE,
        lambda w, d: _page(w, w.lead).post(
            reverse("capacity:offer", args=[w.application.pk]),
            {"place": w.place.pk, "valid_until": d},
        ),
        "page",
    ),
    (
        "page admit",
        dates.STAY,
        lambda w, d: _page(w, w.lead).post(
            reverse("capacity:admit", args=[w.application.pk]), {"place": "", "start": d}
        ),
        "page",
    ),
    (
        "page discharge",
        dates.STAY,
        lambda w, d: _page(w, w.lead).post(
            reverse("capacity:discharge", args=[w.stay.pk]), {"end": d, "reason": "planned"}
        ),
        "page",
    ),
    (
        "page referral accept",
        dates.DEADLINE,
        lambda w, d: _page(w, w.clinician).post(
            reverse("referrals:referral_transition", args=[w.referral.pk, "accept"]),
            {"version": w.referral.version, "planned_start": d},
        ),
        "page",
    ),
]


@pytest.mark.parametrize(
    "route", DATE_ROUTES, ids=[name for name, *_ in DATE_ROUTES]
)  # one hypothesis run per place a date is accepted
@settings(SETTINGS, max_examples=25)
@given(day=DAY_TEXT)
def test_no_date_gives_a_server_error_and_none_outside_its_window_is_accepted(
    date_world, route, day
):
    name, window, send, kind = route
    date_world.referral.refresh_from_db()
    response = send(date_world, day)
    assert response.status_code < 500, (name, day)
    parsed = _as_date(day)
    if parsed is not None and parsed not in window:
        if kind == "api":
            assert response.status_code == 400, (name, day, response.status_code)
        else:
            assert response.status_code in (200, 400), (name, day, response.status_code)
