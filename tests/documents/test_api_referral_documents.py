"""POST/GET /api/v1/referrals/{id}/documents/ and one document's routes:
only PDF, PNG and JPEG by content, a size limit, access through the
referral, the access log on every read."""

import pytest

from bops.audit import AccessLog
from documents.models import Document, DocumentEvent
from documents.storage import documents_storage
from tests.documents.conftest import EXE, PNG, big_pdf, upload


def url(referral) -> str:
    return f"/api/v1/referrals/{referral.pk}/documents/"


def post(client, referral, file, title="Epikrise"):
    return client.post(url(referral), {"title": title, "file": file}, format="multipart")


def test_the_sender_attaches_a_pdf_and_lists_it_with_a_download_url(client, coordinator, referral):
    client.force_login(coordinator)
    response = post(client, referral, upload())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mime_type"] == "application/pdf"
    assert body["download_url"].endswith(f"/api/v1/documents/{body['id']}/download/")
    listed = client.get(url(referral)).json()["results"]
    assert [d["title"] for d in listed] == ["Epikrise"]
    document = Document.objects.get()
    assert document.service_user == referral.service_user
    assert list(document.events.values_list("action", flat=True)) == ["uploaded"]


def test_the_receiver_may_attach_a_png_too(client, intake, referral):
    client.force_login(intake)
    response = post(client, referral, upload(PNG, "kartlegging.png"), title="Kartlegging")
    assert response.status_code == 201
    assert response.json()["mime_type"] == "image/png"


def test_an_exe_renamed_pdf_is_refused_with_a_field_error(client, coordinator, referral):
    client.force_login(coordinator)
    response = post(client, referral, upload(EXE, "epikrise.pdf"))
    assert response.status_code == 400
    assert response.json()["file"] == [
        "Berre PDF-, PNG- og JPEG-filer kan leggjast ved; denne fila er ingen av dei."
    ]
    assert not Document.objects.exists()


def test_an_11_mb_pdf_is_refused_with_a_field_error(client, coordinator, referral):
    client.force_login(coordinator)
    response = post(client, referral, big_pdf(11))
    assert response.status_code == 400
    message = response.json()["file"][0]
    assert "11,0" in message and "10,0" in message  # the size and the limit
    assert not Document.objects.exists()


def test_a_missing_title_or_file_is_a_field_error(client, coordinator, referral):
    client.force_login(coordinator)
    response = client.post(url(referral), {"title": ""}, format="multipart")
    assert response.status_code == 400
    assert set(response.json()) == {"title", "file"}


def test_the_read_only_member_lists_but_may_not_attach(client, reader, coordinator, referral):
    client.force_login(coordinator)
    post(client, referral, upload())
    client.force_login(reader)
    assert client.get(url(referral)).status_code == 200
    assert post(client, referral, upload()).status_code == 403
    assert Document.objects.count() == 1


def test_an_outsider_gets_404_on_the_list_the_upload_and_the_document(
    client, coordinator, outsider, referral
):
    client.force_login(coordinator)
    document_id = post(client, referral, upload()).json()["id"]
    client.force_login(outsider)
    assert client.get(url(referral)).status_code == 404
    assert post(client, referral, upload()).status_code == 404
    assert client.get(f"/api/v1/documents/{document_id}/").status_code == 404
    assert client.get(f"/api/v1/documents/{document_id}/download/").status_code == 404
    assert client.delete(f"/api/v1/documents/{document_id}/").status_code == 404
    assert not AccessLog.objects.filter(user=outsider).exists()


def test_an_insiders_download_returns_the_file_and_writes_the_access_log(
    client, coordinator, intake, referral
):
    client.force_login(coordinator)
    document_id = post(client, referral, upload()).json()["id"]
    client.force_login(intake)
    response = client.get(f"/api/v1/documents/{document_id}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    log = AccessLog.objects.filter(user=intake, service_user=referral.service_user)
    assert log.filter(action=AccessLog.Action.EXPORT).count() == 1


def test_listing_documents_writes_the_access_log(client, intake, coordinator, referral):
    client.force_login(coordinator)
    post(client, referral, upload())
    client.force_login(intake)
    client.get(url(referral))
    assert AccessLog.objects.filter(
        user=intake, service_user=referral.service_user, action=AccessLog.Action.LIST
    ).exists()


def test_deleting_is_recorded_and_keeps_the_file(client, coordinator, reader, referral):
    client.force_login(coordinator)
    document_id = post(client, referral, upload()).json()["id"]
    client.force_login(reader)
    assert client.delete(f"/api/v1/documents/{document_id}/").status_code == 403
    client.force_login(coordinator)
    assert client.delete(f"/api/v1/documents/{document_id}/").status_code == 204
    assert client.get(url(referral)).json()["results"] == []
    assert client.get(f"/api/v1/documents/{document_id}/download/").status_code == 404
    document = Document.objects.get(pk=document_id)
    assert document.deleted_by == coordinator
    assert documents_storage().exists(document.stored_name)
    assert document.events.last().action == DocumentEvent.Action.DELETED


@pytest.mark.parametrize("path", ["abc", "-1"])
def test_a_bad_id_is_not_found(client, coordinator, path):
    client.force_login(coordinator)
    assert client.get(f"/api/v1/referrals/{path}/documents/").status_code == 404
