"""The catalogue and document pages hold no inline script or style (a strict
Content Security Policy must not break them) and one h1 each."""

import re

from django.urls import reverse

from documents.models import Document
from tests import factories
from tests.documents.conftest import upload


def test_no_catalogue_or_document_page_has_inline_scripts_or_styles(
    client, coordinator, region, service_user
):
    dps = region["dps"]
    intake = factories.member_of(dps, role="intake", username="inntak")
    referral = factories.make_referral(
        "received", sender_user=coordinator, receiver_user=intake, service_user=service_user,
        sender=region["home_service"], receiver=dps,
    )  # fmt: skip
    Document.attach(
        referral, upload=upload(), title="Epikrise", by=coordinator, mime_type="application/pdf"
    )
    client.force_login(coordinator)
    pages = [
        reverse("catalogue:measure_list"),
        reverse("catalogue:measure_list") + "?age=15&kind=bup_team",
        reverse("catalogue:measure_detail", args=[region["residence"].pk]),
        reverse("catalogue:agreement_list"),
        reverse("catalogue:agreement_detail", args=[region["agreement"].pk]),
        reverse("documents:parent_documents", args=["referral", referral.pk]),
        reverse("referrals:referral_detail", args=[referral.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert html.count("<h1") == 1, url
