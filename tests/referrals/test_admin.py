import datetime

import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from referrals.choices import Status
from referrals.models import Referral


def test_the_admin_list_filters_by_overdue_and_status(client, admin_user, make):
    with time_machine.travel(datetime.datetime(2025, 12, 19, 9, tzinfo=datetime.UTC)):
        make("received")
    client.force_login(admin_user)
    url = reverse("admin:referrals_referral_changelist")
    assert client.get(url, {"status__exact": "received"}).context["cl"].result_count == 1
    assert client.get(url, {"status__exact": "accepted"}).context["cl"].result_count == 0
    with time_machine.travel(datetime.datetime(2026, 1, 8, 9, tzinfo=datetime.UTC)):
        assert client.get(url, {"overdue": "yes"}).context["cl"].result_count == 1
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)):
        assert client.get(url, {"overdue": "yes"}).context["cl"].result_count == 0
        assert client.get(url, {"overdue": "soon"}).context["cl"].result_count == 1


def test_the_change_page_shows_the_history_read_only(client, admin_user, make):
    referral = make("received")
    client.force_login(admin_user)
    response = client.get(reverse("admin:referrals_referral_change", args=[referral.pk]))
    assert response.status_code == 200
    assert b'name="status"' not in response.content
    assert "Motteken automatisk" in response.content.decode()


def test_an_admin_action_goes_through_the_model_method_and_its_rules(client, admin_user, make):
    referral = make("received")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:referrals_referral_changelist"),
        {"action": "withdraw", "_selected_action": [referral.pk]},
        follow=True,
    )
    assert response.status_code == 200
    referral.refresh_from_db()
    # The administrator is no member of the sending service: refused, and said so.
    assert referral.status == Status.RECEIVED
    assert "avsendarorganisasjonen" in response.content.decode()


def test_a_referral_cannot_be_deleted_in_the_admin(client, admin_user, make):
    referral = make("received")
    client.force_login(admin_user)
    response = client.get(reverse("admin:referrals_referral_delete", args=[referral.pk]))
    assert response.status_code == 403


def _staff(user):
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="referrals"))
    return user


def test_the_add_page_does_not_name_a_person_from_another_municipality(
    client, outsider, service_user
):
    # ?service_user=<id> fills the raw-id field; its label must not print an
    # outsider's person (the admin's own widget looks the id up everywhere).
    client.force_login(_staff(outsider))
    response = client.get(
        reverse("admin:referrals_referral_add"), {"service_user": service_user.pk}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert service_user.last_name not in body
    assert service_user.national_id not in body


def test_the_add_page_names_the_coordinators_own_person(client, coordinator, service_user):
    client.force_login(_staff(coordinator))
    response = client.get(
        reverse("admin:referrals_referral_add"), {"service_user": service_user.pk}
    )
    assert service_user.last_name in response.content.decode()


def test_a_referral_about_another_municipalitys_person_cannot_be_saved(
    client, outsider, service_user
):
    client.force_login(_staff(outsider))
    response = client.post(
        reverse("admin:referrals_referral_add"),
        {"service_user": service_user.pk, "kind": "assessment", "reason": "x"},
    )
    assert response.status_code == 200
    assert "service_user" in response.context["adminform"].form.errors
    assert not Referral.objects.exists()
