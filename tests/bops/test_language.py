"""Nynorsk until the user chooses otherwise; the choice follows the user."""

from django.test import Client
from django.urls import reverse


def test_a_first_visit_from_an_english_browser_is_in_nynorsk(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nn">' in response.content.decode()
    assert "Brukarnamn" in response.content.decode()


def test_the_choice_is_remembered_on_the_profile_and_follows_to_another_device(coordinator):
    phone, desktop = Client(), Client()
    phone.force_login(coordinator)
    phone.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert '<html lang="nb">' in phone.get(reverse("home")).content.decode()

    desktop.post(
        reverse("login"), {"username": coordinator.username, "password": "demo-password-1"}
    )
    body = desktop.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nb">' in body


def test_a_user_without_a_choice_gets_nynorsk_whatever_the_browser_says(client, coordinator):
    client.force_login(coordinator)
    body = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nn">' in body
