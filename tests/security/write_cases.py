"""How tests/security/test_write_routes.py calls each write route: its URL
and payload built from the world (tests/security/world.py), who may use it
(CASES), who may not even be the administrator (NOBODY), and the payloads of
admin add pages (ADMIN_ADD). A route missing here fails
`test_every_write_route_is_covered`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.urls import reverse

from tests import factories

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
