"""/health/live and /health/ready: what a load balancer asks before it sends traffic."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_live_answers_while_the_process_is_up(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_lists_its_checks_and_passes_with_tasks_in_process(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    checks = {c["name"]: c for c in response.json()["checks"]}
    assert set(checks) == {"database", "migrations", "broker", "worker"}
    assert all(c["status"] == "ok" for c in checks.values())
    assert checks["broker"]["note"] == "in-process"


def test_ready_is_503_naming_the_broker_when_the_broker_url_points_at_nothing(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert "broker" in body["failing"]
    assert "database" not in body["failing"]
    broker = next(c for c in body["checks"] if c["name"] == "broker")
    assert broker["error"] == "broker unreachable"


def test_ready_needs_no_login(client):
    assert client.get("/health/ready").status_code in (200, 503)
    assert "login" not in client.get("/health/ready").get("Location", "")
