"""Documents on an individual plan: the plan's coordinator attaches them, a
read-only member of the same service reads them, a coordinator in another
municipality sees nothing (404), and the plan page lists them."""

import pytest
from django.urls import reverse

from bops.audit import AccessLog
from documents.models import Document
from tests.documents.conftest import upload
from tests.plans.factories import PlanFactory


@pytest.fixture
def plan(service_user, coordinator):
    return PlanFactory(service_user=service_user, coordinator=coordinator)


def page(plan) -> str:
    return reverse("documents:parent_documents", args=["plan", plan.pk])


def test_the_coordinator_attaches_a_document_and_sees_it_on_the_plan_page(
    client, coordinator, plan
):
    client.force_login(coordinator)
    response = client.post(page(plan), {"title": "Kriseplan signert", "file": upload()})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.service_user_id == plan.service_user_id
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Kriseplan signert" in html
    assert reverse("documents:download", args=[document.pk]) in html
    assert page(plan) in html
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200
    # The plan names a person: the download is in the access log.
    assert AccessLog.objects.filter(service_user=plan.service_user).exists()


def test_the_read_only_member_reads_the_plans_documents_but_cannot_attach(
    client, coordinator, reader, plan
):
    document = Document.attach(
        plan, upload=upload(), title="Møtereferat", by=coordinator, mime_type="application/pdf"
    )
    client.force_login(reader)
    response = client.get(page(plan))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert client.post(page(plan), {"title": "X", "file": upload()}).status_code == 403
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200
    assert client.post(reverse("documents:delete", args=[document.pk])).status_code == 403
    assert Document.objects.count() == 1


def test_a_coordinator_in_another_municipality_gets_404_on_the_plans_documents(
    client, coordinator, outsider, plan
):
    document = Document.attach(
        plan, upload=upload(), title="Møtereferat", by=coordinator, mime_type="application/pdf"
    )
    client.force_login(outsider)
    assert client.get(page(plan)).status_code == 404
    assert client.post(page(plan), {"title": "X", "file": upload()}).status_code == 404
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert client.post(reverse("documents:delete", args=[document.pk])).status_code == 404
    assert Document.objects.get().deleted_at is None
