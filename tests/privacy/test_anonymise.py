"""Anonymising a person who has left: identity gone, statistics unchanged."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.db.models import Count

from bops.audit import AccessLog, log_access
from capacity.models import Application, Stay
from municipalities.models import Assessment, Consent, PrivatePurchase, ServiceUser
from privacy.anonymise import AnonymisationRefused
from referrals.choices import Status
from tests import factories

pytestmark = pytest.mark.django_db

PERIOD = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def _statistics() -> dict:
    """What a report over a past period counts: people per municipality and
    pathway, assessments, consents, and the cost of private purchases."""
    start, end = PERIOD
    cost = 0
    for purchase in PrivatePurchase.objects.all():
        first = max(purchase.start_date, start)
        last = min(purchase.end_date or end, end)
        if last >= first:
            cost += ((last - first).days + 1) * purchase.daily_cost
    return {
        "people": sorted(
            ServiceUser.objects.values_list("home_municipality__number", "main_pathway", "rop")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "assessments": sorted(
            Assessment.objects.values_list("service_user__home_municipality__number")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "consents": Consent.objects.count(),
        "purchase_cost": cost,
        "birth_years": sorted(ServiceUser.objects.values_list("birth_date__year", flat=True)),
    }


@pytest.fixture
def leaver(home, home_service):
    person = factories.ServiceUserFactory(
        home_municipality=home,
        first_name="Torbjørg",
        last_name="Haugsvær",
        next_of_kin_name="Ola Haugsvær",
        next_of_kin_phone="99999999",
    )
    factories.ConsentFactory(service_user=person, organisation=home_service, note="Ring dottera")
    factories.AssessmentFactory(service_user=person)
    factories.PrivatePurchaseFactory(
        service_user=person,
        start_date=datetime.date(2025, 2, 1),
        end_date=datetime.date(2025, 9, 30),
        daily_cost=7100,
    )
    return person


@pytest.fixture
def others(home, elsewhere):
    people = [
        factories.ServiceUserFactory(home_municipality=home),
        factories.ServiceUserFactory(home_municipality=elsewhere, main_pathway=2),
    ]
    factories.PrivatePurchaseFactory(service_user=people[1], start_date=datetime.date(2024, 6, 1))
    return people


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
def test_anonymising_keeps_every_aggregate_and_removes_the_identity(leaver, others):
    before = _statistics()
    national_id = leaver.national_id
    call_command("anonymise_service_user", str(leaver.pk), "--confirm")
    assert _statistics() == before
    leaver.refresh_from_db()
    assert leaver.is_anonymised
    assert leaver.national_id == f"X{leaver.pk:010d}"
    assert "Torbjørg" not in leaver.full_name and "Haugsvær" not in leaver.full_name
    assert leaver.next_of_kin_name == "" and leaver.next_of_kin_phone == ""
    assert leaver.birth_date == datetime.date(1985, 7, 1)
    assert leaver.consents.get().note == ""
    assert not ServiceUser.objects.filter(national_id=national_id).exists()
    leaver.full_clean()  # still a valid record, as an anonymised one


def test_anonymising_clears_free_text_on_referrals_found_through_the_foreign_key(
    leaver, home_service, coordinator
):
    dps = factories.OrganisationFactory(name="DPS Indre Sogn", kind="dps")
    referral = leaver.referrals.create(
        sender=home_service, receiver=dps, reason="Torbjørg har det vanskeleg", advice="Ring"
    )
    leaver.anonymise()
    referral.refresh_from_db()
    assert referral.reason == "[anonymisert]"  # required field: a marker, not blank
    assert referral.advice == ""
    assert referral.receiver == dps and referral.kind == "assessment"


def test_the_dry_run_changes_nothing(leaver, capsys):
    call_command("anonymise_service_user", str(leaver.pk))
    leaver.refresh_from_db()
    assert not leaver.is_anonymised and leaver.first_name == "Torbjørg"
    assert "--confirm" in capsys.readouterr().out


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC))
def test_it_refuses_a_person_with_an_ongoing_private_purchase(leaver):
    with pytest.raises(CommandError, match="still ongoing"):
        call_command("anonymise_service_user", str(leaver.pk), "--confirm")
    with pytest.raises(AnonymisationRefused):
        leaver.anonymise()
    leaver.refresh_from_db()
    assert leaver.first_name == "Torbjørg" and leaver.consents.get().note == "Ring dottera"


def test_it_refuses_to_anonymise_twice_and_an_unknown_id(leaver):
    leaver.anonymise()
    with pytest.raises(CommandError, match="already anonymised"):
        call_command("anonymise_service_user", str(leaver.pk), "--confirm")
    with pytest.raises(CommandError, match="No service user"):
        call_command("anonymise_service_user", "999999", "--confirm")


def test_the_access_log_survives_and_points_at_the_anonymous_record(leaver, rf, coordinator):
    request = rf.get("/")
    request.user = coordinator
    log_access(request, leaver, AccessLog.Action.VIEW)
    leaver.anonymise()
    assert AccessLog.objects.about(leaver).count() == 1


def test_the_placeholder_number_is_only_valid_on_an_anonymised_record(leaver, home):
    person = factories.ServiceUserFactory.build(home_municipality=home, national_id="X0000000001")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "national_id" in error.value.message_dict
    leaver.anonymise()
    leaver.national_id = "X0000000999"
    with pytest.raises(ValidationError):
        leaver.full_clean()


def test_the_database_refuses_a_placeholder_on_a_person_who_is_not_anonymised(leaver):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceUser.objects.filter(pk=leaver.pk).update(national_id="X0000000001")


def test_nobody_can_write_an_identity_back_into_an_anonymised_record(leaver, coordinator):
    from rest_framework.test import APIClient

    leaver.anonymise()
    client = APIClient()
    client.force_login(coordinator)
    url = f"/api/v1/service-users/{leaver.pk}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"first_name": "Torbjørg"}, format="json").status_code == 403
    leaver.refresh_from_db()
    assert leaver.first_name == "Anonymisert"


def test_it_refuses_to_anonymise_a_person_with_an_ongoing_stay(leaver):
    factories.StayFactory(service_user=leaver, start=datetime.date(2026, 1, 1))
    with pytest.raises(CommandError, match="pågåande opphald"):
        call_command("anonymise_service_user", str(leaver.pk), "--confirm")
    with pytest.raises(AnonymisationRefused, match="pågåande opphald"):
        leaver.anonymise()
    leaver.refresh_from_db()
    assert leaver.first_name == "Torbjørg" and not leaver.is_anonymised


def test_it_refuses_to_anonymise_a_person_with_an_open_referral(leaver):
    factories.ReferralFactory(service_user=leaver, status=Status.SENT)
    with pytest.raises(AnonymisationRefused, match="tilvising for personen er framleis open"):
        leaver.anonymise()
    leaver.refresh_from_db()
    assert leaver.first_name == "Torbjørg" and not leaver.is_anonymised


def test_it_refuses_to_anonymise_a_person_with_an_open_application(leaver):
    factories.ApplicationFactory(service_user=leaver, status=Application.Status.WAITING)
    with pytest.raises(AnonymisationRefused, match="søknad om plass for personen"):
        leaver.anonymise()
    leaver.refresh_from_db()
    assert leaver.first_name == "Torbjørg" and not leaver.is_anonymised


def test_a_finished_stay_application_and_referral_do_not_stop_it(leaver):
    factories.StayFactory(
        service_user=leaver,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 2, 1),
        end_reason=Stay.EndReason.PLANNED,
    )
    factories.ApplicationFactory(
        service_user=leaver,
        status=Application.Status.ADMITTED,
        referral=factories.admission_referral(
            leaver, factories.ResidenceFactory(), status=Status.COMPLETED
        ),
    )
    leaver.anonymise()
    leaver.refresh_from_db()
    assert leaver.is_anonymised
