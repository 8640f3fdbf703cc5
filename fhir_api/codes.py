"""Identifier systems, code systems, extensions and the status mappings.

Sources (HL7 Norway and the Norwegian e-health directorate's material):

- Identifier systems, no-basis Patient (HL7Norway/basisprofiler-r4,
  StructureDefinition/no-basis-Patient): fødselsnummer
  urn:oid:2.16.578.1.12.4.1.4.1, D-number urn:oid:2.16.578.1.12.4.1.4.2.
- Municipality as address district: the no-basis extension
  http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode on
  Address.district, a Coding from the municipality numbers (Volven 3402,
  urn:oid:2.16.578.1.12.4.1.1.3402).
- Referral dates: the draft referral profile of Norsk helsenett
  (NorskHelsenett/FHIRCodeAndMore, ExampleIG, hn-extension-dates.fsh) carries
  "frist for vurdering", "mottatt dato" and "vurdert dato" as extensions
  (http://helsenorge.no/fhir/StructureDefinition/no-frist-for-vurdering, ...).
  That profile is a draft in an example guide, not a published profile, so
  BOPS defines its own extensions with the same idea and shape (a dateTime)
  under BOPS_CANONICAL; switch the URLs when a national one is published.
- Referral status (Task.businessStatus): the same draft guide has a code
  system "Henvisningsstatus (HIS 1206)",
  http://helsenorge.no/fhir/CodeSystem/henvisningsstatus, with the codes
  mottatt, vurdert-behov, vurdert-ikke-behov, avvist-mangelfull, planlagt,
  avsluttet (hn-kode-henvisning-status.fsh). It is a draft too; BOPS sends
  it as the first coding and its own exact status as a second coding in a
  local code system, so a receiver (and a later write API) can map back
  without loss.
"""

from __future__ import annotations

from capacity.models import Application, Stay
from municipalities.models import Goal, IndividualPlan, Organisation, Participant
from municipalities.models import Measure as PlanMeasure
from referrals.choices import RejectionReason, Status, Urgency

FHIR_VERSION = "4.0.1"
CONTENT_TYPE = "application/fhir+json"

# Where BOPS's own definitions live. Not yet published: a placeholder
# canonical that names BOPS, stable across installations.
BOPS_CANONICAL = "http://bops.example.org/fhir"

# --- identifier systems -----------------------------------------------------
FNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.1"
DNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.2"
NATIONAL_ID_SYSTEMS = (FNR_SYSTEM, DNR_SYSTEM)
MUNICIPALITY_NUMBER_SYSTEM = "urn:oid:2.16.578.1.12.4.1.1.3402"


def bops_identifier_system(model_name: str) -> str:
    """BOPS's own id of a row, as an identifier system (e.g. .../referral)."""
    return f"{BOPS_CANONICAL}/NamingSystem/{model_name}"


def national_id_system(number: str) -> str:
    """Fødselsnummer or D-number, read from the number: a D-number adds 4
    to the first digit of the day (day + 40), so it starts with 4-7.
    Synthetic test numbers (month + 80) keep the day as it is."""
    return DNR_SYSTEM if number[:1] in "4567" else FNR_SYSTEM


# --- profiles and extensions ------------------------------------------------
NO_BASIS_PATIENT = "http://hl7.no/fhir/StructureDefinition/no-basis-Patient"
NO_BASIS_ORGANIZATION = "http://hl7.no/fhir/StructureDefinition/no-basis-Organization"
NO_BASIS_MUNICIPALITY_CODE = "http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode"

EXT_RECEIVED = f"{BOPS_CANONICAL}/StructureDefinition/referral-received"
EXT_ASSESSMENT_DEADLINE = f"{BOPS_CANONICAL}/StructureDefinition/referral-assessment-deadline"
EXT_ASSESSED = f"{BOPS_CANONICAL}/StructureDefinition/referral-assessed"

# --- code systems -----------------------------------------------------------
HENVISNINGSSTATUS = "http://helsenorge.no/fhir/CodeSystem/henvisningsstatus"
BOPS_REFERRAL_STATUS = f"{BOPS_CANONICAL}/CodeSystem/referral-status"
BOPS_REFERRAL_KIND = f"{BOPS_CANONICAL}/CodeSystem/referral-kind"
BOPS_REJECTION_REASON = f"{BOPS_CANONICAL}/CodeSystem/rejection-reason"
BOPS_ORGANISATION_KIND = f"{BOPS_CANONICAL}/CodeSystem/organisation-kind"
BOPS_EPISODE_TYPE = f"{BOPS_CANONICAL}/CodeSystem/episode-type"
BOPS_ACCESS_ACTION = f"{BOPS_CANONICAL}/CodeSystem/access-action"

S = Status

# Referral status -> ServiceRequest.status (request-status, required binding).
REQUEST_STATUS = {
    S.DRAFT: "draft",
    S.SENT: "active",
    S.RECEIVED: "active",
    S.INFO_REQUESTED: "on-hold",
    S.ACCEPTED: "active",
    S.REJECTED: "revoked",
    S.STARTED: "active",
    S.COMPLETED: "completed",
    S.WITHDRAWN: "revoked",
    S.ACKNOWLEDGED: "completed",
}

# Referral status -> Task.status (task-status, required binding).
TASK_STATUS = {
    S.DRAFT: "draft",
    S.SENT: "requested",
    S.RECEIVED: "received",
    S.INFO_REQUESTED: "on-hold",
    S.ACCEPTED: "accepted",
    S.REJECTED: "rejected",
    S.STARTED: "in-progress",
    S.COMPLETED: "completed",
    S.WITHDRAWN: "cancelled",
    S.ACKNOWLEDGED: "completed",
}

HENVISNINGSSTATUS_DISPLAY = {
    "mottatt": "Mottatt",
    "vurdert-behov": "Vurdert – behov for helsehjelp",
    "vurdert-ikke-behov": "Vurdert – ikke behov for helsehjelp",
    "avvist-mangelfull": "Avvist – mangelfull informasjon",
    "planlagt": "Planlagt",
    "avsluttet": "Avsluttet",
}


def henvisningsstatus(status: str, rejection_reason: str = "", planned_start=None) -> str | None:
    """The national referral-status code for a BOPS referral, or None
    before the receiver has it (draft, sent)."""
    if status in (S.RECEIVED, S.INFO_REQUESTED):
        return "mottatt"
    if status == S.ACCEPTED:
        return "planlagt" if planned_start else "vurdert-behov"
    if status == S.REJECTED:
        if rejection_reason == RejectionReason.NEEDS_MORE_INFORMATION:
            return "avvist-mangelfull"
        return "vurdert-ikke-behov"
    if status == S.STARTED:
        return "planlagt"
    if status in (S.COMPLETED, S.ACKNOWLEDGED, S.WITHDRAWN):
        return "avsluttet"
    return None


# Urgency -> ServiceRequest/Task.priority (request-priority).
PRIORITY = {
    Urgency.EMERGENCY: "stat",
    Urgency.PRIORITISED: "urgent",
    Urgency.ORDINARY: "routine",
}

A = Application.Status
# Application status -> EpisodeOfCare.status: open applications are the
# waiting list; an admission finishes the waiting episode (the stay is its own).
APPLICATION_EPISODE_STATUS = {
    A.WAITING: "waitlist",
    A.OFFERED: "waitlist",
    A.ACCEPTED: "waitlist",
    A.ADMITTED: "finished",
    A.DECLINED: "cancelled",
    A.WITHDRAWN: "cancelled",
    A.EXPIRED: "cancelled",
}

EPISODE_STATUSES = ("planned", "waitlist", "active", "onhold", "finished", "cancelled")


def stay_episode_status(stay: Stay, today) -> str:
    if stay.end is not None and stay.end <= today:
        return "finished"
    if stay.start > today:
        return "planned"
    return "active"


ORGANISATION_KINDS = dict(Organisation.Kind.choices)

# --- the rest of the person's record ($everything) ---------------------------
BOPS_BRUKERPLAN = f"{BOPS_CANONICAL}/CodeSystem/brukerplan"
BOPS_BRUKERPLAN_DOMAIN = f"{BOPS_CANONICAL}/CodeSystem/brukerplan-domain"
EXT_EVENT_FROM_STATUS = f"{BOPS_CANONICAL}/StructureDefinition/referral-event-from-status"
EXT_EVENT_NOTE = f"{BOPS_CANONICAL}/StructureDefinition/referral-event-note"
EXT_DAILY_COST = f"{BOPS_CANONICAL}/StructureDefinition/daily-cost"
EXT_PAYING_MUNICIPALITY = f"{BOPS_CANONICAL}/StructureDefinition/paying-municipality"

# --- the individual plan (CarePlan) and its responsibility group (CareTeam) --
# Each mapping to a FHIR code loses BOPS's finer status, so the resource
# carries BOPS's exact code as well (an extension on CarePlan, a second
# coding elsewhere): a later write API maps back without loss.
BOPS_PLAN_STATUS = f"{BOPS_CANONICAL}/CodeSystem/plan-status"
BOPS_PLAN_CATEGORY = f"{BOPS_CANONICAL}/CodeSystem/plan-category"
BOPS_GOAL_STATUS = f"{BOPS_CANONICAL}/CodeSystem/goal-status"
BOPS_MEASURE_STATUS = f"{BOPS_CANONICAL}/CodeSystem/measure-status"
BOPS_PARTICIPANT_ROLE = f"{BOPS_CANONICAL}/CodeSystem/participant-role"
BOPS_CATALOGUE_MEASURE = f"{BOPS_CANONICAL}/CodeSystem/catalogue-measure"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
LOINC = "http://loinc.org"
EXT_PLAN_STATUS = f"{BOPS_CANONICAL}/StructureDefinition/plan-status"
EXT_PLAN_DECISION_DATE = f"{BOPS_CANONICAL}/StructureDefinition/plan-decision-date"
EXT_PLAN_REFUSAL_REASON = f"{BOPS_CANONICAL}/StructureDefinition/plan-refusal-reason"
EXT_PLAN_PROPOSED_GROUP = f"{BOPS_CANONICAL}/StructureDefinition/plan-proposed-group"
EXT_PLAN_NEXT_EVALUATION = f"{BOPS_CANONICAL}/StructureDefinition/plan-next-evaluation"
EXT_WHAT_MATTERS = f"{BOPS_CANONICAL}/StructureDefinition/what-matters-to-me"
EXT_CRISIS_PLAN = f"{BOPS_CANONICAL}/StructureDefinition/crisis-plan"
EXT_EVALUATION_CHANGES = f"{BOPS_CANONICAL}/StructureDefinition/evaluation-changes"
EXT_DELIVERED_BY = f"{BOPS_CANONICAL}/StructureDefinition/measure-delivered-by"
EXT_MEASURE_CONTACT = f"{BOPS_CANONICAL}/StructureDefinition/measure-contact"
EXT_MEASURE_SCOPE = f"{BOPS_CANONICAL}/StructureDefinition/measure-scope"
EXT_PARTICIPANT_PHONE = f"{BOPS_CANONICAL}/StructureDefinition/participant-phone"
#: Crisis plan field -> sub-extension url (the model's field names).
CRISIS_PLAN_PARTS = (
    "warning_signs", "what_helps", "what_to_avoid", "who_to_call", "agreed_measures",
)  # fmt: skip

P = IndividualPlan.Status
# Plan status -> CarePlan.status (request-status, required binding): in
# force is active; until then a draft; a refusal revokes the request.
CARE_PLAN_STATUS = {
    P.REQUESTED: "draft",
    P.GRANTED: "draft",
    P.REFUSED: "revoked",
    P.BEING_PREPARED: "draft",
    P.ESTABLISHED: "active",
    P.UNDER_REVISION: "active",
    P.CLOSED: "completed",
}
CARE_PLAN_STATUSES = (
    "draft",
    "active",
    "on-hold",
    "revoked",
    "completed",
    "entered-in-error",
    "unknown",
)

# Plan status -> CareTeam.status (care-team-status, required binding): the
# group is proposed until the plan is being prepared, then active.
CARE_TEAM_STATUS = {
    P.REQUESTED: "proposed",
    P.GRANTED: "proposed",
    P.REFUSED: "inactive",
    P.BEING_PREPARED: "active",
    P.ESTABLISHED: "active",
    P.UNDER_REVISION: "active",
    P.CLOSED: "inactive",
}
CARE_TEAM_STATUSES = ("proposed", "active", "suspended", "inactive", "entered-in-error")

G = Goal.Status
# Goal status -> Goal.lifecycleStatus (goal-status, required) and
# achievementStatus (goal-achievement, preferred).
GOAL_LIFECYCLE = {
    G.OPEN: "active",
    G.MET: "completed",
    G.PARTLY_MET: "completed",
    G.DROPPED: "cancelled",
}
GOAL_ACHIEVEMENT_CODE = {
    G.OPEN: "in-progress",
    G.MET: "achieved",
    G.PARTLY_MET: "improving",
    G.DROPPED: "not-achieved",
}

M = PlanMeasure.Status
# Measure status -> CarePlan.activity.detail.status (care-plan-activity-status, required).
ACTIVITY_STATUS = {M.PLANNED: "not-started", M.ACTIVE: "in-progress", M.ENDED: "completed"}

PARTICIPANT_ROLES = dict(Participant.Role.choices)
GROUP_LEADER = "group-leader"

# --- The plan's meetings, history and owner login (only in $everything) -----
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
BOPS_MEETING_PARTICIPATION = f"{BOPS_CANONICAL}/CodeSystem/meeting-participation"
BOPS_PLAN_HISTORY_SUBJECT = f"{BOPS_CANONICAL}/CodeSystem/plan-history-subject"
BOPS_RECORD_KIND = f"{BOPS_CANONICAL}/CodeSystem/record-kind"
BOPS_OWNER_LOGIN_KIND = f"{BOPS_CANONICAL}/CodeSystem/plan-owner-login-kind"
EXT_MEETING_PLAN = f"{BOPS_CANONICAL}/StructureDefinition/meeting-plan"
EXT_MEETING_MINUTES = f"{BOPS_CANONICAL}/StructureDefinition/meeting-minutes"
EXT_MEETING_DECISION = f"{BOPS_CANONICAL}/StructureDefinition/meeting-decision"
EXT_HISTORY_ELEMENT = f"{BOPS_CANONICAL}/StructureDefinition/plan-history-element"
EXT_HISTORY_BEFORE = f"{BOPS_CANONICAL}/StructureDefinition/plan-history-before"
EXT_HISTORY_AFTER = f"{BOPS_CANONICAL}/StructureDefinition/plan-history-after"
EXT_OWNER_LOGIN = f"{BOPS_CANONICAL}/StructureDefinition/plan-owner-login"
#: PlanHistory.subject -> the element id prefix of the changed part in the
#: CarePlan or CareTeam (fhir_api/plan_resources.py); status and plan name the plan.
HISTORY_ELEMENT = {"goal": "goal", "measure": "measure", "participant": "participant"}
