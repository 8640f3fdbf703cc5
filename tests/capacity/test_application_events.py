"""An application's history is append-only: in the model, and on PostgreSQL in the database."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from bops.errors import IllegalTransition, NotAllowed
from capacity.models import ApplicationEvent
from tests import factories
from tests.capacity.conftest import place


@pytest.fixture
def application(residence, service_user, staff):
    application = factories.ApplicationFactory(residence=residence, service_user=service_user)
    application.offer(place=place(residence, "A1"), valid_until=datetime.date(2099, 1, 1), by=staff)
    return application


def test_every_move_is_in_the_history_with_who_and_why(application, staff, coordinator):
    application.accept_offer(by=coordinator, note="Ja takk.")
    assert [
        (e.action, e.from_status, e.to_status, e.by, e.note) for e in application.events.all()
    ] == [
        ("offer", "waiting", "offered", staff, ""),
        ("accept_offer", "offered", "accepted", coordinator, "Ja takk."),
    ]


def test_a_refused_move_writes_no_history(application, staff):
    with pytest.raises(NotAllowed):
        application.accept_offer(by=staff)
    with pytest.raises(IllegalTransition):
        application.offer(
            place=place(application.residence, "A2"),
            valid_until=datetime.date(2099, 1, 1),
            by=staff,
        )
    assert application.events.count() == 1


def test_a_priority_change_is_written_with_its_reason(application, staff, coordinator):
    application.set_priority(by=staff, priority=1, reason="Bur på gata.")
    event = application.events.last()
    assert (event.action, event.priority, event.note, event.by) == (
        "prioritise",
        1,
        "Bur på gata.",
        staff,
    )
    with pytest.raises(NotAllowed):
        application.set_priority(by=coordinator, priority=1, reason="Eg vil.")


def test_the_model_refuses_to_change_an_event(application):
    event = application.events.first()
    event.note = "endra"
    with pytest.raises(IllegalTransition):
        event.save()


def test_the_model_refuses_to_delete_an_event(application):
    event = application.events.first()
    with pytest.raises(IllegalTransition):
        event.delete()
    with pytest.raises(IllegalTransition):
        ApplicationEvent.objects.filter(pk=event.pk).delete()
    assert ApplicationEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgres
def test_the_database_refuses_update_through_raw_sql(application):
    event = application.events.first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE capacity_applicationevent SET note = 'endra' WHERE id = %s", [event.pk]
        )
    event.refresh_from_db()
    assert event.note != "endra"


@pytest.mark.postgres
def test_the_database_refuses_raw_delete(application):
    event = application.events.first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM capacity_applicationevent WHERE id = %s", [event.pk])
    assert ApplicationEvent.objects.filter(pk=event.pk).exists()
