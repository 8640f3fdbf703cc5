"""Django admin for staff who are not superusers: the same scope as everywhere.

The personas are made staff with the model permissions a municipality's
administrator would get; the scope still comes from their memberships.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from municipalities.models import ServiceUser
from tests import factories

pytestmark = pytest.mark.django_db

INLINES = ("consents", "assessments", "private_purchases")


def _make_staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="municipalities"))
    return user


@pytest.fixture
def staff_coordinator(coordinator):
    return _make_staff(coordinator)


@pytest.fixture
def staff_reader(reader):
    return _make_staff(reader)


@pytest.fixture
def staff_outsider(outsider):
    return _make_staff(outsider)


@pytest.fixture
def person_elsewhere(elsewhere):
    return factories.ServiceUserFactory(home_municipality=elsewhere, first_name="Langt-Borte")


def _change_url(person):
    return reverse("admin:municipalities_serviceuser_change", args=[person.pk])


def _form_data(person, **changes):
    data = {
        "national_id": person.national_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "home_municipality": person.home_municipality_id,
        "coordinator": "",
        "main_pathway": person.main_pathway,
        "ip_status": person.ip_status,
        "ip_date": "",
        "crisis_plan_date": "",
        "next_of_kin_name": "",
        "next_of_kin_phone": "",
    }
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | changes


def test_coordinator_lists_only_the_people_of_their_municipality(
    client, staff_coordinator, service_user, person_elsewhere
):
    client.force_login(staff_coordinator)
    response = client.get(reverse("admin:municipalities_serviceuser_changelist"))
    assert response.status_code == 200
    assert service_user.first_name in response.text
    assert person_elsewhere.first_name not in response.text


def test_coordinator_can_change_a_person_of_their_municipality(
    client, staff_coordinator, service_user
):
    client.force_login(staff_coordinator)
    response = client.post(_change_url(service_user), _form_data(service_user, rop="on"))
    assert response.status_code == 302
    service_user.refresh_from_db()
    assert service_user.rop is True


def test_coordinator_cannot_move_a_person_to_another_municipality(
    client, staff_coordinator, service_user, elsewhere
):
    client.force_login(staff_coordinator)
    response = client.post(
        _change_url(service_user), _form_data(service_user, home_municipality=elsewhere.pk)
    )
    assert response.status_code == 200
    assert "home_municipality" in response.context["adminform"].form.errors
    service_user.refresh_from_db()
    assert service_user.home_municipality_id != elsewhere.pk


def test_coordinator_is_offered_only_their_own_municipality_and_coordinators(
    client, staff_coordinator, outsider, home
):
    client.force_login(staff_coordinator)
    response = client.get(reverse("admin:municipalities_serviceuser_add"))
    form = response.context["adminform"].form
    assert list(form.fields["home_municipality"].queryset) == [home]
    assert outsider not in form.fields["coordinator"].queryset
    assert staff_coordinator in form.fields["coordinator"].queryset


def test_coordinator_adds_a_person_with_a_consent_in_one_go(
    client, staff_coordinator, home, home_service
):
    client.force_login(staff_coordinator)
    person = ServiceUser(
        national_id=factories.synthetic_id(), first_name="Sigrid", last_name="Krekling"
    )
    person.home_municipality = home
    data = _form_data(person, coordinator=staff_coordinator.pk)
    data |= {
        "consents-TOTAL_FORMS": "1",
        "consents-0-organisation": home_service.pk,
        "consents-0-given_on": "2025-03-01",
    }
    response = client.post(reverse("admin:municipalities_serviceuser_add"), data)
    assert response.status_code == 302
    created = ServiceUser.objects.get(national_id=person.national_id)
    assert created.consents.count() == 1


def test_a_wrong_check_digit_in_admin_is_a_field_error(client, staff_coordinator, home):
    client.force_login(staff_coordinator)
    number = factories.synthetic_id()
    person = ServiceUser(national_id=number[:-1] + str((int(number[-1]) + 1) % 10))
    person.home_municipality = home
    response = client.post(
        reverse("admin:municipalities_serviceuser_add"),
        _form_data(person, first_name="Ola", last_name="Lyngvik"),
    )
    assert response.status_code == 200
    assert "Kontrollsifra stemmer ikkje" in str(
        response.context["adminform"].form.errors["national_id"]
    )
    assert not ServiceUser.objects.exists()


def test_reader_sees_the_person_but_cannot_save(client, staff_reader, service_user):
    client.force_login(staff_reader)
    page = client.get(_change_url(service_user))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    response = client.post(_change_url(service_user), _form_data(service_user, rop="on"))
    assert response.status_code == 403
    service_user.refresh_from_db()
    assert service_user.rop is False


def test_outsider_gets_404_on_a_person_of_another_municipality(
    client, staff_outsider, service_user
):
    client.force_login(staff_outsider)
    assert client.get(_change_url(service_user)).status_code == 404
    assert client.post(_change_url(service_user), _form_data(service_user)).status_code == 404
    listing = client.get(reverse("admin:municipalities_serviceuser_changelist"))
    assert service_user.first_name not in listing.text


def test_outsider_sees_no_assessments_of_people_elsewhere(client, staff_outsider, service_user):
    assessment = factories.AssessmentFactory(service_user=service_user)
    client.force_login(staff_outsider)
    url = reverse("admin:municipalities_assessment_change", args=[assessment.pk])
    assert client.get(url).status_code == 404


def test_staff_may_look_at_municipalities_but_not_change_them(client, staff_coordinator, home):
    client.force_login(staff_coordinator)
    url = reverse("admin:municipalities_municipality_change", args=[home.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": "1422", "name": "Omdøypt", "population": 1})
    assert response.status_code == 403


def test_superuser_sees_everyone(client, admin_user, service_user, person_elsewhere):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:municipalities_serviceuser_changelist"))
    assert service_user.first_name in listing.text
    assert person_elsewhere.first_name in listing.text
    assert client.get(_change_url(person_elsewhere)).status_code == 200


def test_admin_search_finds_a_person_by_identity_number(client, admin_user, service_user):
    factories.ServiceUserFactory(home_municipality=service_user.home_municipality)
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:municipalities_serviceuser_changelist"), {"q": service_user.national_id}
    )
    assert list(response.context["cl"].result_list) == [service_user]


def test_consents_can_only_be_added_for_people_the_staff_member_may_change(
    client, staff_coordinator, staff_reader, service_user, person_elsewhere
):
    url = reverse("admin:municipalities_consent_add")
    client.force_login(staff_coordinator)
    choices = client.get(url).context["adminform"].form.fields["service_user"].queryset
    assert list(choices) == [service_user]
    client.force_login(staff_reader)
    choices = client.get(url).context["adminform"].form.fields["service_user"].queryset
    assert not choices.exists()


def test_staff_see_only_the_memberships_of_their_own_organisations(
    client, staff_coordinator, outsider
):
    client.force_login(staff_coordinator)
    response = client.get(reverse("admin:municipalities_membership_changelist"))
    shown = {m.user for m in response.context["cl"].result_list}
    assert staff_coordinator in shown
    assert outsider not in shown
