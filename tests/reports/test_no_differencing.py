"""Issue 16 §5: the council report cannot be used to single out a person by
differencing. Reports are made for whole months, quarters and years only (two
reports a day apart are refused on the form, by the job and by the command),
and kroner and days that belong to a suppressed count of people are hidden
with it, while the cost key's bill is printed in full."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from bops.errors import InvalidInput
from reports.figures import economy
from reports.jobs import start_council_report
from reports.models import ReportJob
from reports.pdf import render_pdf
from reports.period import Period
from tests import factories
from tests.reports.conftest import Q1_2025
from tests.reports.test_council_pdf import grouped, pdf_text

d = datetime.date
URL = reverse("reports:council")
A_DAY_SHORT = {"from": "2025-01-01", "to": "2025-03-30"}


def test_two_reports_a_day_apart_cannot_both_be_made_on_the_page(
    client, council_reader, report_world, django_capture_on_commit_callbacks
):
    client.force_login(council_reader)
    with django_capture_on_commit_callbacks(execute=True):
        whole = client.get(URL, {"from": "2025-01-01", "to": "2025-03-31"})
    assert whole.status_code == 302
    refused = client.get(URL, A_DAY_SHORT)
    assert refused.status_code == 400
    assert "ein heil månad, eit kvartal eller eit år" in refused.content.decode()  # Nynorsk
    answer = client.get(URL, A_DAY_SHORT, HTTP_ACCEPT="application/json")
    assert answer.status_code == 400
    assert "heil månad" in answer.json()["to"][0]["message"]
    assert ReportJob.objects.count() == 1


def test_the_job_refuses_a_period_that_is_not_a_whole_month_quarter_or_year(db):
    with pytest.raises(InvalidInput) as refused:
        start_council_report(Period(d(2025, 1, 1), d(2025, 3, 30)), "en")
    assert refused.value.field == "to"
    assert not ReportJob.objects.exists()


def test_the_command_refuses_a_period_a_day_short_of_a_quarter(db, tmp_path):
    output = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match="--to: .*(whole month|heil månad)"):
        call_command(
            "council_report", "--from", "2025-01-01", "--to", "2025-03-30", "--output", output
        )
    assert not output.exists()


def test_a_month_is_a_report(report_world, tmp_path):
    output = tmp_path / "march.pdf"
    call_command(
        "council_report", "--from", "2025-03-01", "--to", "2025-03-31", "--output", output,
        verbosity=0,
    )  # fmt: skip
    assert output.read_bytes().startswith(b"%PDF-")


@pytest.fixture
def billed(report_world, nine_municipalities):
    """A residence whose cost key bills Aurland, which has 3 private purchases."""
    m = nine_municipalities
    residence = factories.residence_with_places(ordinary=2, municipality=m["Lærdal"])
    residence.organisation.catchment.set(m.values())
    factories.CostKeyFactory(residence=residence, year=2025, budget=36_500_000)
    return residence


def test_a_daily_private_cost_beside_a_small_count_of_people_is_hidden(billed):
    bought = economy.purchases(Period(*Q1_2025))
    row = [m.name for m in bought.municipalities].index("Aurland")
    assert bought.people.rows[row].cells[0].text == "<5"
    # Cost / days would be one of three persons' daily price: both hidden.
    assert bought.days[row].text == ":"
    assert bought.cost[row].text == ":"

    text = " ".join(pdf_text(render_pdf(Period(*Q1_2025), "en")))
    purchases = text[text.index("Private purchases per municipality in the period") :]
    assert "Aurland <5 : : " in purchases
    for amount in ("7 000", "6 100", "5 200"):  # Aurland's daily costs
        assert f"{amount} kr" not in text


def test_the_bill_per_municipality_stays_beside_the_hidden_private_purchases(billed):
    text = " ".join(pdf_text(render_pdf(Period(*Q1_2025), "en")))
    bill = text[text.index("Each municipality's share of the residence by the cost key") :]
    # 36.5 m x 90 / 365 = 9 m for the quarter; nobody stayed, so all of it is split
    # by population; every municipality's bill is printed, Aurland's too.
    assert f"Budget for the period {grouped(9_000_000)} kr" in text
    amount = r"\d{1,3}(?: \d{3})* kr"
    assert re.search(rf"Aurland {amount} {amount} {amount} ", bill)
    economy_section = text[text.index("Each municipality's share of the residence, and its") :]
    # Beside its shown bill, Aurland's private purchases are hidden.
    assert re.search(rf"Aurland {amount} {amount} {amount} : ", economy_section)
