"""Every page has one main heading, with text: base.html prints it from the
page's `{% block h1 %}`. A page that wrote its own <h1> inside its content
showed an empty <h1></h1> first, which a screen reader announces as a blank
heading (WCAG 1.3.1 / 2.4.6)."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from reports.models import ReportJob

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_page_on_the_base_template_writes_a_heading_of_its_own():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        extends_base = re.search(r'{%\s*extends\s+"base\.html"\s*%}', text)
        if extends_base and "<h1" in text and "block heading" not in text:
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


def test_the_report_job_page_has_one_heading_with_its_period(client, admin_user):
    job = ReportJob.objects.create(
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 3, 31), language="nn"
    )
    client.force_login(admin_user)
    page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert len(headings) == 1
    assert "01.01.2025–31.03.2025" in headings[0]
