"""A measure in an individual plan names the shared measure of the catalogue
it uses: picked on the plan measure's form, shown on the plan page (linked
to the catalogue), changed or removed again; a wrong choice is a field error."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from catalogue.models import Measure, PlanMeasureEntry
from municipalities.models import Measure as PlanMeasure
from tests import factories
from tests.plans.factories import MeasureFactory, PlanFactory


@pytest.fixture
def plan(service_user, coordinator):
    return PlanFactory(service_user=service_user, coordinator=coordinator)


@pytest.fixture
def fact_team(home):
    dps = factories.dps_for(home, name="DPS Indre Sogn")
    return Measure.objects.create(name="FACT-team Sogn", kind=Measure.Kind.FACT_TEAM, provider=dps)


def measure_post(**extra):
    return {"description": "Oppfølging frå FACT-teamet", "status": "active", **extra}


def test_the_coordinator_picks_the_shared_measure_and_the_plan_page_links_to_it(
    client, coordinator, reader, plan, fact_team
):
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:measure_create", args=[plan.pk]),
        measure_post(catalogue_entry=fact_team.pk),
    )
    assert response.status_code == 302
    measure = PlanMeasure.objects.get(plan=plan)
    assert measure.catalogue_link.entry == fact_team
    for user in (coordinator, reader):
        client.force_login(user)
        html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
        assert "FACT-team Sogn" in html
        assert fact_team.get_absolute_url() in html


def test_the_edit_form_shows_the_chosen_entry_and_clearing_it_removes_the_link(
    client, coordinator, plan, fact_team
):
    measure = MeasureFactory(plan=plan)
    PlanMeasureEntry.objects.create(plan_measure=measure, entry=fact_team)
    client.force_login(coordinator)
    page = reverse("plans:measure_update", args=[measure.pk])
    assert client.get(page).context["form"]["catalogue_entry"].value() == fact_team.pk
    assert client.post(page, measure_post(catalogue_entry="")).status_code == 302
    assert not PlanMeasureEntry.objects.exists()
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert fact_team.get_absolute_url() not in html


def test_an_unknown_or_inactive_entry_is_a_field_error_and_nothing_is_saved(
    client, coordinator, plan, fact_team
):
    fact_team.active = False
    fact_team.save()
    client.force_login(coordinator)
    for bad in (fact_team.pk, 999999, 10**30, "tull"):
        response = client.post(
            reverse("plans:measure_create", args=[plan.pk]), measure_post(catalogue_entry=bad)
        )
        assert response.status_code in (200, 400)
        assert response.context["form"].errors["catalogue_entry"]
    assert not PlanMeasure.objects.exists()
    assert not PlanMeasureEntry.objects.exists()


def test_the_reader_and_the_outsider_cannot_link_a_plan_measure(
    client, reader, outsider, plan, fact_team
):
    measure = MeasureFactory(plan=plan)
    page = reverse("plans:measure_update", args=[measure.pk])
    client.force_login(reader)
    assert client.post(page, measure_post(catalogue_entry=fact_team.pk)).status_code in (403, 404)
    client.force_login(outsider)
    assert client.post(page, measure_post(catalogue_entry=fact_team.pk)).status_code == 404
    assert not PlanMeasureEntry.objects.exists()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_reads_links_and_unlinks_the_shared_measure_and_refuses_a_wrong_one(
    coordinator, reader, plan, fact_team
):
    created = api(coordinator).post(
        "/api/v1/plan-measures/",
        {**measure_post(), "plan": plan.pk, "catalogue_entry": fact_team.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["catalogue_entry"] == fact_team.pk
    url = f"/api/v1/plan-measures/{created.json()['id']}/"
    assert api(reader).get(url).json()["catalogue_entry"] == fact_team.pk
    for bad in (999999, 10**30, "tull", True, [fact_team.pk]):
        wrong = api(coordinator).patch(url, {"catalogue_entry": bad}, format="json")
        assert wrong.status_code == 400, bad
        assert list(wrong.json()) == ["catalogue_entry"]
    assert PlanMeasureEntry.objects.get().entry == fact_team
    # Leaving the field out keeps the link; null removes it.
    assert api(coordinator).patch(url, {"scope": "Kvar veke"}, format="json").status_code == 200
    assert PlanMeasureEntry.objects.filter(entry=fact_team).exists()
    cleared = api(coordinator).patch(url, {"catalogue_entry": None}, format="json")
    assert cleared.status_code == 200
    assert cleared.json()["catalogue_entry"] is None
    assert not PlanMeasureEntry.objects.exists()
