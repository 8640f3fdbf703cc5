"""The history is append-only: in the model, and on PostgreSQL in the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from referrals.models import ReferralEvent
from referrals.rules import TransitionError


def test_the_model_refuses_to_change_an_event(make):
    event = make("received").events.first()
    event.note = "endra"
    with pytest.raises(TransitionError):
        event.save()


def test_the_model_refuses_to_delete_an_event(make):
    event = make("received").events.first()
    with pytest.raises(TransitionError):
        event.delete()
    assert ReferralEvent.objects.filter(pk=event.pk).exists()


def test_a_referral_with_history_cannot_be_deleted(make):
    referral = make("received")
    with pytest.raises(TransitionError):
        referral.delete()


@pytest.mark.postgres
def test_the_database_refuses_update_through_a_queryset(make):
    event = make("received").events.first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ReferralEvent.objects.filter(pk=event.pk).update(note="endra")
    event.refresh_from_db()
    assert event.note != "endra"


@pytest.mark.postgres
def test_the_database_refuses_raw_delete(make):
    event = make("received").events.first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM referrals_referralevent WHERE id = %s", [event.pk])
    assert ReferralEvent.objects.filter(pk=event.pk).exists()


def test_every_step_of_a_full_journey_is_in_the_history(make, coordinator, intake):
    referral = make("completed")
    assert [(e.from_status, e.to_status) for e in referral.events.all()] == [
        ("draft", "sent"),
        ("sent", "received"),
        ("received", "accepted"),
        ("accepted", "started"),
        ("started", "completed"),
    ]
    assert [e.by for e in referral.events.all()] == [coordinator, None, intake, intake, intake]
