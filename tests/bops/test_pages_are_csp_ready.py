"""No inline scripts or style attributes anywhere: a Content Security Policy
without 'unsafe-inline' must not break a page."""

import datetime
import re

from django.urls import reverse

from tests import factories


def test_no_page_has_inline_scripts_or_styles(client, coordinator, service_user):
    factories.AssessmentFactory(service_user=service_user, assessed_on=datetime.date(2025, 1, 1))
    factories.AssessmentFactory(service_user=service_user, assessed_on=datetime.date(2025, 5, 1))
    pages = [reverse("login")]
    client.force_login(coordinator)
    pages += [
        "/",
        reverse("password_change"),
        reverse("municipalities:serviceuser_list"),
        reverse("municipalities:serviceuser_detail", args=[service_user.pk]),
        reverse("municipalities:serviceuser_create"),
        reverse("municipalities:serviceuser_update", args=[service_user.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert html.count("<h1") == 1, url
