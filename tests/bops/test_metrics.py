"""/metrics: Prometheus text for loopback or the metrics token, nothing for the public."""

import pytest

pytestmark = pytest.mark.django_db


def test_loopback_reads_the_metrics(client):
    client.get("/health/live")
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "django_http_requests_total_by_view_transport_method_total" in text
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert "bops_report_jobs{status=" in text
    assert 'bops_export_jobs{status="queued"}' in text
    assert "bops_mails{state=" in text


def test_another_address_gets_404(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 404


def test_a_request_relayed_by_a_proxy_on_the_same_host_gets_404(client):
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.status_code == 404


def test_the_metrics_token_opens_it_from_anywhere(client, settings):
    settings.BOPS_METRICS_TOKEN = "s3cret-metrics-token"
    ok = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token"
    )
    assert ok.status_code == 200
    wrong = client.get("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.status_code == 404


def test_no_token_configured_means_no_token_opens_it(client, settings):
    settings.BOPS_METRICS_TOKEN = ""
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 404
