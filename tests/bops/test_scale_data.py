"""generate_scale_data: synthetic data in bulk, and the safety rules around it."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from capacity.models import Application, Stay
from municipalities import identity
from municipalities.models import Membership, ServiceUser
from referrals.choices import OPEN
from referrals.models import Referral, ReferralEvent
from scale.copying import drop_foreign_keys, restore_foreign_keys
from tests import factories


def generate(**options):
    call_command("generate_scale_data", scale="tiny", stdout=io.StringIO(), **options)


@pytest.mark.django_db
def test_it_refuses_to_run_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite refusal is checked on SQLite")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        generate()


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_fills_an_empty_database_with_consistent_synthetic_data():
    generate()

    people = ServiceUser.objects.all()
    assert people.count() == 30
    assert all(identity.is_synthetic(n) for n in people.values_list("national_id", flat=True))
    assert Referral.objects.count() >= 60
    # Every referral's history is complete: one event per version.
    assert ReferralEvent.objects.count() == sum(Referral.objects.values_list("version", flat=True))
    # The stays made room for each other: the exclusion constraint held on COPY,
    # and nobody lives in two places at once.
    assert Stay.objects.exists()
    for stay in Stay.objects.all():
        assert not (
            Stay.objects.filter(service_user=stay.service_user)
            .exclude(pk=stay.pk)
            .overlapping(stay.start, stay.end)
            .exists()
        )
    assert Application.objects.filter(status="admitted").count() == Stay.objects.count()
    assert Application.objects.filter(status="waiting").exists()
    # Every role has a login to measure with.
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"coordinator", "intake", "residence_lead", "council_reader"}
    # New rows after the generated ones get fresh ids (sequences moved on).
    highest = max(people.values_list("pk", flat=True))
    assert factories.ServiceUserFactory().pk > highest


@pytest.mark.postgres
@pytest.mark.django_db
def test_open_referrals_are_unique_per_person_receiver_and_kind():
    generate()
    keys = list(
        Referral.objects.filter(status__in=OPEN).values_list("service_user", "receiver", "kind")
    )
    assert len(keys) == len(set(keys))


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_refuses_a_database_that_already_holds_data():
    factories.MunicipalityFactory()
    with pytest.raises(CommandError, match="already holds"):
        generate()


@pytest.mark.postgres
@pytest.mark.django_db
def test_replace_empties_synthetic_data_and_generates_again():
    generate()
    generate(replace=True)
    assert ServiceUser.objects.count() == 30


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_refuses_a_database_with_a_person_whose_number_is_not_synthetic():
    person = factories.ServiceUserFactory()
    # Not a valid number either: month 00. Anything that is not month + 80 counts.
    ServiceUser.objects.filter(pk=person.pk).update(national_id="01000000000")
    with pytest.raises(CommandError, match="not synthetic"):
        generate(replace=True)
    assert ServiceUser.objects.count() == 1


def _foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' ORDER BY 1, 2"
        )
        return cursor.fetchall()


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_foreign_keys_dropped_for_the_load_are_back_as_they_were():
    before = _foreign_keys()
    generate()
    assert _foreign_keys() == before


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_row_pointing_nowhere_fails_when_the_keys_come_back():
    with connection.cursor() as cursor:
        keys = drop_foreign_keys(cursor, ["referrals_referralevent"])
        cursor.execute(
            "INSERT INTO referrals_referralevent (referral_id, at, from_status, to_status, note) "
            "VALUES (987654321, now(), '', 'draft', '')"
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            restore_foreign_keys(cursor, keys)
