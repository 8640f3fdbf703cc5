"""Paging that holds while data changes, and $everything against the JSON export."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from catalogue.models import Measure as CatalogueMeasure
from catalogue.models import PlanMeasureEntry
from fhir_api import codes
from fhir_api.everything import NOT_MAPPED
from municipalities.models import Membership, Participant, PlanHistory, PlanOwnerLogin
from privacy.export import person_export
from referrals.models import Referral
from tests import factories
from tests.fhir_api.conftest import api
from tests.fhir_api.validation import validate
from tests.plans.factories import (
    CrisisPlanFactory,
    GoalFactory,
    MeasureFactory,
    MeetingFactory,
    ParticipantFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db


def _next(bundle):
    return next((link["url"] for link in bundle["link"] if link["relation"] == "next"), None)


def test_paging_a_busy_units_referrals_returns_each_once_while_new_ones_arrive(home):
    service = factories.OrganisationFactory(municipal_service_in=home)
    sender = factories.member_of(service, username="sendar")
    dps = factories.dps_for(home, name="DPS Travel")
    clinician = factories.member_of(dps, role=Membership.Role.INTAKE, username="travel-klinikar")

    def refer():
        return factories.make_referral(
            "received",
            sender_user=sender,
            receiver_user=clinician,
            sender=service,
            receiver=dps,
            service_user=factories.ServiceUserFactory(home_municipality=home),
        )

    before = [refer() for _ in range(23)]
    client = api(clinician)
    url = "/fhir/R4/ServiceRequest?_count=5"
    seen, added = [], []
    while url:
        bundle = client.get(url).json()
        seen += [e["resource"]["id"] for e in bundle.get("entry", [])]
        # Between pages a new referral arrives.
        added.append(refer())
        url = _next(bundle)
    assert len(seen) == len(set(seen)), "no referral twice"
    assert {str(r.pk) for r in before} <= set(seen), "every referral that was there"
    assert set(seen) <= {str(r.pk) for r in before + added}


def test_paging_holds_when_a_shown_referral_changes_status(home):
    service = factories.OrganisationFactory(municipal_service_in=home)
    sender = factories.member_of(service, username="sendar")
    dps = factories.dps_for(home, name="DPS Travel")
    clinician = factories.member_of(dps, role=Membership.Role.INTAKE, username="travel-klinikar")
    referrals = [
        factories.make_referral(
            "received",
            sender_user=sender,
            receiver_user=clinician,
            sender=service,
            receiver=dps,
            service_user=factories.ServiceUserFactory(home_municipality=home),
        )
        for _ in range(6)
    ]
    client = api(clinician)
    first = client.get("/fhir/R4/Task?_count=3").json()
    # The first row shown is decided (updated_at moves) before the next page.
    shown = Referral.objects.get(pk=first["entry"][0]["resource"]["id"])
    shown.accept(by=clinician, version=shown.version, note="", planned_start=None)
    second = client.get(_next(first)).json()
    ids = [e["resource"]["id"] for e in first["entry"] + second["entry"]]
    assert ids == [str(r.pk) for r in referrals]


def test_episodes_page_across_applications_and_stays(home, coordinator):
    residence = factories.residence_with_places(3, organisation__municipality=home)
    people = [factories.ServiceUserFactory(home_municipality=home) for _ in range(3)]
    for person in people:
        factories.ApplicationFactory(residence=residence, service_user=person)
    for person, code in zip(people[:2], ("A1", "A2"), strict=True):
        factories.StayFactory(service_user=person, place=residence.places.get(code=code))
    client = api(coordinator)
    url, ids = "/fhir/R4/EpisodeOfCare?_count=2", []
    while url:
        bundle = client.get(url).json()
        ids += [e["resource"]["id"] for e in bundle.get("entry", [])]
        url = _next(bundle)
    assert [i.split("-")[0] for i in ids] == ["application"] * 3 + ["stay"] * 2
    assert len(set(ids)) == 5


# --- $everything = the JSON export -------------------------------------------

# Model label in the export -> (FHIR resource type, BOPS identifier name).
EXPORTED_AS = {
    "referrals.referral": [("ServiceRequest", "referral"), ("Task", "referral")],
    "capacity.application": [("EpisodeOfCare", "application")],
    "capacity.stay": [("EpisodeOfCare", "stay")],
    "municipalities.privatepurchase": [("EpisodeOfCare", "private-purchase")],
    "municipalities.consent": [("Consent", "consent")],
    "municipalities.assessment": [("Observation", "assessment")],
    # Provenance has no identifier element: its id is the event's.
    "referrals.referralevent": [("Provenance", "referral-event")],
    "municipalities.individualplan": [
        ("CarePlan", "individual-plan"),
        ("CareTeam", "individual-plan"),
    ],
    # The plan's parts are elements whose id names the row (fhir_api/plan_resources.py).
    "municipalities.goal": [("CarePlan", "goal")],
    "municipalities.progressnote": [("CarePlan", "progress-note")],
    "municipalities.measure": [("CarePlan", "measure")],
    "catalogue.planmeasureentry": [("CarePlan", "catalogue-link")],
    "municipalities.evaluation": [("CarePlan", "evaluation")],
    "municipalities.crisisplan": [("CarePlan", "crisis-plan")],
    "municipalities.participant": [("CareTeam", "participant")],
    # Only in $everything (fhir_api/plan_record.py): a meeting is an Encounter,
    # its decisions are elements of it, the history is Provenance, the login Basic.
    "municipalities.meeting": [("Encounter", "meeting")],
    "municipalities.actionitem": [("Encounter", "action-item")],
    "municipalities.planhistory": [("Provenance", "plan-history")],
    "municipalities.planownerlogin": [("Basic", "plan-owner-login")],
}
ELEMENT_ID = re.compile(r"^([a-z-]+)-(\d+)$")


def _element_ids(value, into):
    if isinstance(value, dict):
        match = ELEMENT_ID.match(str(value.get("id", "")))
        if match and match.group(1) not in ("stay", "application", "purchase"):
            into.add((match.group(1), int(match.group(2))))
        for child in value.values():
            _element_ids(child, into)
    elif isinstance(value, list):
        for child in value:
            _element_ids(child, into)


def _rows(section, into):
    for row in section["rows"]:
        into.add((section["model"], row["values"]["id"]))
        for child in row["children"]:
            _rows(child, into)


def _bops_ids(resource) -> set:
    if resource["resourceType"] == "Provenance":
        # Provenance has no identifier: the id names the row.
        match = ELEMENT_ID.match(resource["id"])
        if match:
            return {(match.group(1), int(match.group(2)))}
        return {("referral-event", int(resource["id"]))}
    systems = {codes.bops_identifier_system(n): n for _, n in sum(EXPORTED_AS.values(), [])}
    found = {
        (systems[i["system"]], int(i["value"]))
        for i in resource.get("identifier", [])
        if i["system"] in systems
    }
    if resource["resourceType"] in ("CarePlan", "CareTeam", "Encounter"):
        _element_ids(resource, found)
    return found


def _whole_plan(person, coordinator, world):
    plan = PlanFactory(service_user=person, coordinator=coordinator)
    goal = GoalFactory(plan=plan)
    goal.notes.create(text="Går framover", author=coordinator)
    measure = MeasureFactory(plan=plan, goal=goal, responsible_organisation=world.dps)
    entry = CatalogueMeasure.objects.create(
        name="FACT-team Sogn", kind=CatalogueMeasure.Kind.FACT_TEAM, provider=world.dps
    )
    PlanMeasureEntry.objects.create(plan_measure=measure, entry=entry)
    CrisisPlanFactory(plan=plan)
    plan.evaluations.create(evaluated_on=datetime.date(2025, 9, 1), summary="Bra", by=coordinator)
    ParticipantFactory(plan=plan, organisation=world.dps)
    ParticipantFactory(plan=plan, name="Mor", role="next_of_kin")
    meeting = MeetingFactory(plan=plan)
    meeting.decisions.create(text="Søkje bustad")
    return plan


def _plan_record(plan, coordinator):
    """A held meeting with minutes, attendance and an action item, a change
    in the plan's history, and the owner's login with a second factor."""
    gp = ParticipantFactory(plan=plan, name="Fastlege Berg", role=Participant.Role.GP)
    held = MeetingFactory(
        plan=plan,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        place="https://video.example.org/mote",
        minutes="Planen vart gjennomgått.",
    )
    held.invited.add(gp)
    held.attended.add(gp)
    item = held.decisions.create(
        text="Ringje NAV", owner=coordinator, due_on=datetime.date(2026, 1, 15)
    )
    goal = plan.goals.first()
    history = PlanHistory.objects.create(
        plan=plan,
        by=coordinator,
        subject=PlanHistory.Subject.GOAL,
        object_id=goal.pk,
        before={"text": "Gammalt mål"},
        after={"text": goal.text},
    )
    owner = factories.UserFactory(username="eigar-planen")
    owner.set_password("hemmeleg-passord-1")
    owner.save()
    TOTPDevice.objects.create(user=owner, name="Telefon", confirmed=True)
    login = PlanOwnerLogin.objects.create(plan=plan, user=owner, kind=PlanOwnerLogin.Kind.OWNER)
    return held, item, history, login


def test_everything_holds_what_the_json_export_holds(world, coordinator):
    person = world.person
    factories.ConsentFactory(service_user=person, organisation=world.service)
    factories.AssessmentFactory(service_user=person)
    factories.PrivatePurchaseFactory(service_user=person)
    plan = _whole_plan(person, coordinator, world)
    held, item, history, login = _plan_record(plan, coordinator)
    # The clinician's look is in the log too.
    api(world.clinician).get(f"/fhir/R4/ServiceRequest/{world.referral.pk}")
    export = person_export(person, by=coordinator)
    bundle = api(coordinator).get(f"/fhir/R4/Patient/{person.pk}/$everything").json()
    validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]

    # The person, field by field where FHIR has the field.
    fields = {f["name"]: f["value"] for f in export["person"]["fields"]}
    patient = resources[0]
    assert patient["id"] == str(fields["id"])
    assert patient["identifier"][0]["value"] == fields["national_id"]
    assert patient["name"][0]["family"] == fields["last_name"]
    assert patient["name"][0]["given"] == [fields["first_name"]]
    assert patient["birthDate"] == fields["birth_date"]
    assert patient["address"][0]["district"] == world.home.name

    # Every exported row of a mapped model is a resource, and no more.
    exported = set()
    for section in export["sections"]:
        _rows(section, exported)
    mapped = {(m, pk) for m, pk in exported if m in EXPORTED_AS}
    for model, pk in mapped:
        for resource_type, name in EXPORTED_AS[model]:
            assert any(
                r["resourceType"] == resource_type and (name, pk) in _bops_ids(r) for r in resources
            ), f"{model} {pk} is not in $everything as {resource_type}"
    in_bundle = {
        (model, pk)
        for r in resources
        for name, pk in _bops_ids(r)
        for model, targets in EXPORTED_AS.items()
        if name in {n for _, n in targets}
    }
    assert in_bundle == mapped
    # Every kind of row the export holds is in $everything (or named, with why).
    assert {m for m, _ in exported} - set(EXPORTED_AS) <= set(NOT_MAPPED)
    assert {m for m, _ in exported} >= set(EXPORTED_AS), "the world has a row of each"

    # The access log, entry for entry.
    events = [r for r in resources if r["resourceType"] == "AuditEvent"]

    def moment(text):
        return datetime.datetime.fromisoformat(text).replace(microsecond=0)

    assert sorted((moment(e["recorded"]), e["subtype"][0]["code"]) for e in events) == sorted(
        (moment(entry["at"]), entry["action"]) for entry in export["access_log"]
    )
    assert len(events) == len(export["access_log"]) > 0

    # The plan's meetings, decisions, history and owner login, content and all.
    by_id = {(r["resourceType"], r["id"]): r for r in resources}
    encounter = by_id[("Encounter", f"meeting-{held.pk}")]
    assert encounter["status"] == "finished"
    assert encounter["class"]["code"] == "VR"
    assert encounter["subject"]["reference"] == f"Patient/{person.pk}"
    assert encounter["location"][0]["location"]["display"] == held.place
    assert encounter["reasonCode"][0]["text"] == held.agenda
    extensions = {e["url"]: e for e in encounter["extension"]}
    assert extensions[codes.EXT_MEETING_MINUTES]["valueString"] == held.minutes
    assert extensions[codes.EXT_MEETING_PLAN]["valueReference"]["reference"] == (
        f"CarePlan/{plan.pk}"
    )
    decision = extensions[codes.EXT_MEETING_DECISION]
    assert decision["id"] == f"action-item-{item.pk}"
    parts = {e["url"]: e for e in decision["extension"]}
    assert parts["text"]["valueString"] == "Ringje NAV"
    assert parts["due"]["valueDate"] == "2026-01-15"
    assert parts["owner"]["valueReference"]["identifier"]["value"] == str(coordinator.pk)
    [attendee] = encounter["participant"]
    assert attendee["individual"]["display"] == "Fastlege Berg"
    assert {t["coding"][0]["code"] for t in attendee["type"]} == {"invited", "attended"}
    ahead = [
        r for r in resources if r["resourceType"] == "Encounter" and r["id"] != encounter["id"]
    ]
    assert [r["status"] for r in ahead] == ["planned"]

    provenance = by_id[("Provenance", f"plan-history-{history.pk}")]
    [target] = provenance["target"]
    assert target["reference"] == f"CarePlan/{plan.pk}"
    assert target["extension"][0]["valueString"] == f"goal-{history.object_id}"
    assert provenance["activity"]["coding"][0]["code"] == "goal"
    assert provenance["agent"][0]["who"]["identifier"]["value"] == str(coordinator.pk)
    changed = {e["url"]: json.loads(e["valueString"]) for e in provenance["extension"]}
    assert changed[codes.EXT_HISTORY_BEFORE] == {"text": "Gammalt mål"}
    assert changed[codes.EXT_HISTORY_AFTER] == {"text": history.after["text"]}

    basic = by_id[("Basic", f"plan-owner-login-{login.pk}")]
    login_parts = {e["url"]: e for e in basic["extension"][0]["extension"]}
    assert login_parts["username"]["valueString"] == "eigar-planen"
    assert login_parts["second-factor"]["valueBoolean"] is True
    assert login_parts["kind"]["valueCoding"]["code"] == "owner"
    # No secrets: neither the password hash nor the OTP seed.
    text = json.dumps(basic)
    device = TOTPDevice.objects.get(user=login.user)
    assert login.user.password not in text and device.key not in text
    assert "password" not in text


def test_everything_costs_the_same_queries_for_one_meeting_as_for_many(world, coordinator):
    person = world.person
    plan = _whole_plan(person, coordinator, world)
    _plan_record(plan, coordinator)
    client = api(coordinator)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/fhir/R4/Patient/{person.pk}/$everything")
            assert response.status_code == 200
        return len(ctx.captured_queries), response.json()

    participants = list(plan.participants.all())
    # The first meeting has one of each kind of participant and decision, so
    # every prefetch runs already; more rows must not add queries.
    first = plan.meetings.first()
    first.invited.set(participants)
    first.attended.set(participants)
    queries()  # warm-up: what a first request loads once
    one, _ = queries()
    for n in range(6):
        meeting = MeetingFactory(plan=plan, minutes=f"Referat {n}")
        meeting.invited.set(participants)
        meeting.attended.set(participants[:2])
        for text in ("Søkje bustad", "Ringje fastlegen", "Nytt møte"):
            meeting.decisions.create(text=text, owner=coordinator)
        PlanHistory.objects.create(plan=plan, by=coordinator, subject=PlanHistory.Subject.STATUS)
    PlanOwnerLogin.objects.create(
        plan=plan,
        user=factories.UserFactory(username="representant"),
        kind=PlanOwnerLogin.Kind.REPRESENTATIVE,
    )
    many, bundle = queries()
    assert many == one
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert (kinds.count("Encounter"), kinds.count("Basic")) == (8, 2)
