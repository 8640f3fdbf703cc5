"""Every change of a recommendation's status or answer leaves a history row
(who, when, from and to status, the answer), shown on the referral and the
answer page; the history is never changed or deleted."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from referrals.recommendation_history import RecommendationEvent
from tests.referrals.test_recommendations import ITEMS, answer_url, api, completed  # noqa: F401


def test_each_change_of_status_or_answer_is_a_history_row(completed, coordinator):  # noqa: F811
    item = completed.recommendation_items.first()
    item.answer(by=coordinator, status="planned", response="Vi ordnar det.")
    item.answer(by=coordinator, status="planned", response="Vi ordnar det.")  # no change
    item.answer(by=coordinator, status="done", response="Ordna.")
    rows = list(item.history.values_list("by", "from_status", "to_status", "response"))
    assert rows == [
        (coordinator.pk, "unanswered", "planned", "Vi ordnar det."),
        (coordinator.pk, "planned", "done", "Ordna."),
    ]


def test_the_api_patch_writes_history_too(client, completed, coordinator):  # noqa: F811
    item = completed.recommendation_items.first()
    client.force_login(coordinator)
    response = client.patch(
        api(item), {"status": "in_progress", "response": "Starta"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert item.history.get().to_status == "in_progress"


def test_the_writer_and_the_answerer_see_the_history(client, completed, coordinator, intake):  # noqa: F811
    item = completed.recommendation_items.first()
    item.answer(by=coordinator, status="planned", response="Fyrste svar.")
    item.answer(by=coordinator, status="in_progress", response="Andre svar.")
    client.force_login(intake)
    html = client.get(reverse("referrals:referral_detail", args=[completed.pk])).content.decode()
    history = html[html.index("Historikk for svara") :]
    assert history.index("Fyrste svar.") < history.index("Andre svar.")
    client.force_login(coordinator)
    html = client.get(answer_url(item)).content.decode()
    assert "Historikk for svara" in html and "Fyrste svar." in html


def test_the_history_personas(client, completed, coordinator, reader, outsider):  # noqa: F811
    item = completed.recommendation_items.first()
    item.answer(by=coordinator, status="planned", response="Hemmeleg plan.")
    url = reverse("referrals:referral_detail", args=[completed.pk])
    client.force_login(reader)
    assert "Hemmeleg plan." in client.get(url).content.decode()
    assert client.get(answer_url(item)).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(answer_url(item)).status_code == 404
    assert client.get(api(item)).status_code == 404
    assert client.get(api()).json()["results"] == []


def test_the_history_is_never_changed_or_deleted(completed, coordinator):  # noqa: F811
    item = completed.recommendation_items.first()
    item.answer(by=coordinator, status="planned", response="Svar.")
    row = item.history.get()
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    with pytest.raises(ValidationError):
        RecommendationEvent.objects.update(response="x")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE referrals_recommendationevent SET response = 'x'")
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM referrals_recommendationevent")
