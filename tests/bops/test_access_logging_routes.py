"""The API and the admin write the access log by themselves (bops/api.py,
bops/admin_scoping.py): every viewset and scoped admin gets it for free."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from bops.audit import AccessLog, people_of, person_field
from municipalities.models import Consent, PrivatePurchase, ServiceUser
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/service-users/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _logged(user, action=None):
    rows = AccessLog.objects.filter(user=user)
    if action:
        rows = rows.filter(action=action)
    return sorted(rows.values_list("service_user_id", flat=True))


def test_an_api_list_logs_every_person_on_the_page_and_nobody_else(coordinator, home, elsewhere):
    people = factories.ServiceUserFactory.create_batch(3, home_municipality=home)
    factories.ServiceUserFactory(home_municipality=elsewhere)
    response = _api(coordinator).get(LIST)
    assert response.status_code == 200
    assert _logged(coordinator, "list") == sorted(p.pk for p in people)
    row = AccessLog.objects.filter(user=coordinator).first()
    assert row.route == "service-user-list"
    assert row.role == "coordinator"


def test_an_api_list_logs_only_the_page_shown(coordinator, home):
    # PAGE_SIZE is 50: the second page shows one person.
    factories.ServiceUserFactory.create_batch(51, home_municipality=home)
    second = _api(coordinator).get(LIST, {"page": 2}).json()["results"]
    assert _logged(coordinator, "list") == [second[0]["id"]]


def test_an_api_detail_read_is_logged(coordinator, service_user):
    assert _api(coordinator).get(f"{LIST}{service_user.pk}/").status_code == 200
    assert _logged(coordinator, "api_read") == [service_user.pk]


def test_an_api_create_and_update_are_logged(coordinator, home):
    client = _api(coordinator)
    created = client.post(
        LIST,
        {
            "national_id": factories.synthetic_id(),
            "first_name": "Gudrun",
            "last_name": "Syntetisk",
            "home_municipality": home.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert _logged(coordinator, "api_read") == [pk]
    client.patch(f"{LIST}{pk}/", {"rop": True}, format="json")
    assert _logged(coordinator, "api_read") == [pk, pk]


def test_a_refused_or_invalid_api_request_logs_nothing(coordinator, outsider, reader, home):
    person = factories.ServiceUserFactory(home_municipality=home)
    assert _api(outsider).get(f"{LIST}{person.pk}/").status_code == 404
    assert _api(reader).patch(f"{LIST}{person.pk}/", {"rop": True}, format="json").status_code == (
        403
    )
    assert _api(coordinator).post(LIST, {"first_name": "x"}, format="json").status_code == 400
    # The reader's 403 came after get_object(): still nothing was shown.
    assert AccessLog.objects.count() == 0


def test_the_person_of_a_row_is_found_from_the_model(service_user):
    purchase = factories.PrivatePurchaseFactory(service_user=service_user)
    assert person_field(ServiceUser) == ""
    assert person_field(PrivatePurchase) == "service_user"
    assert person_field(Consent) == "service_user"
    assert people_of([purchase, service_user]) == [service_user.pk]
    assert people_of([purchase], "service_user") == [service_user.pk]


@pytest.fixture
def staff_coordinator(coordinator):
    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.set(
        Permission.objects.filter(content_type__app_label="municipalities")
    )
    return coordinator


def test_the_admin_change_page_of_a_person_logs_an_admin_view(
    staff_coordinator, service_user, client
):
    client.force_login(staff_coordinator)
    url = f"/admin/municipalities/serviceuser/{service_user.pk}/change/"
    assert client.get(url).status_code == 200
    assert _logged(staff_coordinator, "admin_view") == [service_user.pk]


def test_the_admin_change_page_of_a_row_about_a_person_logs_that_person(
    staff_coordinator, service_user, client
):
    purchase = factories.PrivatePurchaseFactory(service_user=service_user)
    client.force_login(staff_coordinator)
    url = f"/admin/municipalities/privatepurchase/{purchase.pk}/change/"
    assert client.get(url).status_code == 200
    assert _logged(staff_coordinator, "admin_view") == [service_user.pk]


def test_the_admin_change_list_logs_the_people_on_the_page(staff_coordinator, home, client):
    people = factories.ServiceUserFactory.create_batch(2, home_municipality=home)
    client.force_login(staff_coordinator)
    assert client.get("/admin/municipalities/serviceuser/").status_code == 200
    assert _logged(staff_coordinator, "list") == sorted(p.pk for p in people)


def test_an_admin_page_outside_the_scope_logs_nothing(staff_coordinator, elsewhere, client):
    person = factories.ServiceUserFactory(home_municipality=elsewhere)
    client.force_login(staff_coordinator)
    url = f"/admin/municipalities/serviceuser/{person.pk}/change/"
    assert client.get(url).status_code == 404
    assert AccessLog.objects.count() == 0


def test_admin_pages_without_people_log_nothing(admin_user, home, client):
    client.force_login(admin_user)
    assert client.get(f"/admin/municipalities/municipality/{home.pk}/change/").status_code == 200
    assert AccessLog.objects.count() == 0


def test_any_viewset_on_the_scoped_mixin_logs_the_person_of_its_rows(coordinator, service_user):
    """What a referral or stay viewset merged later gets without writing code."""
    from rest_framework import serializers, viewsets
    from rest_framework.test import APIRequestFactory, force_authenticate

    from bops.api import ScopedViewSetMixin

    class ConsentSerializer(serializers.ModelSerializer):
        class Meta:
            model = Consent
            fields = ["id", "note"]

    class ConsentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
        queryset = Consent.objects.all()
        serializer_class = ConsentSerializer

    consent = factories.ConsentFactory(service_user=service_user)
    request = APIRequestFactory().get("/")
    force_authenticate(request, coordinator)
    response = ConsentViewSet.as_view({"get": "retrieve"})(request, pk=consent.pk)
    assert response.status_code == 200
    request = APIRequestFactory().get("/")
    force_authenticate(request, coordinator)
    ConsentViewSet.as_view({"get": "list"})(request)
    assert _logged(coordinator, "api_read") == [service_user.pk]
    assert _logged(coordinator, "list") == [service_user.pk]
