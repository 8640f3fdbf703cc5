"""One rule for a change, on every route: every write route, enumerated.

tests/security/write_routes.py walks the URL resolver and the DRF routers
for every (route, method) that writes: API POST/PUT/PATCH/DELETE per viewset
action, every page that accepts POST, and the admin's add, change, delete and
change-list (actions, bulk delete) pages of every registered ModelAdmin.
Each must be in CASES below (how to build its URL and payload, who may), or
in OWN_ACCOUNT (it writes the user's own session or account), or, for the
admin, have its model's object in the isolation test's OBJECTS; otherwise
`test_every_write_route_is_covered` fails: a new route fails until covered.

For each route, in the isolation test's world (everything about one person
in Lærdal), the refused personas go first, each request against a database
fingerprint (an md5 of every table but sessions and the access log):

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
answer but 403/404 (a success, or a field error for a payload that does not
satisfy every rule). Routes nobody may use (the access log, a referral's
deletion) are in NOBODY with the reason, and refuse the insider too.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from municipalities.models import Membership, Organisation
from tests import factories
from tests.security.test_isolation import AXES_MODELS, OBJECTS, _axes_object, world
from tests.security.write_routes import (
    OWN_ACCOUNT,
    WriteRoute,
    admin_action,
    admin_model_label,
    is_admin_model_route,
    write_routes,
)

# Marked so pytest-django sets up the test database (the shared world below
# is built in a module fixture, before any test's own transaction).
pytestmark = pytest.mark.django_db

W = SimpleNamespace


@dataclass
class Case:
    url: Callable[[W], str]
    data: Callable[[W], dict] = field(default=lambda w: {})
    insider: str = "coordinator"
    reader: str = "reader"
    creates: bool = False


def u(name: str, *attrs: str, **kwargs) -> Callable[[W], str]:
    """reverse(name) with the pks of the world's objects `attrs`."""

    def build(w: W) -> str:
        args = [getattr(w, a).pk for a in attrs]
        return reverse(name, args=args, kwargs=kwargs or None)

    return build


def _referral_payload(w: W) -> dict:
    return {
        "service_user": w.person.pk,
        "sender": w.home_service.pk,
        "receiver": w.bup.pk,
        "kind": "assessment",
        "urgency": "ordinary",
        "reason": "Treng vurdering.",
        "requested": "Vurdering.",
        "confirm_legal_basis": "without_consent",
        "confirm_outside_catchment_note": "test",
    }


def _person_payload(w: W) -> dict:
    return {
        "national_id": factories.synthetic_id(datetime.date(1990, 5, 5)),
        "first_name": "Ny",
        "last_name": "Person",
        "home_municipality": w.home.pk,
        "main_pathway": 3,
    }


PERSON_EDIT = {
    "first_name": "Sigrunhild",
    "last_name": "Isolasjonsdottir",
    "main_pathway": 3,
    "ip_status": "none",
}

# "<url name> <METHOD>" -> how to call it. Insiders: coordinator (the
# person's), clinician (the DPS that received the referral), lead (the
# residence's intake team), owner (the person's own plan login).
CASES: dict[str, Case] = {
    # --- the person's record (pages) ---
    "municipalities:serviceuser_create POST": Case(
        u("municipalities:serviceuser_create"), _person_payload, creates=True
    ),
    "municipalities:serviceuser_update POST": Case(
        u("municipalities:serviceuser_update", "person"),
        lambda w: {
            **PERSON_EDIT,
            "national_id": w.person.national_id,
            "home_municipality": w.home.pk,
        },
    ),
    "municipalities:assessment_create POST": Case(
        u("municipalities:assessment_create", "person"),
        lambda w: {"assessed_on": "2026-01-10", **{d: 2 for d in w.domains}},
    ),
    "municipalities:consent_create POST": Case(
        u("municipalities:consent_create", "person"),
        lambda w: {"organisation": w.dps.pk, "given_on": "2026-01-10"},
    ),
    "municipalities:consent_withdraw POST": Case(
        u("municipalities:consent_withdraw", "consent"), lambda w: {"withdrawn_on": "2026-01-12"}
    ),
    "municipalities:purchase_create POST": Case(
        u("municipalities:purchase_create", "person"),
        lambda w: {
            "provider": "Privat AS",
            "municipality": w.home.pk,
            "daily_cost": 5000,
            "start_date": "2026-01-10",
        },
    ),
    "municipalities:purchase_end POST": Case(
        u("municipalities:purchase_end", "purchase"), lambda w: {"end_date": "2026-01-31"}
    ),
    # --- the individual plan (pages) ---
    "plans:owner_statement POST": Case(
        u("plans:owner_statement"), lambda w: {"owner_statement": "Eg vil bu heime."}, "owner"
    ),
    "plans:owner_comment POST": Case(
        u("plans:owner_comment"), lambda w: {"goal": w.goal.pk, "text": "Det går betre."}, "owner"
    ),
    "plans:plan_create POST": Case(u("plans:plan_create", "person"), lambda w: {}),
    "plans:plan_update POST": Case(u("plans:plan_update", "plan")),
    "plans:plan_status POST": Case(u("plans:plan_status", "plan")),
    "plans:crisis_plan POST": Case(u("plans:crisis_plan", "plan")),
    "plans:goal_create POST": Case(
        u("plans:goal_create", "plan"), lambda w: {"text": "Eit mål", "domain": "housing"}
    ),
    "plans:measure_create POST": Case(u("plans:measure_create", "plan")),
    "plans:participant_create POST": Case(u("plans:participant_create", "plan")),
    "plans:meeting_create POST": Case(u("plans:meeting_create", "plan")),
    "plans:evaluation_create POST": Case(u("plans:evaluation_create", "plan")),
    "plans:goal_update POST": Case(u("plans:goal_update", "goal")),
    "plans:note_create POST": Case(u("plans:note_create", "goal"), lambda w: {"text": "Notat"}),
    "plans:measure_update POST": Case(u("plans:measure_update", "measure")),
    "plans:participant_update POST": Case(u("plans:participant_update", "participant")),
    "plans:meeting_update POST": Case(u("plans:meeting_update", "meeting")),
    "plans:decision_create POST": Case(u("plans:decision_create", "meeting")),
    # --- referrals, recommendations, notices (pages) ---
    "referrals:referral_create POST": Case(
        u("referrals:referral_create"), _referral_payload, creates=True
    ),
    "referrals:recommendation_answer POST": Case(
        u("referrals:recommendation_answer", "recommendation"),
        lambda w: {"status": "planned", "response": "Vi gjer det."},
    ),
    "referrals:notice_create POST": Case(
        u("referrals:notice_create"),
        lambda w: {"service_user": w.person.pk, "kind": "admitted", "sender": w.dps.pk},
        "clinician",
        "dps_reader",
        creates=True,
    ),
    "referrals:notice_acknowledge POST": Case(u("referrals:notice_acknowledge", "notice")),
    "referrals:referral_transition POST": Case(
        lambda w: reverse("referrals:referral_transition", args=[w.referral.pk, "accept"]),
        lambda w: {"version": w.referral.version},
        "clinician",
        "dps_reader",
    ),
    # --- the residence (pages) ---
    "capacity:intake_meeting POST": Case(
        u("capacity:intake_meeting", "residence"), insider="lead", reader="lead_reader"
    ),
    "capacity:offer POST": Case(
        u("capacity:offer", "application"),
        lambda w: {"place": w.free_place.pk, "valid_until": "2026-12-31"},
        "lead",
        "lead_reader",
    ),
    "capacity:accept POST": Case(u("capacity:accept", "application")),
    "capacity:decline_offer POST": Case(u("capacity:decline_offer", "application")),
    "capacity:decline POST": Case(
        u("capacity:decline", "application"), lambda w: {"note": "Nei."}, "lead", "lead_reader"
    ),
    "capacity:withdraw POST": Case(u("capacity:withdraw", "application")),
    "capacity:admit POST": Case(
        u("capacity:admit", "application"), insider="lead", reader="lead_reader"
    ),
    "capacity:discharge POST": Case(
        u("capacity:discharge", "stay"), insider="lead", reader="lead_reader"
    ),
    # --- documents (pages) ---
    "documents:parent_documents POST": Case(
        lambda w: reverse("documents:parent_documents", args=["referral", w.referral.pk]),
        lambda w: {"title": "Notat"},
    ),
    "documents:delete POST": Case(u("documents:delete", "document")),
    # --- API: the person's record ---
    "service-user-list POST": Case(u("service-user-list"), _person_payload, creates=True),
    "service-user-detail PUT": Case(
        u("service-user-detail", "person"),
        lambda w: {
            **PERSON_EDIT,
            "national_id": w.person.national_id,
            "home_municipality": w.home.pk,
        },
    ),
    "service-user-detail PATCH": Case(
        u("service-user-detail", "person"), lambda w: {"next_of_kin_name": "Kari"}
    ),
    # --- API: the individual plan ---
    "individual-plan-list POST": Case(
        u("individual-plan-list"), lambda w: {"service_user": w.person.pk}, creates=True
    ),
    "individual-plan-detail PUT": Case(u("individual-plan-detail", "plan")),
    "individual-plan-detail PATCH": Case(
        u("individual-plan-detail", "plan"), lambda w: {"what_matters": "Å bu heime."}
    ),
    "plan-goal-list POST": Case(
        u("plan-goal-list"),
        lambda w: {"plan": w.plan.pk, "text": "Mål", "domain": "housing"},
        creates=True,
    ),
    "plan-goal-detail PUT": Case(u("plan-goal-detail", "goal")),
    "plan-goal-detail PATCH": Case(u("plan-goal-detail", "goal"), lambda w: {"text": "Nytt"}),
    "plan-measure-list POST": Case(
        u("plan-measure-list"),
        lambda w: {"plan": w.plan.pk, "goal": w.goal.pk, "text": "Tiltak"},
        creates=True,
    ),
    "plan-measure-detail PUT": Case(u("plan-measure-detail", "measure")),
    "plan-measure-detail PATCH": Case(
        u("plan-measure-detail", "measure"), lambda w: {"text": "Nytt"}
    ),
    "plan-participant-list POST": Case(
        u("plan-participant-list"),
        lambda w: {"plan": w.plan.pk, "organisation": w.dps.pk, "role": "member"},
        creates=True,
    ),
    "plan-participant-detail PUT": Case(u("plan-participant-detail", "participant")),
    "plan-participant-detail PATCH": Case(u("plan-participant-detail", "participant")),
    "plan-participant-detail DELETE": Case(u("plan-participant-detail", "participant")),
    "plan-meeting-list POST": Case(
        u("plan-meeting-list"),
        lambda w: {"plan": w.plan.pk, "starts_at": "2026-06-01T10:00:00+02:00"},
        creates=True,
    ),
    "plan-meeting-detail PUT": Case(u("plan-meeting-detail", "meeting")),
    "plan-meeting-detail PATCH": Case(
        u("plan-meeting-detail", "meeting"), lambda w: {"place": "Rådhuset"}
    ),
    # --- API: referrals, recommendations, notices ---
    "referral-list POST": Case(u("referral-list"), _referral_payload, creates=True),
    "referral-transition POST": Case(
        u("referral-transition", "referral"),
        lambda w: {"action": "accept", "version": w.referral.version},
        "clinician",
        "dps_reader",
    ),
    "recommendation-detail PATCH": Case(
        u("recommendation-detail", "recommendation"), lambda w: {"status": "planned"}
    ),
    "notice-list POST": Case(
        u("notice-list"),
        lambda w: {"service_user": w.person.pk, "kind": "admitted", "sender": w.dps.pk},
        "clinician",
        "dps_reader",
        creates=True,
    ),
    "notice-acknowledge POST": Case(u("notice-acknowledge", "notice")),
    # --- API: the residence ---
    "application-list POST": Case(
        u("application-list"),
        lambda w: {"referral": w.referral.pk, "residence": w.residence.pk},
        creates=True,
    ),
    "application-accept POST": Case(u("application-accept", "application")),
    "application-accept-offer POST": Case(u("application-accept-offer", "application")),
    "application-decline POST": Case(
        u("application-decline", "application"),
        lambda w: {"note": "Nei."},
        "lead",
        "lead_reader",
    ),
    "application-decline-offer POST": Case(u("application-decline-offer", "application")),
    "application-offer POST": Case(
        u("application-offer", "application"),
        lambda w: {"place": w.free_place.pk, "valid_until": "2026-12-31"},
        "lead",
        "lead_reader",
    ),
    "application-prioritise POST": Case(
        u("application-prioritise", "application"),
        lambda w: {"priority": 1},
        "lead",
        "lead_reader",
    ),
    "application-withdraw POST": Case(u("application-withdraw", "application")),
    "stay-list POST": Case(
        u("stay-list"),
        lambda w: {
            "application": w.application.pk,
            "place": w.free_place.pk,
            "start": "2026-02-01",
        },
        "lead",
        "lead_reader",
        creates=True,
    ),
    "stay-discharge POST": Case(
        u("stay-discharge", "stay"),
        lambda w: {"end": "2026-02-01", "end_reason": "planned"},
        "lead",
        "lead_reader",
    ),
    # --- API: documents and tokens ---
    "referral-document-list POST": Case(
        lambda w: reverse("referral-document-list", kwargs={"referral_pk": w.referral.pk}),
        lambda w: {"title": "Notat"},
    ),
    "document-detail DELETE": Case(u("document-detail", "document")),
    "admin:auth_user_password_change POST": Case(
        u("admin:auth_user_password_change", "coordinator"),
        lambda w: {"password1": "Ny-passord-2026!x", "password2": "Ny-passord-2026!x"},
        "admin",
    ),
    "api-token-detail DELETE": Case(
        lambda w: reverse("api-token-detail", args=[w.token.token_key])
    ),
}

# Write routes no one may use, not even the administrator, and why.
NOBODY: dict[str, str] = {
    "admin:bops_accesslog_add POST": "the access log is append-only",
    "admin:bops_accesslog_change POST": "the access log is append-only",
    "admin:bops_accesslog_delete POST": "the access log is append-only",
    "admin:referrals_referral_delete POST": "a referral is its history",
    "admin:municipalities_serviceuser_delete POST": "a person is anonymised, never deleted",
    "admin:municipalities_individualplan_add POST": "plans change on their pages, with history",
    "admin:municipalities_individualplan_change POST": "plans change on their pages",
    "admin:municipalities_individualplan_delete POST": "plans change on their pages",
    "admin:municipalities_planhistory_add POST": "plan history is append-only",
    "admin:municipalities_planhistory_change POST": "plan history is append-only",
    "admin:municipalities_planhistory_delete POST": "plan history is append-only",
    "admin:documents_document_add POST": "a document is uploaded on its parent's page",
    "admin:documents_document_change POST": "a document is never edited",
    "admin:documents_document_delete POST": "a document is deleted as a recorded event",
    "admin:documents_documentevent_add POST": "document history is append-only",
    "admin:documents_documentevent_change POST": "document history is append-only",
    "admin:documents_documentevent_delete POST": "document history is append-only",
    "admin:capacity_stay_add POST": "stays are made by admissions, under the residence lock",
    "admin:capacity_stay_change POST": "stays end by discharge",
    "admin:referrals_notice_add POST": "a notice is sent from its unit's page",
    "admin:referrals_notice_change POST": "a notice is acknowledged, never edited",
    "admin:referrals_notice_delete POST": "a notice is kept",
    "admin:referrals_recommendation_add POST": "written when a referral is completed",
    "admin:referrals_recommendation_change POST": "answered on its own page",
    "admin:referrals_recommendation_delete POST": "a recommendation is kept",
    "admin:axes_accessattempt_add POST": "lockout records are written by the login",
    "admin:axes_accesslog_add POST": "lockout records are written by the login",
    "admin:axes_accessfailurelog_add POST": "lockout records are written by the login",
}

# The payload of an admin add page, for models whose add the insider uses.
ADMIN_ADD: dict[str, Callable[[W], dict]] = {
    "capacity.unit": lambda w: {"residence": w.residence.pk, "name": "C", "kind": "ordinary"},
    "capacity.costkey": lambda w: {
        "residence": w.residence.pk,
        "year": 2031,
        "budget": 1000,
        "fixed_share": 30,
        "use_share": 70,
    },
    "capacity.place": lambda w: {"unit": w.unit.pk, "code": "A9", "active": "on"},
}

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
    w.axes = {label: _axes_object(label) for label in AXES_MODELS}
    every_permission = list(Permission.objects.all())
    for name in STAFF_PERSONAS:
        user = getattr(w, name)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.user_permissions.set(every_permission)
    return w


# --- the database fingerprint ---------------------------------------------

# Written by reading or signing in, never by a write on a record.
NOT_FINGERPRINTED = (
    "django_session",
    "bops_accesslog",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "referrals_dashboardvisit",
    "auth_user",  # last_login moves when a persona signs in
)


def fingerprint() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND NOT (tablename = ANY(%s)) ORDER BY tablename",
            [list(NOT_FINGERPRINTED)],
        )
        tables = [row[0] for row in cursor.fetchall()]
        sql = " UNION ALL ".join(
            f"SELECT '{t}', md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) "
            f'FROM "{t}" x'
            for t in tables
        )
        cursor.execute(sql)
        return dict(cursor.fetchall())


def changed(before: dict[str, str]) -> list[str]:
    after = fingerprint()
    return sorted(t for t in after if before.get(t) != after[t])


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
    """One world for every route (it takes seconds to build): each test runs
    in a savepoint of this transaction and is rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        w = _extend(world(None))
        yield w
        transaction.set_rollback(True)


@pytest.fixture
def w(shared_world, django_db_blocker, settings):
    settings.BOPS_API_RATES = {k: "100000/minute" for k in settings.BOPS_API_RATES}
    with django_db_blocker.unblock(), transaction.atomic():
        # Signed in per test: a session written in one test's savepoint is
        # gone after its rollback.
        shared_world.clients = {}
        for name in (*PERSONAS, "admin"):
            shared_world.clients[name] = Client()
            shared_world.clients[name].force_login(getattr(shared_world, name))
        yield shared_world
        transaction.set_rollback(True)


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

    before = fingerprint()
    for persona in ("outsider", reader_name, "council"):
        client = w.clients[persona]
        response = _send(client, write.method, url, data, is_api)
        assert _refused(response, creates=creates, changelist=changelist), (
            f"{persona} got {response.status_code} from {write.key} ({url})"
        )
        assert changed(before) == [], f"{persona}'s {write.key} changed the database"

    client = w.clients[insider_name]
    before = fingerprint()
    response = _send(client, write.method, url, data, is_api)
    if write.key in NOBODY:
        assert response.status_code in (403, 404, 405), (
            f"{write.key} is for nobody ({NOBODY[write.key]}), got {response.status_code}"
            f" {response.get('Location')}"
        )
        assert changed(before) == []
    else:
        assert response.status_code not in (403, 404, 405), (
            f"the insider ({insider_name}) got {response.status_code} from {write.key} ({url})"
        )
        assert response.status_code < 500


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
