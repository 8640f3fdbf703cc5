"""Creating and editing service users: scope, field errors, kept input."""

import datetime

import pytest
from django.urls import reverse

from municipalities.models import ServiceUser
from tests import factories
from tests.factories import synthetic_id

CREATE = reverse("municipalities:serviceuser_create")


def edit_url(person):
    return reverse("municipalities:serviceuser_update", args=[person.pk])


def form_data(home, **overrides):
    data = {
        "national_id": synthetic_id(datetime.date(1980, 5, 17)),
        "first_name": "Kari",
        "last_name": "Syntetisk",
        "home_municipality": home.pk,
        "main_pathway": 3,
        "ip_status": "none",
        "ip_date": "",
        "crisis_plan_date": "",
    }
    data.update(overrides)
    return data


def wrong_check_digit(number):
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def test_a_coordinator_registers_a_service_user(client, coordinator, home):
    client.force_login(coordinator)
    response = client.post(
        CREATE, form_data(home, coordinator=coordinator.pk, ip_date="07.03.2025"), follow=True
    )
    person = ServiceUser.objects.get(first_name="Kari")
    assert response.redirect_chain[-1][0] == reverse(
        "municipalities:serviceuser_detail", args=[person.pk]
    )
    assert person.ip_date == datetime.date(2025, 3, 7)
    assert person.birth_date == datetime.date(1980, 5, 17)
    assert "Kari Syntetisk er registrert." in response.content.decode()


def test_a_wrong_check_digit_is_shown_next_to_the_field_and_the_input_is_kept(
    client, coordinator, home
):
    client.force_login(coordinator)
    wrong = wrong_check_digit(synthetic_id())
    response = client.post(CREATE, form_data(home, national_id=wrong, first_name="Kari"))
    html = response.content.decode()
    assert response.status_code == 200
    assert not ServiceUser.objects.exists()
    assert 'id="id_national_id_error"' in html
    assert "Kontrollsifra stemmer ikkje" in html
    assert f'value="{wrong}"' in html
    assert 'value="Kari"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_national_id_helptext id_national_id_error"' in html


def test_the_municipality_and_coordinator_choices_follow_my_scope(
    client, coordinator, home, outsider, elsewhere
):
    client.force_login(coordinator)
    form = client.get(CREATE).context["form"]
    assert list(form.fields["home_municipality"].queryset) == [home]
    assert list(form.fields["coordinator"].queryset) == [coordinator]
    response = client.post(CREATE, form_data(elsewhere))
    assert "home_municipality" in response.context["form"].errors
    response = client.post(CREATE, form_data(home, coordinator=outsider.pk))
    assert "coordinator" in response.context["form"].errors
    assert not ServiceUser.objects.exists()


def test_the_form_preselects_my_only_municipality_and_me(client, coordinator, home):
    client.force_login(coordinator)
    form = client.get(CREATE).context["form"]
    assert form.initial["home_municipality"] == home
    assert form.initial["coordinator"] == coordinator.pk


def test_a_read_only_member_gets_403_on_create_and_edit(client, reader, service_user):
    client.force_login(reader)
    assert client.get(CREATE).status_code == 403
    assert client.get(edit_url(service_user)).status_code == 403
    assert client.post(edit_url(service_user), {}).status_code == 403


def test_an_outsider_gets_404_on_edit(client, outsider, service_user):
    client.force_login(outsider)
    assert client.get(edit_url(service_user)).status_code == 404
    assert client.post(edit_url(service_user), {}).status_code == 404


def test_a_user_without_a_coordinator_role_may_not_create(client, db):
    client.force_login(factories.UserFactory())
    assert client.get(CREATE).status_code == 403


def test_a_coordinator_edits_a_service_user(client, coordinator, home, service_user):
    client.force_login(coordinator)
    data = form_data(
        home,
        national_id=service_user.national_id,
        first_name="Nytt",
        ip_status="established",
        ip_date="01.02.2025",
    )
    response = client.post(edit_url(service_user), data)
    assert response.status_code == 302
    service_user.refresh_from_db()
    assert service_user.first_name == "Nytt"
    assert service_user.ip_date == datetime.date(2025, 2, 1)


def test_the_edit_form_shows_dates_as_dd_mm_yyyy(client, coordinator, home):
    person = factories.ServiceUserFactory(
        home_municipality=home, crisis_plan_date=datetime.date(2025, 3, 7)
    )
    client.force_login(coordinator)
    assert 'value="07.03.2025"' in client.get(edit_url(person)).content.decode()


def test_a_bad_date_is_a_field_error_not_a_500(client, coordinator, home):
    client.force_login(coordinator)
    response = client.post(CREATE, form_data(home, ip_date="31.02.2025"))
    assert response.status_code == 200
    assert 'id="id_ip_date_error"' in response.content.decode()


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_form_speaks_the_chosen_language(client, coordinator, language):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = client.get(CREATE).content.decode()
    assert {"en": "New service user", "nb": "Ny tjenestemottaker"}[language] in html
