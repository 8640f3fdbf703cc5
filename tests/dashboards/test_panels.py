"""A module that is not installed yet (plans, notices) adds a panel to a
dashboard section by registering it, and the people it names are logged."""

import pytest

from bops import access
from bops.audit import AccessLog
from bops.panels import panels
from tests import factories


@pytest.fixture
def plans_panel(home):
    person = factories.ServiceUserFactory(home_municipality=home, first_name="Planlagd")

    def plans_due(user):
        return {"plans_due_count": 1, "shown_people": [person]}

    panels.register(plans_due, section=access.COORDINATOR, order=50)
    yield person
    panels.unregister(plans_due)


def test_a_registered_panel_fills_its_section_and_logs_the_people_it_names(
    client, coordinator, plans_panel
):
    client.force_login(coordinator)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["plans_due_count"] == 1
    assert AccessLog.objects.filter(
        user=coordinator, service_user=plans_panel, action=AccessLog.Action.LIST
    ).exists()


def test_a_panel_for_another_role_stays_off_my_dashboard(client, coordinator, home):
    def intake_only(user):
        return {"intake_only_marker": True}

    panels.register(intake_only, section=access.INTAKE, order=50)
    try:
        client.force_login(coordinator)
        assert "intake_only_marker" not in client.get("/").context
    finally:
        panels.unregister(intake_only)
