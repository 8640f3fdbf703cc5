"""The council report's section on individual plans: the share of people on
pathway 3 with an established plan and with an evaluation in the last twelve
months, per municipality, with small numbers hidden; and it is in the PDF."""

import datetime

import pytest
import time_machine

from municipalities.models import Evaluation
from reports.figures.plans import plan_tables
from reports.pdf import render_pdf
from reports.period import Period
from tests import factories
from tests.plans.factories import PlanFactory
from tests.reports.conftest import Q1_2025
from tests.reports.test_council_pdf import pdf_text

Q1 = Period(*Q1_2025)


def people_with_plans(municipality, people, with_plan, evaluated, evaluated_long_ago=0):
    """`people` on pathway 3; the first `with_plan` have an established plan,
    the first `evaluated` of those an evaluation in February 2025 and the next
    `evaluated_long_ago` one in 2023."""
    coordinator = factories.UserFactory()
    persons = factories.ServiceUserFactory.create_batch(people, home_municipality=municipality)
    factories.ServiceUserFactory(home_municipality=municipality, main_pathway=2)
    for n, person in enumerate(persons[:with_plan]):
        plan = PlanFactory(service_user=person, coordinator=coordinator)
        if n < evaluated:
            day = datetime.date(2025, 2, 10)
        elif n < evaluated + evaluated_long_ago:
            day = datetime.date(2023, 11, 1)
        else:
            continue
        Evaluation.objects.create(plan=plan, evaluated_on=day, summary="Gjekk bra", by=coordinator)
    return persons


def row(table, name):
    return next(
        ([c.text for c in cells], [c.text for c in extra])
        for label, cells, extra in table.rows
        if label == name
    )


def test_the_shares_with_a_plan_and_with_an_evaluation_per_municipality(nine_municipalities):
    people_with_plans(nine_municipalities["Sogndal"], 12, 7, 5, evaluated_long_ago=2)
    established, evaluated = plan_tables(Q1)
    assert row(established, "Sogndal") == (["7", "5", "12"], ["58 %"])
    # Evaluated in 2023 is more than twelve months before 31.03.2025.
    assert row(evaluated, "Sogndal") == (["5", "7", "12"], ["42 %"])
    assert row(established, "Vik") == (["0", "0", "0"], ["."])
    assert [c.text for c in established.totals] == ["7", "5", "12"]


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_one_to_four_people_are_hidden_and_so_is_what_would_reveal_them(nine_municipalities, small):
    people_with_plans(nine_municipalities["Sogndal"], 12, 7, 5)
    people_with_plans(nine_municipalities["Lærdal"], small, small, 0)
    established, evaluated = plan_tables(Q1)
    texts, shares = row(established, "Lærdal")
    assert texts[0] == "<5" and texts[2] == "<5" and shares == [":"]
    # Sogndal's figures and the totals would give Lærdal's away by subtraction.
    sogndal, sogndal_share = row(established, "Sogndal")
    assert ":" in sogndal and sogndal_share == [":"]
    for table in (established, evaluated):
        printed = [c.text for _, cells, _ in table.rows for c in cells]
        assert str(small) not in printed


def test_the_council_pdf_shows_the_plan_section(nine_municipalities):
    people_with_plans(nine_municipalities["Sogndal"], 12, 7, 5)
    with time_machine.travel(datetime.datetime(2025, 4, 7, 8, 30, tzinfo=datetime.UTC)):
        text = " ".join(pdf_text(render_pdf(Q1, "en")))
    assert "Individual plans" in text
    assert "People on pathway 3 with an established individual plan" in text
    assert "58 %" in text and "42 %" in text
