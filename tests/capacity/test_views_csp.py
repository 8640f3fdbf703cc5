"""The residence pages work under the strict Content Security Policy: no
inline scripts, no style attributes (the SVG chart included), one h1 each."""

import re

import pytest
from django.urls import reverse

from tests.capacity.views_helpers import applicant, resident, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


def test_no_residence_page_has_inline_scripts_or_styles(client, staff, residence, home):
    stay = resident(residence, "A1", home)
    application = applicant(residence, home)
    client.force_login(staff)
    pages = [
        "/",
        reverse("capacity:home"),
        reverse("capacity:waiting_list", args=[residence.pk]),
        reverse("capacity:occupancy", args=[residence.pk]),
        reverse("capacity:application", args=[application.pk]),
        reverse("capacity:admit", args=[application.pk]),
        reverse("capacity:discharge", args=[stay.pk]),
        reverse("municipalities:serviceuser_detail", args=[stay.service_user_id]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert html.count("<h1") == 1, url
