"""One rule for a change, on every route: every write route, enumerated.

tests/security/write_routes.py walks the URL resolver and the DRF routers
for every (route, method) that writes: API POST/PUT/PATCH/DELETE per viewset
action, every page that accepts POST, and the admin's add, change, delete and
change-list (actions, bulk delete) pages of every registered ModelAdmin.
Each must be in CASES (tests/security/write_cases.py: how to build its URL
and payload, who may), or in OWN_ACCOUNT (it writes the user's own session
or account), or, for the admin, have its model's object in OBJECTS
(tests/security/world.py); otherwise
`test_every_write_route_is_covered` fails: a new route fails until covered.

For each route, in the world of tests/security/world.py (everything about
one person in Lærdal), the refused personas go first, each request against a
database fingerprint (an md5 of every table but sessions and the access log,
tests/security/fingerprint.py):

- a coordinator from another municipality (the outsider): 404 (or 403);
- a read-only member of the insider's own organisation: 403 or 404;
- a council reader: 403 or 404;

and the fingerprint must not move. Routes without an object in the URL (a
create) may answer a refused persona with a field error instead (200 with the
form again, or 400), the person named in the payload not being theirs; the
database must still be unchanged. On the admin every refused persona is a
staff user holding every model permission, so the scoping is what refuses.
The admin change list answers an out-of-scope action with its list (nothing
selected): unchanged is what counts there.

Then the insider who may (the person's coordinator, the receiving clinician,
the residence's lead, the administrator on the admin) must get through: any
answer but 403/404 or a redirect to the login (a success, or a field error
for a payload that does not satisfy every rule). Routes nobody may use (the access log, a referral's
deletion) are in NOBODY with the reason, and refuse the insider too.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from municipalities.models import Membership, Organisation
from tests import factories
from tests.security.fingerprint import Fingerprint, writes
from tests.security.world import (
    AXES_MODELS,
    OBJECTS,
    axes_object,
    client_on,
    sign_in,
    world,
)
from tests.security.write_cases import ADMIN_ADD, CASES, NOBODY, W
from tests.security.write_routes import (
    OWN_ACCOUNT,
    WriteRoute,
    admin_action,
    admin_model_label,
    is_admin_model_route,
    write_routes,
)
from tests.shared_db import shared_rows

# Marked so pytest-django sets up the test database (the shared world below
# is built in a module fixture, before any test's own transaction).
pytestmark = pytest.mark.django_db

STAFF_PERSONAS = ("outsider", "reader", "council", "dps_reader", "lead_reader")
PERSONAS = (*STAFF_PERSONAS, "coordinator", "clinician", "lead", "owner")


def _extend(w: W) -> W:
    """The isolation world plus the personas of this test."""
    elsewhere_service = factories.OrganisationFactory(municipal_service_in=w.elsewhere)
    council = factories.OrganisationFactory(name="Sogn regionråd", kind=Organisation.Kind.COUNCIL)
    w.bup = factories.bup_for(w.home, name="BUP Sogndal")
    w.outsider = factories.member_of(elsewhere_service, username="vik-koordinator")
    w.reader = factories.member_of(w.home_service, read_only=True, username="lesar")
    w.council = factories.member_of(
        council, role=Membership.Role.COUNCIL_READER, username="radslesar"
    )
    w.clinician = w.dps_clinician
    w.dps_reader = factories.member_of(
        w.dps, role=Membership.Role.INTAKE, read_only=True, username="dps-lesar"
    )
    w.lead = factories.member_of(
        w.residence.organisation, role=Membership.Role.RESIDENCE_LEAD, username="leiar"
    )
    w.lead_reader = factories.member_of(
        w.residence.organisation,
        role=Membership.Role.RESIDENCE_LEAD,
        read_only=True,
        username="leiar-lesar",
    )
    w.owner = w.owner_login.user
    w.free_place = w.residence.places.get(code="A2")
    w.domains = [
        "substance_use", "finances", "mental_health", "physical_health",
        "housing", "social_skills", "network", "activity",
    ]  # fmt: skip
    w.token = AuthToken.objects.create(user=w.coordinator)[0]
    w.axes = {label: axes_object(label) for label in AXES_MODELS}
    every_permission = list(Permission.objects.all())
    for name in STAFF_PERSONAS:
        user = getattr(w, name)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.user_permissions.set(every_permission)
    return w


# --- calling a route --------------------------------------------------------


def object_of(w: W, label: str):
    return w.axes[label] if label in AXES_MODELS else OBJECTS[label](w)


def covered_model(label: str) -> bool:
    return label in OBJECTS or label in AXES_MODELS


def _admin_url(w: W, route, label: str) -> str:
    action = admin_action(route)
    name = route.name
    if action in ("add", "changelist"):
        return reverse(name)
    return reverse(name, args=[object_of(w, label).pk])


def _admin_form_data(client: Client, url: str) -> dict:
    """The admin form as the page renders it for the administrator: posting
    it back unchanged is a valid save."""
    response = client.get(url)
    if response.status_code != 200 or response.context is None:
        return {}
    context = response.context
    data: dict = {}
    admin_form = context.get("adminform")
    forms = [admin_form.form] if admin_form is not None else []
    for inline in context.get("inline_admin_formsets", []) or []:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)
    return data


def _admin_request(w: W, route, label: str, admin_client: Client):
    action = admin_action(route)
    url = _admin_url(w, route, label)
    if action == "delete":
        return url, {"post": "yes"}
    if action == "changelist":
        obj = object_of(w, label)
        return url, {
            "action": "delete_selected",
            "_selected_action": [str(obj.pk)],
            "post": "yes",
            "index": "0",
        }
    if action == "add":
        data = _admin_form_data(admin_client, url)
        data.update(ADMIN_ADD.get(label, lambda w: {})(w))
        return url, data
    return url, _admin_form_data(admin_client, url)


def _send(client: Client, method: str, url: str, data: dict, is_api: bool):
    if is_api:
        return client.generic(method, url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


def _refused(response, *, creates: bool, changelist: bool) -> bool:
    status = response.status_code
    if status in (403, 404):
        return True
    if creates and status in (200, 400):
        return True
    # Every persona is signed in: a redirect to a login page would prove
    # nothing, so it does not count as refused.
    return changelist and status in (200, 302) and "/login/" not in response.get("Location", "")


ROUTES, UNKNOWN = write_routes()
TESTED = [r for r in ROUTES if r.key not in OWN_ACCOUNT]


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for every route (it takes seconds to build), every persona
    signed in once and the fingerprint of the database taken once: each test
    runs in a savepoint of this transaction and is rolled back after it, so
    it starts from this very database."""
    with shared_rows(django_db_blocker):
        w = _extend(world())
        w.sessions = {name: sign_in(getattr(w, name)) for name in (*PERSONAS, "admin")}
        w.fingerprint = Fingerprint()
        yield w


@pytest.fixture
def w(shared_world, settings):
    """The shared world, in this test's savepoint (pytestmark), with fresh clients."""
    settings.BOPS_API_RATES = {k: "100000/minute" for k in settings.BOPS_API_RATES}
    shared_world.clients = {name: client_on(k) for name, k in shared_world.sessions.items()}
    return shared_world


@pytest.mark.parametrize("write", TESTED, ids=[r.key for r in TESTED])
def test_only_the_insider_writes(write: WriteRoute, w):
    route = write.route
    is_admin = is_admin_model_route(route)
    is_api = route.pattern.startswith("api/")
    admin_client = w.clients["admin"]
    if is_admin and write.key not in CASES:
        label = admin_model_label(route)
        assert covered_model(label), f"{write.key}: add an object of {label} to OBJECTS"
        url, data = _admin_request(w, route, label, admin_client)
        insider_name, reader_name, creates = "admin", "reader", admin_action(route) == "add"
    else:
        assert write.key in CASES, f"{write.key}: add it to CASES (or OWN_ACCOUNT with a reason)"
        case = CASES[write.key]
        url, data = case.url(w), case.data(w)
        insider_name, reader_name, creates = case.insider, case.reader, case.creates
    changelist = write.key not in CASES and is_admin and admin_action(route) == "changelist"

    fingerprint, since = w.fingerprint, writes()
    for persona in ("outsider", reader_name, "council"):
        client = w.clients[persona]
        response = _send(client, write.method, url, data, is_api)
        assert _refused(response, creates=creates, changelist=changelist), (
            f"{persona} got {response.status_code} from {write.key} ({url})"
        )
        assert fingerprint.changed(since) == [], f"{persona}'s {write.key} changed the database"

    client = w.clients[insider_name]
    response = _send(client, write.method, url, data, is_api)
    if write.key in NOBODY:
        assert response.status_code in (403, 404, 405), (
            f"{write.key} is for nobody ({NOBODY[write.key]}), got {response.status_code}"
            f" {response.get('Location')}"
        )
        assert fingerprint.changed(since) == []
    else:
        assert response.status_code not in (403, 404, 405), (
            f"the insider ({insider_name}) got {response.status_code} from {write.key} ({url})"
        )
        assert response.status_code < 500
        # Signed in: a redirect to a login page is not getting through.
        assert "/login/" not in response.get("Location", ""), f"{insider_name} was signed out"


@pytest.mark.django_db
def test_every_write_route_is_covered():
    assert UNKNOWN == [], "function views whose methods are unknown: list them in FUNCTION_VIEWS"
    missing = [
        r.key
        for r in ROUTES
        if r.key not in OWN_ACCOUNT
        and r.key not in CASES
        and not (is_admin_model_route(r.route) and covered_model(admin_model_label(r.route)))
    ]
    assert missing == [], f"write routes with no case: add them to CASES: {missing}"


def test_a_new_write_route_fails_until_covered():
    from django.urls import path
    from django.views.generic import FormView

    class StayNoteView(FormView): ...

    def stamp(request, pk): ...

    new = SimpleNamespace(
        url_patterns=[
            path("residence/stays/<int:pk>/note/", StayNoteView.as_view(), name="stay_note"),
            path("residence/stays/<int:pk>/stamp/", stamp, name="stay_stamp"),
        ]
    )
    found, unknown = write_routes(new)
    assert [r.key for r in found] == ["stay_note POST"]
    assert "stay_note POST" not in CASES
    assert unknown == ["stay_stamp"]


def test_the_tables_name_existing_routes():
    keys = {r.key for r in ROUTES}
    assert set(CASES) <= keys
    assert set(NOBODY) <= keys
    assert set(OWN_ACCOUNT) <= keys


def test_the_fingerprint_sees_every_change_and_only_changes(w):
    fingerprint, since = w.fingerprint, writes()
    assert fingerprint.changed(since) == []
    type(w.goal).objects.filter(pk=w.goal.pk).update(text=F("text"))  # written, the same
    assert fingerprint.changed(since) == []
    with pytest.raises(RuntimeError), transaction.atomic():
        w.goal.delete()
        raise RuntimeError  # rolled back: unchanged
    assert fingerprint.changed(since) == []
    w.person.first_name = "Endra"
    w.person.save(update_fields=["first_name"])
    assert fingerprint.changed(since) == ["municipalities_serviceuser"]
