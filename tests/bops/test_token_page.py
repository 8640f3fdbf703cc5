"""/security/tokens/: a user sees and ends their own API tokens, never
anyone else's, and never a whole key."""

import pytest
from django.urls import reverse
from knox.models import AuthToken

from bops.security import tokens

pytestmark = pytest.mark.django_db
URL = reverse("security:tokens")


def test_the_page_lists_my_tokens_by_their_beginning_only(client, coordinator, reader):
    _, mine = tokens.issue_token(coordinator)
    _, theirs = tokens.issue_token(reader)
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert mine[:8] in page
    assert mine not in page
    assert theirs[:8] not in page


def test_i_end_one_token_and_keep_the_other(client, coordinator):
    first, _ = tokens.issue_token(coordinator)
    second, _ = tokens.issue_token(coordinator)
    client.force_login(coordinator)
    response = client.post(URL, {"key": first.token_key}, follow=True)
    assert "Tokenet er avslutta" in response.content.decode()
    assert list(AuthToken.objects.filter(user=coordinator)) == [second]


def test_i_cannot_end_someone_elses_token(client, coordinator, reader):
    theirs, _ = tokens.issue_token(reader)
    client.force_login(coordinator)
    response = client.post(URL, {"key": theirs.token_key}, follow=True)
    assert response.status_code == 200
    assert AuthToken.objects.filter(pk=theirs.pk).exists()


def test_i_end_all_my_tokens_at_once(client, coordinator, reader):
    tokens.issue_token(coordinator)
    tokens.issue_token(coordinator)
    tokens.issue_token(reader)
    client.force_login(coordinator)
    client.post(URL, {"all": "1"})
    assert not AuthToken.objects.filter(user=coordinator).exists()
    assert AuthToken.objects.filter(user=reader).exists()


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
