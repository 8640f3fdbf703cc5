"""Patient/$everything: one person's whole record as FHIR resources.

The same people and rows as the JSON export of the right of access
(privacy/export.py): the person, their referrals (ServiceRequest and
Task) and their history (Provenance), applications, stays and private
purchases (EpisodeOfCare), consents (Consent), Brukerplan assessments
(Observation), individual plans (CarePlan and CareTeam) with their
meetings and decisions (Encounter), change history (Provenance) and the
owner's login (Basic), the access log (AuditEvent) and the organisations
these name. A test holds it equal to the export.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bops.audit import AccessLog
from capacity.models import Application, Stay
from fhir_api import (
    elements,
    episode_resources,
    plan_record,
    plan_resources,
    referral_resources,
    resources,
)
from fhir_api.scopes import CARE_PLAN_PARTS, CARE_TEAM_PARTS, plan_rows, privacy_people
from municipalities.models import (
    Assessment,
    Consent,
    IndividualPlan,
    Meeting,
    Organisation,
    PlanHistory,
    PlanOwnerLogin,
    PrivatePurchase,
)
from referrals.models import Referral, ReferralEvent

# Export sections (model labels) not in the FHIR record, and why. A model
# that joins the export fails the test in tests/fhir_api until it is mapped
# here or named with its reason. Empty: everything the export holds is mapped.
NOT_MAPPED: dict[str, str] = {}

#: Resource types that appear only here, with no read or search of their own
#: (fhir_api/plan_record.py); the CapabilityStatement says so.
EVERYTHING_ONLY = ("Encounter", "Basic")


def person_for(user, pk: int):
    died = Stay.objects.filter(service_user=OuterRef("pk"), end_reason=Stay.EndReason.DEATH)
    person = (
        privacy_people(user)
        .select_related("home_municipality")
        .annotate(died=Exists(died))
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person


def record(person) -> list[dict]:
    """The person first, then what is about them, then the organisations named."""
    referrals = list(
        Referral.objects.filter(service_user=person)
        .select_related("service_user", "sender", "receiver")
        .order_by("pk")
    )
    applications = list(
        Application.objects.filter(service_user=person)
        .select_related("service_user", "residence__organisation")
        .order_by("pk")
    )
    stays = list(
        Stay.objects.filter(service_user=person)
        .select_related("service_user", "place__residence__organisation")
        .order_by("pk")
    )
    log = list(AccessLog.objects.about(person).order_by("pk"))
    consents = list(
        Consent.objects.filter(service_user=person).select_related("organisation").order_by("pk")
    )
    assessments = list(
        Assessment.objects.filter(service_user=person).select_related("assessor").order_by("pk")
    )
    purchases = list(
        PrivatePurchase.objects.filter(service_user=person)
        .select_related("municipality")
        .order_by("pk")
    )
    events = list(
        ReferralEvent.objects.filter(referral__service_user=person)
        .select_related("by")
        .order_by("referral_id", "at", "pk")
    )
    plans = list(
        plan_rows(
            IndividualPlan.objects.filter(service_user=person),
            CARE_PLAN_PARTS + CARE_TEAM_PARTS,
        ).order_by("pk")
    )
    meetings = list(
        Meeting.objects.filter(plan__service_user=person)
        .prefetch_related(
            "decisions__owner",
            "invited__user",
            "invited__organisation",
            "attended__user",
            "attended__organisation",
        )
        .order_by("plan_id", "starts_at", "pk")
    )
    history = list(
        PlanHistory.objects.filter(plan__service_user=person)
        .select_related("by")
        .order_by("plan_id", "at", "pk")
    )
    logins = list(
        PlanOwnerLogin.objects.filter(plan__service_user=person)
        .select_related("user")
        .annotate(
            second_factor=Exists(
                TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
            )
        )
        .order_by("pk")
    )
    organisations = (
        {r.sender_id for r in referrals}
        | {r.receiver_id for r in referrals}
        | {a.residence.organisation_id for a in applications}
        | {s.place.residence.organisation_id for s in stays}
        | {e.organisation_id for e in log if e.organisation_id}
        | {c.organisation_id for c in consents}
        | {
            m.responsible_organisation_id
            for p in plans
            for m in p.measures.all()
            if m.responsible_organisation_id
        }
        | {x.organisation_id for p in plans for x in p.participants.all() if x.organisation_id}
    )
    out = [resources.patient(person)]
    for referral in referrals:
        out += [referral_resources.service_request(referral), referral_resources.task(referral)]
    out += [episode_resources.application_episode(a) for a in applications]
    out += [episode_resources.stay_episode(s) for s in stays]
    out += [episode_resources.purchase_episode(p) for p in purchases]
    out += [referral_resources.referral_event(e) for e in events]
    for plan in plans:
        out += [plan_resources.care_plan(plan), plan_resources.care_team(plan)]
    patient = elements.ref("Patient", person.pk, person.full_name)
    now = timezone.now()
    out += [plan_record.meeting_encounter(m, patient, now) for m in meetings]
    out += [plan_record.plan_history(h) for h in history]
    out += [plan_record.owner_login(login, patient) for login in logins]
    out += [resources.consent(c) for c in consents]
    out += [resources.assessment(a) for a in assessments]
    out += [resources.audit_event(e) for e in log]
    out += [
        resources.organization(o)
        for o in Organisation.objects.filter(pk__in=organisations)
        .select_related("municipality")
        .order_by("pk")
    ]
    return out
