"""Staff in admin (issue 16 §2): choices and saves inside the user's scope,
the access log on every page that names a person, no hard delete of a
person, no token keys, notices and recommendations scoped like the rest."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from knox.models import AuthToken

from bops.audit import AccessLog
from bops.errors import NotAllowed
from capacity.models import CostKey, Place, Unit
from municipalities.models import Membership, Organisation, ServiceUser
from referrals.models import Referral
from referrals.notices import Notice
from tests import factories

pytestmark = pytest.mark.django_db


def staff(user, *apps_labels):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    perms = Permission.objects.all()
    if apps_labels:
        perms = perms.filter(content_type__app_label__in=apps_labels)
    user.user_permissions.set(perms)
    return user


@pytest.fixture
def residences(home, elsewhere):
    mine = factories.residence_with_places(1, name="Lærdal bustad", organisation__municipality=home)
    theirs = factories.residence_with_places(
        1, name="Vik bustad", organisation__municipality=elsewhere
    )
    return mine, theirs


@pytest.fixture
def lead(residences):
    mine, _ = residences
    return staff(factories.member_of(mine.organisation, role="residence_lead", username="leiar"))


class TestChoicesAndSavesStayInScope:
    def test_a_staff_coordinator_cannot_add_a_place_to_a_residence_by_a_crafted_post(
        self, client, coordinator, residences
    ):
        _, theirs = residences
        client.force_login(staff(coordinator))
        response = client.post(
            "/admin/capacity/place/add/",
            {"unit": theirs.units.get().pk, "code": "X1", "active": "on"},
        )
        assert response.status_code == 200
        assert "unit" in response.context["adminform"].form.errors
        assert not Place.objects.filter(code="X1").exists()

    def test_a_lead_cannot_add_a_place_unit_or_cost_key_to_another_organisations_residence(
        self, client, lead, residences
    ):
        _, theirs = residences
        client.force_login(lead)
        crafted = {
            "place": {"unit": theirs.units.get().pk, "code": "X1", "active": "on"},
            "unit": {"residence": theirs.pk, "name": "X", "kind": "ordinary"},
            "costkey": {
                "residence": theirs.pk, "year": 2031, "budget": 1, "fixed_share": 30, "use_share": 70,
            },
        }  # fmt: skip
        for model, data in crafted.items():
            response = client.post(f"/admin/capacity/{model}/add/", data)
            assert response.status_code == 200, model
            assert response.context["adminform"].form.errors, model
        assert not Place.objects.filter(code="X1").exists()
        assert not Unit.objects.filter(name="X").exists()
        assert not CostKey.objects.filter(year=2031).exists()

    def test_a_lead_adds_to_their_own_residence_and_sees_only_its_choices(
        self, client, lead, residences
    ):
        mine, theirs = residences
        client.force_login(lead)
        form = client.get("/admin/capacity/costkey/add/").context["adminform"].form
        assert list(form.fields["residence"].queryset) == [mine]
        place_form = client.get("/admin/capacity/place/add/").context["adminform"].form
        assert set(place_form.fields["unit"].queryset) == set(mine.units.all())
        response = client.post(
            "/admin/capacity/costkey/add/",
            {"residence": mine.pk, "year": 2031, "budget": 1, "fixed_share": 30, "use_share": 70},
        )
        assert response.status_code == 302
        assert CostKey.objects.get(year=2031).residence == mine

    def test_the_save_checks_the_scope_again(self, rf, lead, residences):
        """Whatever a form lets through, the save refuses a row outside the scope."""
        from django.core.exceptions import PermissionDenied

        from capacity.admin import UnitAdmin

        _, theirs = residences
        request = rf.post("/")
        request.user = lead
        with pytest.raises(PermissionDenied):
            UnitAdmin(Unit, admin.site).save_model(
                request, Unit(residence=theirs, name="X"), form=None, change=False
            )

    def test_a_coordinator_cannot_add_a_unit_on_a_residence_inline(
        self, client, coordinator, residences
    ):
        mine, _ = residences
        client.force_login(staff(coordinator))
        # Not the residence's staff: the residence admin is not theirs at all.
        assert client.get(f"/admin/capacity/residence/{mine.pk}/change/").status_code == 404


class TestAccessLogList:
    def test_staff_see_only_entries_about_people_they_may_see(
        self, client, coordinator, outsider, home, elsewhere
    ):
        mine = factories.ServiceUserFactory(home_municipality=home, last_name="Eigenperson")
        theirs = factories.ServiceUserFactory(
            home_municipality=elsewhere, last_name="Framandperson"
        )
        AccessLog.objects.create(user=outsider, service_user=theirs, action="view")
        AccessLog.objects.create(user=coordinator, service_user=mine, action="view")
        client.force_login(staff(coordinator, "bops"))
        response = client.get("/admin/bops/accesslog/")
        assert response.status_code == 200
        rows = list(response.context["cl"].result_list)
        assert [r.service_user_id for r in rows] == [mine.pk]
        assert "Framandperson" not in response.content.decode()


class TestTokens:
    def test_token_keys_are_not_in_admin(self, client, admin_user, coordinator):
        instance, key = AuthToken.objects.create(user=coordinator)
        assert AuthToken not in admin.site._registry
        client.force_login(admin_user)
        assert client.get("/admin/knox/authtoken/").status_code == 404
        page = client.get(f"/admin/auth/user/{coordinator.pk}/change/").content.decode()
        assert instance.digest not in page and key not in page


class TestNoHardDelete:
    def test_the_superuser_cannot_delete_a_person_in_admin(self, client, admin_user, service_user):
        client.force_login(admin_user)
        url = f"/admin/municipalities/serviceuser/{service_user.pk}/delete/"
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        response = client.post(
            "/admin/municipalities/serviceuser/",
            {"action": "delete_selected", "_selected_action": [service_user.pk], "post": "yes"},
        )
        assert response.status_code in (200, 302)
        assert ServiceUser.objects.filter(pk=service_user.pk).exists()

    def test_the_bulk_delete_is_not_offered(self, client, admin_user, service_user):
        client.force_login(admin_user)
        page = client.get("/admin/municipalities/serviceuser/").content.decode()
        assert 'value="delete_selected"' not in page
        assert 'value="anonymise"' in page

    def test_the_model_and_queryset_refuse(self, service_user):
        with pytest.raises(NotAllowed):
            service_user.delete()
        with pytest.raises(NotAllowed):
            ServiceUser.objects.filter(pk=service_user.pk).delete()
        assert ServiceUser.objects.filter(pk=service_user.pk).exists()


class TestAnonymiseInAdmin:
    def test_the_action_asks_first_then_anonymises(self, client, admin_user, service_user):
        client.force_login(admin_user)
        data = {"action": "anonymise", "_selected_action": [service_user.pk]}
        response = client.post("/admin/municipalities/serviceuser/", data)
        assert response.status_code == 200
        assert service_user.last_name in response.content.decode()
        service_user.refresh_from_db()
        assert not service_user.is_anonymised
        response = client.post("/admin/municipalities/serviceuser/", {**data, "confirm": "yes"})
        assert response.status_code == 302
        service_user.refresh_from_db()
        assert service_user.is_anonymised

    def test_an_outsider_anonymises_nobody(self, client, outsider, service_user):
        client.force_login(staff(outsider))
        data = {"action": "anonymise", "_selected_action": [service_user.pk], "confirm": "yes"}
        client.post("/admin/municipalities/serviceuser/", data)
        service_user.refresh_from_db()
        assert not service_user.is_anonymised

    def test_a_refusal_is_a_message_not_an_error(self, client, admin_user, service_user):
        factories.PrivatePurchaseFactory(service_user=service_user)  # ongoing: blocks
        client.force_login(admin_user)
        data = {"action": "anonymise", "_selected_action": [service_user.pk], "confirm": "yes"}
        response = client.post("/admin/municipalities/serviceuser/", data, follow=True)
        assert response.status_code == 200
        service_user.refresh_from_db()
        assert not service_user.is_anonymised


class TestAccessLogOnEveryPageNamingAPerson:
    @pytest.mark.parametrize("page", ["change", "delete", "history"])
    def test_the_page_writes_the_access_log(self, client, coordinator, service_user, page):
        consent = factories.ConsentFactory(service_user=service_user)
        client.force_login(staff(coordinator))
        response = client.get(f"/admin/municipalities/consent/{consent.pk}/{page}/")
        assert response.status_code == 200
        assert AccessLog.objects.filter(
            user=coordinator, service_user=service_user, action=AccessLog.Action.ADMIN_VIEW
        ).exists()

    def test_the_persons_history_page_writes_the_access_log(self, client, admin_user, service_user):
        client.force_login(admin_user)
        response = client.get(f"/admin/municipalities/serviceuser/{service_user.pk}/history/")
        assert response.status_code == 200
        assert AccessLog.objects.filter(
            service_user=service_user, action=AccessLog.Action.ADMIN_VIEW
        ).exists()


class TestNoticesAndRecommendations:
    @pytest.fixture
    def notice(self, home, coordinator, service_user):
        dps = factories.dps_for(home, name="DPS Indre Sogn")
        clinician = factories.member_of(dps, role=Membership.Role.INTAKE, username="klinikar")
        return Notice.send(by=clinician, service_user=service_user, kind="admitted")

    def test_registered_and_scoped(self, client, notice, coordinator, outsider):
        from referrals.recommendations import Recommendation

        assert Notice in admin.site._registry and Recommendation in admin.site._registry
        client.force_login(staff(outsider))
        assert client.get(f"/admin/referrals/notice/{notice.pk}/change/").status_code == 404
        assert notice not in client.get("/admin/referrals/notice/").context["cl"].result_list
        client.force_login(staff(coordinator))
        assert client.get(f"/admin/referrals/notice/{notice.pk}/change/").status_code == 200

    def test_acknowledged_only_by_the_receiving_service(
        self, client, notice, coordinator, reader, outsider
    ):
        data = {"action": "acknowledge_notices", "_selected_action": [notice.pk]}
        for refused in (staff(reader), staff(outsider)):
            client.force_login(refused)
            client.post("/admin/referrals/notice/", data)
            notice.refresh_from_db()
            assert notice.acknowledged_at is None
        client.force_login(staff(coordinator))
        client.post("/admin/referrals/notice/", data)
        notice.refresh_from_db()
        assert notice.acknowledged_by == coordinator


class TestSuperuserOnlyRegisters:
    def test_staff_with_every_permission_cannot_make_themselves_superuser(
        self, client, coordinator
    ):
        client.force_login(staff(coordinator))
        response = client.get(f"/admin/auth/user/{coordinator.pk}/change/")
        assert response.status_code in (200, 403)
        if response.status_code == 200:
            assert response.context["has_change_permission"] is False
        client.post(
            f"/admin/auth/user/{coordinator.pk}/change/",
            {"username": coordinator.username, "is_superuser": "on", "is_staff": "on"},
        )
        coordinator.refresh_from_db()
        assert not coordinator.is_superuser


# --- the council's referrals, migrated away -----------------------------------


class TestCouncilReferralsMigratedAway:
    @pytest.fixture
    def council(self):
        return factories.OrganisationFactory(name="Sogn regionråd", kind=Organisation.Kind.COUNCIL)

    def test_open_referrals_with_the_council_are_withdrawn_with_a_reason(
        self, council, coordinator, home_service, service_user
    ):
        migration = importlib.import_module(
            "referrals.migrations.0015_close_referrals_with_the_council"
        )
        # From before the rule: written past the model's checks.
        to_council = Referral.objects.create(
            service_user=service_user, sender=home_service, receiver=council,
            status="sent", reason="x",
        )  # fmt: skip
        from_council = Referral.objects.create(
            service_user=service_user, sender=council, receiver=home_service,
            status="draft", reason="x", kind="advice",
        )  # fmt: skip
        closed = Referral.objects.create(
            service_user=service_user, sender=home_service, receiver=council,
            status="rejected", reason="x", kind="treatment",
        )  # fmt: skip
        assert migration.close_council_referrals(apps) == 2
        for referral in (to_council, from_council):
            referral.refresh_from_db()
            assert referral.status == "withdrawn"
            assert referral.withdrawal_reason == "other"
            event = referral.events.order_by("pk").last()
            assert event.to_status == "withdrawn" and "regionrådet" in event.note
        closed.refresh_from_db()
        assert closed.status == "rejected"
        assert migration.close_council_referrals(apps) == 0

    def test_a_council_reader_never_sees_a_referral_addressed_to_the_council(
        self, client, council, home_service, service_user
    ):
        reader = factories.member_of(council, role=Membership.Role.COUNCIL_READER, username="rad")
        referral = Referral.objects.create(
            service_user=service_user, sender=home_service, receiver=council,
            status="rejected", reason="x",
        )  # fmt: skip
        assert not Referral.objects.for_user(reader).exists()
        assert not ServiceUser.objects.for_user(reader).exists()
        client.force_login(reader)
        assert client.get(f"/referrals/{referral.pk}/").status_code == 404
        assert client.get(f"/api/v1/referrals/{referral.pk}/").status_code == 404
        assert client.get(f"/service-users/{service_user.pk}/").status_code == 404


class TestCatalogueAdmin:
    def test_the_administrator_adds_a_measure_with_every_field(self, client, admin_user, home):
        from catalogue.models import Measure

        dps = factories.dps_for(home, name="DPS Indre Sogn")
        client.force_login(admin_user)
        form = client.get("/admin/catalogue/measure/add/").context["adminform"].form
        assert {"provider", "name", "kind", "domains"} <= set(form.fields)
        response = client.post(
            "/admin/catalogue/measure/add/",
            {
                "provider": dps.pk,
                "name": "FACT Sogn",
                "kind": Measure.Kind.FACT_TEAM,
                "municipalities": [home.pk],
                "active": "on",
            },
        )
        assert response.context is None or not response.context["adminform"].form.errors
        assert Measure.objects.filter(name="FACT Sogn", provider=dps).exists()

    def test_staff_cannot_add_one(self, client, coordinator, home):
        from catalogue.models import Measure

        dps = factories.dps_for(home, name="DPS Indre Sogn")
        client.force_login(staff(coordinator))
        response = client.post(
            "/admin/catalogue/measure/add/",
            {"provider": dps.pk, "name": "FACT Sogn", "kind": Measure.Kind.FACT_TEAM},
        )
        assert response.status_code in (200, 403)
        assert not Measure.objects.filter(name="FACT Sogn").exists()


class TestPlanOwnerLoginGoesOnlyToABareAccount:
    """A plan-owner login lets its account read the plan: staff may give it
    to a bare account, never to a colleague's account."""

    def test_a_colleagues_account_is_refused_and_a_bare_one_accepted(
        self, client, coordinator, outsider, service_user
    ):
        from municipalities.models import PlanOwnerLogin
        from tests.plans.factories import PlanFactory

        plan = PlanFactory(service_user=service_user, coordinator=coordinator)
        client.force_login(staff(coordinator))
        for account in (outsider, factories.UserFactory(username="stab", is_staff=True)):
            response = client.post(
                "/admin/municipalities/planownerlogin/add/",
                {"plan": plan.pk, "user": account.pk, "kind": "owner"},
            )
            assert response.status_code == 200
            assert "user" in response.context["adminform"].form.errors
        assert not PlanOwnerLogin.objects.exists()

        bare = factories.UserFactory(username="eigar")
        response = client.post(
            "/admin/municipalities/planownerlogin/add/",
            {"plan": plan.pk, "user": bare.pk, "kind": "owner"},
        )
        assert response.status_code == 302
        assert PlanOwnerLogin.objects.get().user == bare
