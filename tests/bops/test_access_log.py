import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from bops.audit import AccessLog, AppendOnlyError, log_access
from tests import factories


@pytest.fixture
def request_by(rf: RequestFactory):
    def build(user, path="/service-users/1/"):
        request = rf.get(path)
        request.user = user
        return request

    return build


def test_a_list_logs_every_person_shown_in_one_insert(
    coordinator, home, request_by, django_assert_num_queries
):
    people = factories.ServiceUserFactory.create_batch(3, home_municipality=home)
    request = request_by(coordinator)
    # One query for the user's memberships, one INSERT for all rows.
    with django_assert_num_queries(2):
        log_access(request, people, AccessLog.Action.LIST)
    rows = AccessLog.objects.filter(user=coordinator)
    assert sorted(r.service_user_id for r in rows) == sorted(p.pk for p in people)
    assert {r.action for r in rows} == {"list"}


def test_a_row_records_who_what_route_and_the_membership_used(
    coordinator, home_service, service_user, request_by
):
    log_access(request_by(coordinator, "/service-users/7/"), service_user, AccessLog.Action.VIEW)
    row = AccessLog.objects.get()
    assert row.user == coordinator
    assert row.service_user == service_user
    assert row.get_action_display() == "sett"
    assert row.route == "/service-users/7/"
    assert row.organisation == home_service
    assert row.role == "coordinator"
    assert row.at is not None


def test_the_route_is_the_url_name_when_the_request_was_resolved(client, admin_user, service_user):
    client.force_login(admin_user)
    request = client.get(reverse("home")).wsgi_request
    log_access(request, service_user, AccessLog.Action.VIEW)
    assert AccessLog.objects.get().route == "home"


def test_a_user_without_membership_is_logged_without_organisation(
    admin_user, service_user, request_by
):
    log_access(request_by(admin_user), [service_user.pk], AccessLog.Action.ADMIN_VIEW)
    row = AccessLog.objects.get()
    assert row.organisation is None and row.role == ""


def test_anonymous_requests_and_empty_lists_write_nothing(rf, coordinator):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert log_access(request, [1], AccessLog.Action.VIEW) == []
    request.user = coordinator
    assert log_access(request, [], AccessLog.Action.LIST) == []
    assert AccessLog.objects.count() == 0


def test_the_person_sees_who_accessed_their_data_newest_first(
    coordinator, outsider, service_user, home, request_by
):
    other = factories.ServiceUserFactory(home_municipality=home)
    log_access(request_by(coordinator), service_user, AccessLog.Action.VIEW)
    log_access(request_by(coordinator), other, AccessLog.Action.VIEW)
    log_access(request_by(coordinator), service_user, AccessLog.Action.PDF)
    rows = list(AccessLog.objects.about(service_user))
    assert [r.action for r in rows] == ["pdf", "view"]
    assert all(r.service_user_id == service_user.pk for r in rows)


def test_the_model_refuses_to_change_or_delete_a_row(coordinator, service_user, request_by):
    (row,) = log_access(request_by(coordinator), service_user, AccessLog.Action.VIEW)
    row = AccessLog.objects.get(pk=row.pk)
    row.route = "rewritten"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).update(route="rewritten")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get(pk=row.pk).route != "rewritten"


@pytest.mark.postgres
def test_the_database_refuses_update_and_delete_even_in_raw_sql(
    coordinator, service_user, request_by
):
    (row,) = log_access(request_by(coordinator), service_user, AccessLog.Action.VIEW)
    for sql in (
        "UPDATE bops_accesslog SET route = 'rewritten' WHERE id = %s",
        "DELETE FROM bops_accesslog WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])
    assert AccessLog.objects.filter(pk=row.pk, route=row.route).exists()


def test_a_service_user_who_was_looked_at_cannot_be_deleted(coordinator, service_user, request_by):
    from django.db.models import ProtectedError
    from django.db.models.deletion import Collector

    log_access(request_by(coordinator), service_user, AccessLog.Action.VIEW)
    # ServiceUser.delete() refuses for everyone; underneath, the log protects too.
    with pytest.raises(ProtectedError):
        Collector(using="default").collect([service_user])


class TestAdmin:
    def test_administrators_read_and_search_the_log(
        self, client, admin_user, coordinator, service_user, request_by
    ):
        log_access(request_by(coordinator), service_user, AccessLog.Action.EXPORT)
        client.force_login(admin_user)
        url = reverse("admin:bops_accesslog_changelist")
        response = client.get(url, {"q": "koordinator"})
        assert response.status_code == 200
        assert service_user.last_name in response.content.decode()
        response = client.get(url, {"q": "nobody-by-that-name"})
        assert service_user.first_name not in response.content.decode()
        response = client.get(url, {"q": service_user.first_name})
        assert "koordinator" in response.content.decode()

    def test_nobody_can_add_change_or_delete_in_admin(
        self, client, admin_user, coordinator, service_user, request_by
    ):
        (row,) = log_access(request_by(coordinator), service_user, AccessLog.Action.VIEW)
        client.force_login(admin_user)
        assert client.get(reverse("admin:bops_accesslog_add")).status_code == 403
        response = client.post(
            reverse("admin:bops_accesslog_change", args=[row.pk]), {"route": "rewritten"}
        )
        assert response.status_code == 403
        assert (
            client.post(
                reverse("admin:bops_accesslog_delete", args=[row.pk]), {"post": "yes"}
            ).status_code
            == 403
        )
        detail = client.get(reverse("admin:bops_accesslog_change", args=[row.pk]))
        assert detail.status_code == 200
        assert 'name="route"' not in detail.content.decode()
        assert AccessLog.objects.filter(pk=row.pk).exclude(route="rewritten").exists()

    def test_staff_without_the_permission_cannot_read_it(self, client, coordinator):
        staff = factories.UserFactory(username="stab", is_staff=True)
        client.force_login(staff)
        assert client.get(reverse("admin:bops_accesslog_changelist")).status_code == 403


def test_api_views_can_pass_their_drf_request(rf, coordinator, service_user):
    from rest_framework.request import Request

    api_request = Request(rf.get("/api/v1/service-users/1/"))
    api_request.user = coordinator
    log_access(api_request, service_user, AccessLog.Action.API_READ)
    row = AccessLog.objects.get()
    assert (row.user, row.action, row.route) == (
        coordinator,
        "api_read",
        "/api/v1/service-users/1/",
    )
