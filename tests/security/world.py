"""The world of the security tests: everything about one person in Lærdal
(their record, referrals, plan, residence, documents, jobs), one object of
every model a route can take an id of (OBJECTS), for tests/security/
test_isolation.py and test_write_routes.py."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bops.audit import AccessLog
from catalogue.models import Agreement
from catalogue.models import Measure as CatalogueMeasure
from documents.models import Document
from municipalities.models import Membership, PlanHistory, PlanOwnerLogin
from privacy.models import ExportJob
from referrals.notices import Notice
from reports.models import ReportJob
from tests import factories
from tests.plans.factories import (
    GoalFactory,
    MeasureFactory,
    MeetingFactory,
    ParticipantFactory,
    PlanFactory,
)


def world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.home = factories.MunicipalityFactory(name="Lærdal", number="1422")
    w.elsewhere = factories.MunicipalityFactory(name="Vik", number="1417")
    w.home_service = factories.OrganisationFactory(municipal_service_in=w.home)
    w.coordinator = factories.member_of(w.home_service, username="heimekoordinator")
    w.membership = Membership.objects.get(user=w.coordinator)
    w.person = factories.ServiceUserFactory(
        home_municipality=w.home, first_name="Sigrunhild", last_name="Isolasjonsdottir"
    )
    w.consent = factories.ConsentFactory(service_user=w.person, organisation=w.home_service)
    w.assessment = factories.AssessmentFactory(service_user=w.person)
    w.purchase = factories.PrivatePurchaseFactory(service_user=w.person)
    # The person was referred to one DPS (sent and received, with its events);
    # the intake persona works at another.
    w.dps = factories.dps_for(w.home, name="DPS Indre Sogn")
    w.dps_clinician = factories.member_of(
        w.dps, role=Membership.Role.INTAKE, username="indre-sogn-klinikar"
    )
    w.referral = factories.make_referral(
        "received",
        sender_user=w.coordinator,
        receiver_user=w.dps_clinician,
        service_user=w.person,
        sender=w.home_service,
        receiver=w.dps,
    )
    w.referral_event = w.referral.events.order_by("pk").last()
    # A completed referral with a recommendation to follow up, and a notice
    # from the DPS to the home service.
    w.completed = factories.make_referral(
        "completed",
        kind="advice",
        sender_user=w.coordinator,
        receiver_user=w.dps_clinician,
        service_user=w.person,
        sender=w.home_service,
        receiver=w.dps,
    )
    w.recommendation = w.completed.recommendation_items.get()
    w.notice = Notice.send(by=w.dps_clinician, service_user=w.person, kind="admitted")
    # ... and applied for the shared residence (an accepted admission referral),
    # where the person lives in place A1 next to a resident from Vik.
    w.residence = factories.residence_with_places(
        2, shielded=1, name="Lærdal bustad", organisation__municipality=w.home
    )
    w.unit = w.residence.units.get(name="A")
    w.place = w.residence.places.get(code="A1")
    w.cost_key = factories.CostKeyFactory(residence=w.residence)
    w.report_job = ReportJob.objects.create(
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 3, 31), language="nn"
    )
    w.report_job.finish(b"%PDF-1.7\n")
    w.export_job = ExportJob.objects.create(
        person=w.person, kind=ExportJob.Kind.EXPORT, language="nn", requested_by=w.coordinator
    )
    w.export_job.finish(b"%PDF-1.7\n")
    w.application = factories.ApplicationFactory(residence=w.residence, service_user=w.person)
    w.stay = factories.StayFactory(service_user=w.person, place=w.place)
    w.neighbour = factories.ServiceUserFactory(
        home_municipality=w.elsewhere, first_name="Torgeirbjørn", last_name="Nabosetsen"
    )
    factories.StayFactory(service_user=w.neighbour, place=w.residence.places.get(code="B1"))
    w.access_log = AccessLog.objects.create(
        user=w.coordinator, service_user=w.person, action=AccessLog.Action.VIEW
    )
    w.group = Group.objects.create(name="Koordinatorar")
    w.device = TOTPDevice.objects.create(user=w.coordinator, name="Telefon")
    w.admin = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    # The person's individual plan, with one of each part.
    w.plan = PlanFactory(service_user=w.person, coordinator=w.coordinator)
    w.goal = GoalFactory(plan=w.plan)
    w.measure = MeasureFactory(plan=w.plan, goal=w.goal)
    w.participant = ParticipantFactory(plan=w.plan, organisation=w.home_service)
    w.meeting = MeetingFactory(plan=w.plan)
    w.plan_history = PlanHistory.objects.create(
        plan=w.plan, by=w.coordinator, subject="status", after={"status": "established"}
    )
    w.owner_login = PlanOwnerLogin.objects.create(
        plan=w.plan, user=factories.UserFactory(username="planeigar"), kind="owner"
    )
    # The catalogue and agreements (no person), a document on the referral (the person's).
    w.agreement = Agreement.objects.create(
        title="Samarbeidsavtale", kind=Agreement.Kind.COOPERATION, valid_from="2025-01-01"
    )
    w.agreement.parties.set([w.home_service, w.dps])
    w.catalogue_measure = CatalogueMeasure.objects.create(
        provider=w.dps, name="FACT", kind=CatalogueMeasure.Kind.FACT_TEAM
    )
    w.document = Document.attach(
        w.referral,
        upload=SimpleUploadedFile("epikrise.pdf", b"%PDF-1.4\n%%EOF\n"),
        title="Epikrise",
        by=w.coordinator,
        mime_type="application/pdf",
    )
    w.document_event = w.document.events.get()
    return w


# Model label -> the world's object of that model. Extend here.
OBJECTS = {
    "municipalities.serviceuser": lambda w: w.person,
    "municipalities.consent": lambda w: w.consent,
    "municipalities.assessment": lambda w: w.assessment,
    "municipalities.privatepurchase": lambda w: w.purchase,
    "municipalities.municipality": lambda w: w.home,
    "municipalities.organisation": lambda w: w.home_service,
    "municipalities.membership": lambda w: w.membership,
    "referrals.referral": lambda w: w.referral,
    "referrals.referralevent": lambda w: w.referral_event,
    "referrals.recommendation": lambda w: w.recommendation,
    "referrals.notice": lambda w: w.notice,
    "capacity.residence": lambda w: w.residence,
    "capacity.unit": lambda w: w.unit,
    "capacity.place": lambda w: w.place,
    "capacity.costkey": lambda w: w.cost_key,
    "reports.reportjob": lambda w: w.report_job,
    "privacy.exportjob": lambda w: w.export_job,
    "capacity.application": lambda w: w.application,
    "capacity.stay": lambda w: w.stay,
    "bops.accesslog": lambda w: w.access_log,
    "auth.user": lambda w: w.coordinator,
    "auth.group": lambda w: w.group,
    "otp_totp.totpdevice": lambda w: w.device,
    "municipalities.individualplan": lambda w: w.plan,
    "municipalities.goal": lambda w: w.goal,
    "municipalities.measure": lambda w: w.measure,
    "municipalities.participant": lambda w: w.participant,
    "municipalities.meeting": lambda w: w.meeting,
    "municipalities.planhistory": lambda w: w.plan_history,
    "municipalities.planownerlogin": lambda w: w.owner_login,
    "catalogue.measure": lambda w: w.catalogue_measure,
    "catalogue.agreement": lambda w: w.agreement,
    "documents.document": lambda w: w.document,
    "documents.documentevent": lambda w: w.document_event,
}

AXES_MODELS = ("axes.accessattempt", "axes.accesslog", "axes.accessfailurelog")


def axes_object(label: str):
    from django.apps import apps

    model = apps.get_model(label)
    fields = {
        "user_agent": "pytest",
        "ip_address": "192.0.2.1",
        "username": "heimekoordinator",
        "http_accept": "*/*",
        "path_info": "/accounts/login/",
    }
    if label == "axes.accessattempt":
        fields.update(get_data="", post_data="", failures_since_start=1)
    return model.objects.create(**fields)


def object_for(w, label: str):
    if label in OBJECTS:
        return OBJECTS[label](w)
    if label in AXES_MODELS:
        return axes_object(label)
    return None


# --- signed-in clients ------------------------------------------------------
# The world is built once per module, in a transaction each test's savepoint
# is rolled back to. Each persona signs in there once (a sign-in is a session
# row and a last-login update, plus the login signals: slower than most
# requests), and each test gets a fresh client on that session.


def sign_in(user) -> str:
    """A session of `user` that stays alive for the whole module: the idle
    timeout (bops/security/sessions.py) is not what these tests test, and the
    refreshes that would keep it alive are rolled back with each test."""
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + datetime.timedelta(days=1)
    )
    return key


def client_on(session_key: str) -> Client:
    """A new client (no cookies of an earlier test) on a session from sign_in."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client
