"""Documents on a referral: the sender `coordinator` (may act), `reader`
(read-only in the sending service), `outsider` (another municipality), and
`intake` at the receiving DPS. Files go to a temporary directory."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")
# The first bytes of a Windows program (MZ header), whatever the name says.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.BOPS_DOCUMENTS_ROOT = tmp_path / "documents"
    return settings.BOPS_DOCUMENTS_ROOT


def upload(content: bytes = PDF, name: str = "epikrise.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def big_pdf(megabytes: int = 11) -> io.BytesIO:
    data = io.BytesIO(PDF + b"0" * (megabytes * 1024 * 1024))
    data.name = "stor.pdf"
    return data


@pytest.fixture
def dps(home):
    return factories.dps_for(home, name="DPS Indre Sogn")


@pytest.fixture
def intake(dps):
    return factories.member_of(dps, role="intake", username="inntak")


@pytest.fixture
def referral(service_user, home_service, dps, coordinator, intake):
    return factories.make_referral(
        "received",
        sender_user=coordinator,
        receiver_user=intake,
        service_user=service_user,
        sender=home_service,
        receiver=dps,
    )
