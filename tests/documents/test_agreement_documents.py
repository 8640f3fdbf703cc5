"""An agreement carries the agreement document itself: the administrator
attaches it, every staff member downloads it, and no access log is written
because an agreement names no person. The retention job runs as a command."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bops.audit import AccessLog
from catalogue.models import Agreement
from documents.models import Document
from tests.documents.conftest import upload


def make_agreement(parties):
    agreement = Agreement.objects.create(
        title="Samarbeidsavtale",
        kind=Agreement.Kind.COOPERATION,
        valid_from=datetime.date(2025, 1, 1),
    )
    agreement.parties.set(parties)
    return agreement


def test_the_administrator_attaches_and_staff_download_without_a_log(
    client, admin_user, coordinator, outsider, home_service
):
    agreement = make_agreement([home_service])
    page = reverse("documents:parent_documents", args=["agreement", agreement.pk])
    client.force_login(coordinator)
    assert client.get(page).context["form"] is None
    assert client.post(page, {"title": "Avtalen", "file": upload()}).status_code == 403
    client.force_login(admin_user)
    assert client.post(page, {"title": "Avtalen", "file": upload()}).status_code == 302
    document = Document.objects.get()
    assert document.service_user is None
    detail = reverse("catalogue:agreement_detail", args=[agreement.pk])
    for user in (coordinator, outsider):
        client.force_login(user)
        assert (
            reverse("documents:download", args=[document.pk]) in client.get(detail).content.decode()
        )
        assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200
    assert not AccessLog.objects.exists()


def test_a_user_without_membership_gets_404_on_an_agreements_document(
    client, admin_user, home_service
):
    from tests import factories

    agreement = make_agreement([home_service])
    document = Document.attach(
        agreement, upload=upload(), title="Avtalen", by=admin_user, mime_type="application/pdf"
    )
    client.force_login(factories.UserFactory(username="framand"))
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_the_purge_command_removes_only_files_past_retention(
    settings, admin_user, home_service, django_capture_on_commit_callbacks
):
    settings.BOPS_DOCUMENT_RETENTION_DAYS = 30
    agreement = make_agreement([home_service])
    old, recent = (
        Document.attach(
            agreement, upload=upload(), title=t, by=admin_user, mime_type="application/pdf"
        )
        for t in ("Gammal", "Ny")
    )
    old.delete_recorded(by=admin_user)
    Document.objects.filter(pk=old.pk).update(
        deleted_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent.delete_recorded(by=admin_user)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_documents", stdout=out)
    assert "Removed 1 file" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.has_file and recent.has_file


def test_the_nightly_schedule_runs_the_purge_task_that_removes_old_files(
    settings, admin_user, home_service, django_capture_on_commit_callbacks
):
    from bops.celery import app
    from documents.tasks import purge_documents

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["purge-documents"]
    assert entry["task"] in app.tasks
    assert entry["task"] == purge_documents.name
    settings.BOPS_DOCUMENT_RETENTION_DAYS = 30
    agreement = make_agreement([home_service])
    old = Document.attach(
        agreement, upload=upload(), title="Gammal", by=admin_user, mime_type="application/pdf"
    )
    old.delete_recorded(by=admin_user)
    Document.objects.filter(pk=old.pk).update(
        deleted_at=timezone.now() - datetime.timedelta(days=31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert app.tasks[entry["task"]]() == 1
    old.refresh_from_db()
    assert not old.has_file
