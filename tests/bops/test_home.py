"""The dashboard at / and the login, logout and password-change pages."""

import pytest
from django.urls import reverse

from tests import factories


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_login_page_is_in_nynorsk_by_default(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="nn">' in html
    assert "Logg inn" in html
    assert html.count("<h1") == 1


def test_a_coordinator_lands_on_the_dashboard_after_login(client, coordinator):
    response = client.post(
        reverse("login"), {"username": "koordinator", "password": "demo-password-1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Lærdal" in response.content.decode()
    assert b'id="coordinator-title"' in response.content


def test_a_wrong_password_shows_an_error_and_keeps_the_user_name(client, coordinator):
    response = client.post(reverse("login"), {"username": "koordinator", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="koordinator"' in html
    assert 'role="alert"' in html


def test_the_coordinator_dashboard_counts_the_municipality_service_users(
    client, coordinator, home, elsewhere
):
    factories.ServiceUserFactory(home_municipality=home, coordinator=coordinator, first_name="Mi")
    factories.ServiceUserFactory(home_municipality=home)
    factories.ServiceUserFactory(home_municipality=elsewhere, first_name="Skjult")
    client.force_login(coordinator)
    response = client.get("/")
    assert response.context["service_user_counts"] == {"total": 2, "mine": 1, "without_plan": 2}
    assert "Mi Syntetisk" in response.content.decode()
    assert "Skjult" not in response.content.decode()


def test_the_coordinator_dashboard_shows_where_referrals_will_come(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    for slot in ["slot-referrals-title", "slot-applications-title", "slot-returns-title"]:
        assert f'id="{slot}"' in html


def test_a_read_only_coordinator_gets_no_new_service_user_button(client, reader):
    client.force_login(reader)
    response = client.get("/")
    assert response.context["can_add_service_user"] is False
    assert reverse("municipalities:serviceuser_create") not in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "role", "title"),
    [
        ("dps", "intake", "intake-title"),
        ("residence", "residence_lead", "residence-title"),
        ("council", "council_reader", "council-title"),
    ],
)
def test_other_roles_land_on_their_own_dashboard(client, db, kind, role, title):
    organisation = factories.OrganisationFactory(kind=kind)
    user = factories.member_of(organisation, role=role)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert f'id="{title}"' in html
    assert 'id="coordinator-title"' not in html


def test_a_user_without_membership_gets_a_friendly_explanation(client, db):
    client.force_login(factories.UserFactory())
    response = client.get("/")
    assert response.status_code == 200
    assert 'id="no-membership-title"' in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_every_page_has_a_language_switcher_posting_to_set_language(client, coordinator):
    client.force_login(coordinator)
    for url in ["/", reverse("login"), reverse("password_change")]:
        html = client.get(url).content.decode()
        assert f'action="{reverse("set_language")}"' in html
        for code in ["nn", "nb", "en"]:
            assert f'name="language" value="{code}"' in html


def test_switching_language_changes_the_page(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Overview" in html
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert "Oversikt" in client.get("/").content.decode()


def test_a_user_can_change_the_password(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "demo-password-1",
            "new_password1": "a-much-longer-passphrase-42",
            "new_password2": "a-much-longer-passphrase-42",
        },
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("a-much-longer-passphrase-42")


def test_a_wrong_current_password_is_shown_next_to_the_field(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "x" * 20, "new_password2": "x" * 20},
    )
    html = response.content.decode()
    assert 'id="id_old_password_error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("rows", [2, 20])
def test_the_dashboard_query_count_does_not_grow_with_rows(
    client, coordinator, home, rows, django_assert_max_num_queries
):
    factories.ServiceUserFactory.create_batch(rows, home_municipality=home, coordinator=coordinator)
    client.force_login(coordinator)
    # +6: the referral panels (the visit as one upsert; new decisions, counts,
    # returns, and overdue with due soon in one query) and the access log;
    # +1: the residence applications of my municipality (their expected waits in
    # one more query when any is open); +2: overdue plan evaluations and my
    # overdue action items; +1: agreements to review; +1: notices to acknowledge.
    with django_assert_max_num_queries(17):
        assert client.get("/").status_code == 200


def test_an_administrator_without_membership_gets_links_to_admin(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert 'id="administrator-title"' in html
    assert reverse("admin:index") in html
