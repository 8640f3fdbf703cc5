"""The documents page of a referral and the download: three personas,
field errors on the form, the access log, and the link from the referral."""

import datetime

from django.urls import reverse
from django.utils import timezone

from bops.audit import AccessLog
from documents.models import Document, DocumentEvent, purge_deleted_files
from documents.privacy import anonymisation_step
from documents.storage import documents_storage
from tests.documents.conftest import EXE, PDF, big_pdf, upload


def page(referral) -> str:
    return reverse("documents:parent_documents", args=["referral", referral.pk])


def attach(referral, user, content=PDF, title="Epikrise") -> Document:
    return Document.attach(
        referral, upload=upload(content), title=title, by=user, mime_type="application/pdf"
    )


def test_the_sender_uploads_on_the_page_and_sees_it_on_the_referral(client, coordinator, referral):
    client.force_login(coordinator)
    response = client.post(page(referral), {"title": "Epikrise", "file": upload()})
    assert response.status_code == 302
    html = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    document = Document.objects.get()
    assert reverse("documents:download", args=[document.pk]) in html
    assert page(referral) in html


def test_the_page_refuses_an_exe_renamed_pdf_and_an_11_mb_pdf_at_the_field(
    client, coordinator, referral
):
    client.force_login(coordinator)
    exe = client.post(page(referral), {"title": "Program", "file": upload(EXE, "brev.pdf")})
    assert exe.status_code == 400
    assert exe.context["form"].errors["file"]
    big = client.post(page(referral), {"title": "Stor", "file": big_pdf(11)})
    assert big.status_code == 400
    assert big.context["form"].errors["file"]
    assert not Document.objects.exists()


def test_the_reader_sees_the_documents_but_no_upload_form(client, reader, coordinator, referral):
    attach(referral, coordinator)
    client.force_login(reader)
    response = client.get(page(referral))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert client.post(page(referral), {"title": "X", "file": upload()}).status_code == 403
    document = Document.objects.get()
    assert client.post(reverse("documents:delete", args=[document.pk])).status_code == 403


def test_an_outsider_gets_404_on_the_page_the_download_and_the_delete(
    client, outsider, coordinator, referral
):
    document = attach(referral, coordinator)
    client.force_login(outsider)
    assert client.get(page(referral)).status_code == 404
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert client.post(reverse("documents:delete", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:parent_documents", args=["plan", 1])).status_code == 404


def test_an_insiders_download_writes_the_access_log(client, intake, coordinator, referral):
    document = attach(referral, coordinator)
    client.force_login(intake)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AccessLog.objects.filter(
        user=intake, service_user=referral.service_user, action=AccessLog.Action.EXPORT
    ).exists()


def test_the_file_has_no_public_url(coordinator, referral):
    import pytest

    document = attach(referral, coordinator)
    with pytest.raises(ValueError):
        documents_storage().url(document.stored_name)


def test_a_deleted_documents_file_stays_until_retention_then_goes(
    settings, coordinator, referral, django_capture_on_commit_callbacks
):
    settings.BOPS_DOCUMENT_RETENTION_DAYS = 90
    document = attach(referral, coordinator)
    name = document.stored_name
    storage = documents_storage()
    document.delete_recorded(by=coordinator, note="Feil person")
    assert purge_deleted_files() == 0
    assert storage.exists(name)
    later = timezone.now() + datetime.timedelta(days=91)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_deleted_files(now=later) == 1
    assert not storage.exists(name)
    actions = list(document.events.values_list("action", flat=True))
    assert actions == ["uploaded", "deleted", "file_removed"]


def test_anonymising_the_person_removes_their_files_and_says_so(
    coordinator, referral, django_capture_on_commit_callbacks
):
    kept = attach(referral, coordinator, title="Epikrise for Ola")
    gone = attach(referral, coordinator, title="Kartlegging")
    gone.delete_recorded(by=coordinator)
    names = [kept.stored_name, gone.stored_name]
    storage = documents_storage()
    with django_capture_on_commit_callbacks(execute=True):
        report = anonymisation_step(referral.service_user)
    assert list(report.values()) == [2]
    assert not any(storage.exists(name) for name in names)
    assert set(Document.objects.values_list("title", flat=True)) == {""}
    assert DocumentEvent.objects.filter(action=DocumentEvent.Action.ANONYMISED).count() == 2


def test_the_persons_anonymisation_removes_their_files_and_counts_them(
    client, coordinator, intake, service_user, home_service, dps, django_capture_on_commit_callbacks
):
    from privacy.anonymise import anonymise
    from tests import factories

    done = factories.make_referral(
        "completed",
        sender_user=coordinator,
        receiver_user=intake,
        service_user=service_user,
        sender=home_service,
        receiver=dps,
    )
    document = attach(done, coordinator, title="Epikrise")
    with django_capture_on_commit_callbacks(execute=True):
        report = anonymise(service_user)
    assert report["documents.Document"] == 1
    assert not documents_storage().exists(document.stored_name)
    document.refresh_from_db()
    assert document.stored_name == "" and document.title == ""
    client.force_login(coordinator)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
