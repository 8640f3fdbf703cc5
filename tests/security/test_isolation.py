"""Isolation, enumerated: every route that takes an object id, for every
persona who must not see the object's person.

The test walks the URL resolver, so routes merged later (referrals, the
residence, pages, reports) are checked without anyone listing them. For each
id-taking route it finds the model the view serves (admin: the ModelAdmin's
model; API: the viewset's queryset model; other pages: ROUTE_MODELS in
tests/security/id_routes.py),
takes that model's object from a small world in which everything belongs to
one person in Lærdal, and requests it as

  (a) a coordinator from another municipality,
  (b) an intake clinician of a DPS that never received a referral for the person,
  (c) a council reader,
  (d) the wall screen login (role board) of the person's own residence, which
      gets 404 on every route but its wall screen,

each both as a plain user and as a staff user with every permission of the
data apps (so the admin's own scoping is tested, not only its login wall).
The answer must be 404 or 403 (or 405, or a redirect to a login or second
factor page) and must contain neither the person's name nor identity number.
A route that answers GET with 405 (an action such as "withdraw") is also
POSTed to with an empty body, so a POST-only route is not passed by its 405.
A positive control checks that the home coordinator or an administrator does
reach each object, so a wrong id cannot make the test pass.

Aggregate, non-personal objects (AGGREGATE_MODELS: the residence, its units,
its cost key) may be read by every member by design; for them a 200 is
allowed, and the body must still hold no name or identity number of anyone
living there. A model joins that list only with the reason it holds no
personal data; a model that shows who lives where (a place) does not.

A new id-taking route whose model has no object in the world and that is not
in EXCLUDED (id_routes.py) fails `test_every_id_route_is_covered_or_excluded`.

To extend the world when referrals/applications/stays arrive: create the
object in `world()` (tests/security/world.py, next to `referral`) and add
one line to `OBJECTS` there, e.g.

    "capacity.stay": lambda w: w.stay,
    "capacity.application": lambda w: w.application,

Which model a route serves is found automatically for the admin, for DRF
viewsets with a `queryset` or a model `serializer_class`, and for class-based
views with a `model` or `queryset` (DetailView, UpdateView, ...). Any other
id-taking page (a function view, or a class that only overrides
`get_object`) needs one line in ROUTE_MODELS (id_routes.py), e.g.

    r"^referrals:referral_detail$": "referrals.referral",

Until then `test_every_id_route_is_covered_or_excluded` names it.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from municipalities.models import (
    Membership,
    Organisation,
    ServiceUser,
)
from referrals.models import Referral
from tests import factories
from tests.security.id_routes import (
    AGGREGATE_MODELS,
    CONTROL_REFUSED,
    EXCLUDED,
    ID_KWARG,
    PUBLIC_MODELS,
    ROUTE_KWARGS,
    ROUTE_QUERY,
    STAFF_APPS,
    Route,
    id_routes,
    model_label,
    walk,
)
from tests.security.world import AXES_MODELS, OBJECTS, client_on, object_for, sign_in, world
from tests.shared_db import shared_rows


def url_for(route: Route, obj) -> str:
    values = {}
    for name in route.kwargs:
        if name == "content_type_id":
            values[name] = ContentType.objects.get_for_model(obj).pk
        elif ID_KWARG.search(name):
            values[name] = obj.pk
    values.update(ROUTE_KWARGS.get(route.key, {}))
    if route.name:
        query = ROUTE_QUERY.get(route.name)
        return reverse(route.name, kwargs=values) + (f"?{query}" if query else "")
    # Unnamed admin redirect routes: fill the converters by hand.
    path = route.pattern
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    return "/" + path


WALL_SCREEN = "wall screen login of the person's residence"


def personas(w) -> dict[str, object]:
    elsewhere_service = factories.OrganisationFactory(municipal_service_in=w.elsewhere)
    other_dps = factories.OrganisationFactory(name="DPS Nordfjord", kind=Organisation.Kind.DPS)
    council = factories.OrganisationFactory(name="Sogn regionråd", kind=Organisation.Kind.COUNCIL)
    permissions = Permission.objects.filter(content_type__app_label__in=STAFF_APPS)
    users = {}
    for staff in (False, True):
        suffix = "-staff" if staff else ""
        built = {
            "coordinator elsewhere": factories.member_of(
                elsewhere_service, username=f"vik-koordinator{suffix}"
            ),
            "intake clinician without referral": factories.member_of(
                other_dps, role=Membership.Role.INTAKE, username=f"dps-klinikar{suffix}"
            ),
            "council reader": factories.member_of(
                council, role=Membership.Role.COUNCIL_READER, username=f"radslesar{suffix}"
            ),
            # The staff-room screen of the residence the person lives in.
            WALL_SCREEN: factories.member_of(
                w.residence.organisation, role=Membership.Role.BOARD, username=f"tavle{suffix}"
            ),
        }
        for label, user in built.items():
            if staff:
                user.is_staff = True
                user.save()
                user.user_permissions.set(permissions)
            users[label + suffix] = user
    return users


def _allowed(route: Route, label: str, response) -> bool:
    """Refused, or sent to log in / give the second factor. Redirects were
    followed (the admin's bare object URL redirects to its change page)."""
    status = response.status_code
    if status in (403, 404, 405):
        return True
    chain = getattr(response, "redirect_chain", [])
    if chain and any(p in chain[-1][0] for p in ("/login/", "/two-factor/")):
        return True
    if chain and chain[-1][0] == "/admin/" and route.pattern.startswith("admin/"):
        # Django admin's answer for an object outside get_queryset() when the
        # ModelAdmin does not raise 404 itself: back to the index with
        # "... doesn't exist", the same as for an id that was never used.
        return True
    return status == 200 and (label in PUBLIC_MODELS or label in AGGREGATE_MODELS)


def _personal_data(w, label: str, user) -> list[str]:
    people = [w.person]
    if label in AGGREGATE_MODELS and not ServiceUser.objects.for_user(user).filter(
        pk=w.neighbour.pk
    ):
        # A page about the whole residence must not name any of its residents,
        # except those the reader may see anyway (a coordinator's own people).
        people.append(w.neighbour)
    return [s for p in people for s in (p.first_name, p.last_name, p.national_id)]


def _post(client, url: str, is_api: bool):
    if is_api:
        return client.post(url, {}, content_type="application/json", follow=True)
    return client.post(url, {}, follow=True)


ROUTES = id_routes()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The world and its personas for every route (they take seconds to
    build), each persona signed in once: each test runs in a savepoint of
    this transaction and is rolled back after it."""
    with shared_rows(django_db_blocker):
        w = world()
        w.personas = personas(w)
        users = {**w.personas, "coordinator": w.coordinator, "admin": w.admin}
        w.sessions = {label: sign_in(user) for label, user in users.items()}
        yield w


def _signed_in(response) -> bool:
    """Not sent to a login page (a control on the login page proves nothing)."""
    chain = getattr(response, "redirect_chain", [])
    return not (chain and "/login/" in chain[-1][0])


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.key for r in ROUTES])
def test_outsiders_get_no_object_and_no_personal_data(route, shared_world):
    w = shared_world
    if route.key in EXCLUDED:
        pytest.skip(EXCLUDED[route.key])
    label = model_label(route)
    obj = object_for(w, label) if label else None
    assert obj is not None, (
        f"{route.key} ({route.pattern}) takes an id of {label or 'an unknown model'}: "
        "add an object to OBJECTS (and ROUTE_MODELS) or the route to EXCLUDED with a reason"
    )
    url = url_for(route, obj)
    is_api = route.pattern.startswith("api/")
    for persona, user in w.personas.items():
        client = client_on(w.sessions[persona])
        responses = [client.get(url, follow=True)]
        # Refused as this persona, not as a visitor sent to the login page.
        assert responses[0].wsgi_request.user.pk == user.pk, f"{persona} was not signed in"
        if is_api:
            responses.append(client.patch(url, {}, content_type="application/json"))
        if responses[0].status_code == 405:
            # A POST-only action: its 405 to GET proves nothing, so POST.
            responses.append(_post(client, url, is_api))
        for response in responses:
            assert _allowed(route, label, response), (
                f"{persona} got {response.status_code} from {response.request['REQUEST_METHOD']} {url}"
            )
            if persona.startswith(WALL_SCREEN) and route.name != "capacity:wall":
                # Not even what every member may read: the wall screen only.
                assert response.status_code == 404, f"{persona} got {response.status_code} at {url}"
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode(errors="replace")
            for secret in _personal_data(w, label, user):
                assert secret not in body, f"{persona} saw {secret!r} at {url}"

    # Positive control: the object is the right one, the people who may see it do.
    # The council report's jobs are for council readers and administrators only.
    control = "admin" if route.pattern.startswith(("admin/", "reports/")) else "coordinator"
    if control == "coordinator":
        w.coordinator.user_permissions.set(Permission.objects.all())
    client = client_on(w.sessions[control])
    response = client.get(url, follow=True)
    assert _signed_in(response), f"control ({control}) was signed out"
    if route.key in CONTROL_REFUSED:
        assert response.status_code == CONTROL_REFUSED[route.key][0]
    elif response.status_code == 405:
        # A POST-only action reaches the object when the administrator's empty
        # POST gets past the lookup: done (200), refused by the object's
        # state (409) or asking for input (400), never 403/404/405.
        response = _post(client_on(w.sessions["admin"]), url, is_api)
        assert _signed_in(response), "control (admin) was signed out"
        assert response.status_code in (200, 400, 409), (
            f"control got {response.status_code} from POST {url}"
        )
    else:
        assert response.status_code == 200, f"control got {response.status_code} at {url}"


def uncovered(routes: list[Route]) -> list[str]:
    """Id-taking routes with neither a world object nor an exclusion."""
    missing = []
    for route in routes:
        label = model_label(route)
        known = label is not None and (label in OBJECTS or label in AXES_MODELS)
        if route.key not in EXCLUDED and not known:
            missing.append(f"{route.key} ({route.pattern}) -> {label}")
    return missing


def test_every_id_route_is_covered_or_excluded():
    assert uncovered(ROUTES) == [], "id-taking routes without a world object or exclusion"


def test_a_new_id_route_without_a_world_object_is_caught():
    from django.urls import path

    def stay_detail(request, pk): ...

    new = path("residence/stays/<int:pk>/", stay_detail, name="stay_detail")
    routes = list(walk(SimpleNamespace(url_patterns=[new])))
    assert routes[0].kwargs == ("pk",)
    assert uncovered(routes) == ["stay_detail (residence/stays/<int:pk>/) -> None"]


def test_a_new_class_based_page_with_a_model_is_checked_without_a_new_line():
    from django.urls import path
    from django.views.generic import DetailView, UpdateView

    from capacity.models import Stay

    class StayDetail(DetailView):
        model = Stay

    class ReferralEdit(UpdateView):
        queryset = Referral.objects.all()

    new = [
        path("residence/stays/<int:pk>/", StayDetail.as_view(), name="stay_page"),
        path("referrals/<int:referral_id>/edit/", ReferralEdit.as_view(), name="referral_edit"),
    ]
    routes = list(walk(SimpleNamespace(url_patterns=new)))
    assert [model_label(r) for r in routes] == ["capacity.stay", "referrals.referral"]
    assert uncovered(routes) == []


def test_an_api_viewset_is_known_by_its_serializers_model():
    from capacity.api.views import StayViewSet

    route = next(r for r in ROUTES if r.key == "stay-discharge")
    assert route.callback.cls is StayViewSet
    assert model_label(route) == "capacity.stay"


def test_the_exclusions_name_existing_routes():
    keys = {r.key for r in ROUTES}
    assert set(EXCLUDED) <= keys


def test_the_walk_finds_the_routes_that_matter():
    keys = {r.key for r in ROUTES}
    assert {
        "service-user-detail",
        "admin:municipalities_serviceuser_change",
        "privacy:export_pdf",
        "privacy:access_log",
        "privacy:export_job",
        "privacy:export_job_pdf",
    } <= keys
    assert ServiceUser._meta.label_lower in {model_label(r) for r in ROUTES}
