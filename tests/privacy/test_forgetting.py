"""Forgetting for real: after anonymising a person, no name or identity
number of theirs is left in any text column of any table — referral events,
recommendations and their history, notices, plans and documents included.
The referral history is redacted in a recorded way and stays append-only."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction

from documents.models import Document
from privacy.anonymise import anonymise
from referrals.models import ReferralEvent
from referrals.notices import Notice
from referrals.recommendation_history import RecommendationEvent
from tests import factories
from tests.privacy.test_plan_privacy import plan  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.BOPS_DOCUMENTS_ROOT = tmp_path / "documents"


@pytest.fixture
def person(home):
    return factories.ServiceUserFactory(
        home_municipality=home, first_name="Kjellaug", last_name="Brennhovd"
    )


def who(person) -> str:
    return f"{person.first_name} {person.last_name} ({person.national_id})"


@pytest.fixture
def dps(home):
    return factories.dps_for(home, name="DPS Indre Sogn")


@pytest.fixture
def intake(dps):
    return factories.member_of(dps, role="intake", username="inntak")


def history_of(person, coordinator, home_service, dps, intake):
    """A referral completed with recommendations, answered twice (the second
    time not possible, asking for guidance), notes naming the person in
    every step, a document, and a notice acknowledged with the next of kin."""
    text = who(person)
    referral = factories.make_referral(
        "started",
        sender_user=coordinator,
        receiver_user=intake,
        service_user=person,
        sender=home_service,
        receiver=dps,
        reason=f"{text} treng vurdering",
    )
    referral.complete(
        by=intake,
        completion_reason="other",
        note=f"Avslutta for {text}",
        recommendations=[{"text": f"{text} treng oppfølging"}, {"text": "Fast lege"}],
        version=referral.version,
    )
    first, second = referral.recommendation_items.order_by("position")
    first.answer(by=coordinator, status="planned", response=f"Planlagt for {text}")
    first.answer(by=coordinator, status="done", response=f"{person.first_name} er i gang")
    second.answer(
        by=coordinator,
        status="not_possible",
        response=f"{person.last_name} vil ikkje",
        ask_for_guidance=True,
    )
    second.refresh_from_db()
    advice = second.guidance_referral
    if advice.status != "draft":
        advice.refresh_from_db()
        advice.withdraw(
            by=coordinator,
            withdrawal_reason="other",
            note=f"Trekt: {text}",
            version=advice.version,
        )
    Document.attach(
        referral,
        upload=SimpleUploadedFile("epikrise.pdf", PDF, content_type="application/pdf"),
        title=f"Epikrise {person.last_name}",
        by=intake,
        mime_type="application/pdf",
    )
    notice = Notice.send(
        by=intake,
        service_user=person,
        kind="discharge_planned",
        expected_date=datetime.date.today() + datetime.timedelta(days=7),
        note=f"{text} blir skriven ut",
    )
    notice.acknowledge(
        by=coordinator,
        next_of_kin_informed=True,
        next_of_kin_who=f"Dottera til {person.last_name}",
        next_of_kin_on=datetime.date.today(),
    )
    return referral


def text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
            ORDER BY 1, 2
            """
        )
        return cursor.fetchall()


def where_found(secrets: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, secret) for every text column holding a secret."""
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for secret in secrets:
                cursor.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                    [f"%{secret}%"],
                )
                if cursor.fetchone():
                    found.append((table, column, secret))
    return found


@pytest.mark.usefixtures("plan")
def test_no_name_or_number_of_the_person_is_left_in_any_text_column(
    person, coordinator, home_service, dps, intake
):
    history_of(person, coordinator, home_service, dps, intake)
    residence = factories.residence_with_places(ordinary=2, name="Lærdal bufellesskap")
    staff = factories.member_of(residence.organisation, role="residence_lead", username="leiar")
    application = factories.ApplicationFactory(residence=residence, service_user=person)
    application.record_applied(by=staff, note=f"Søknad for {who(person)}")
    application.withdraw(by=staff, reason="other", note=f"{person.last_name} flytta")
    # The admission referral is still accepted: recording the death closes it.
    person.deceased_on = datetime.date.today()
    person.changed_by = coordinator
    person.save()
    secrets = [person.first_name, person.last_name, person.national_id]
    before = where_found(secrets)
    # The set-up really wrote them into the history and the follow-up tables.
    tables = {table for table, _column, _secret in before}
    assert {
        "referrals_referralevent",
        "referrals_recommendation",
        "referrals_recommendationevent",
        "referrals_notice",
        "municipalities_planhistory",
        "documents_document",
        "capacity_applicationevent",
    } <= tables, tables
    anonymise(person)
    assert where_found(secrets) == []


def test_the_redaction_is_recorded_and_other_peoples_history_is_untouched(
    person, home, coordinator, home_service, dps, intake
):
    referral = history_of(person, coordinator, home_service, dps, intake)
    other = factories.ServiceUserFactory(home_municipality=home, first_name="Sigrun")
    theirs = factories.make_referral(
        "received",
        sender_user=coordinator,
        receiver_user=intake,
        service_user=other,
        sender=home_service,
        receiver=dps,
    )
    theirs.request_info(by=intake, note="Kva medisinar brukar Sigrun?", version=theirs.version)
    their_notes = list(theirs.events.values_list("pk", "note", "kind"))
    anonymise(person)
    redactions = ReferralEvent.objects.filter(referral=referral, kind="redaction")
    assert redactions.count() == 1
    assert redactions.get().to_status == referral.status
    assert set(referral.events.exclude(note="").values_list("note", flat=True)) == {"[anonymisert]"}
    assert set(
        RecommendationEvent.objects.filter(recommendation__referral=referral).values_list(
            "response", flat=True
        )
    ) == {"[anonymisert]"}
    assert list(theirs.events.values_list("pk", "note", "kind")) == their_notes
    assert not ReferralEvent.objects.filter(referral=theirs, kind="redaction").exists()


def test_the_history_still_refuses_a_plain_update_or_delete(
    person, coordinator, home_service, dps, intake
):
    history_of(person, coordinator, home_service, dps, intake)
    anonymise(person)
    for statement in (
        "UPDATE referrals_referralevent SET note = 'endra'",
        "UPDATE referrals_referralevent SET to_status = 'draft'",
        "DELETE FROM referrals_referralevent",
        "UPDATE referrals_recommendationevent SET response = 'endra'",
        "DELETE FROM referrals_recommendationevent",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    # The flag alone lets nothing but the fixed text through.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('bops.redact_referral_history', 'on', true)")
        cursor.execute("UPDATE referrals_referralevent SET note = 'ny tekst'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('bops.redact_referral_history', 'on', true)")
        cursor.execute("UPDATE referrals_referralevent SET to_status = 'draft'")


def test_the_recommendation_history_refuses_changes_in_the_model(
    person, coordinator, home_service, dps, intake
):
    referral = history_of(person, coordinator, home_service, dps, intake)
    event = RecommendationEvent.objects.filter(recommendation__referral=referral).first()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        RecommendationEvent.objects.update(response="x")
