"""API tokens that die (django-rest-knox).

Knox stores only a SHA-512 digest of each token, so reading the database
gives no working key, and every token carries an expiry (`REST_KNOX
["TOKEN_TTL"]`, a working day by default). This module holds the rules on
top: a password change, a deactivation or a lockout ends all of a user's
tokens, and a user lists and revokes only their own.

The receivers below are connected by importing this module in
`BopsConfig.ready()`. They watch the user row itself (`pre_save`), so every
way of changing a password -- the password page, admin, `changepassword`,
`set_password()` in code -- is covered; only a bulk `QuerySet.update()`
bypasses them, and BOPS has none on users.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth as knox_auth
from knox.models import AuthToken
from knox.signals import token_expired


def live_tokens(user):
    """The user's tokens that still work, newest first."""
    now = timezone.now()
    return (
        AuthToken.objects.filter(user=user)
        .filter(Q(expiry__gt=now) | Q(expiry__isnull=True))
        .order_by("-created")
    )


def issue_token(user) -> tuple[AuthToken, str]:
    """A new token for `user` with the configured lifetime; the key itself is
    returned once and never stored. The user's expired tokens go now (knox
    swept them on every request; see TokenAuthentication)."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    return AuthToken.objects.create(user=user)


class TokenAuthentication(knox_auth.TokenAuthentication):
    """Knox's token check in one statement. Knox read every token of the
    user on every request to delete the expired ones (a second statement,
    and one that grows with the user's tokens); here only the token presented
    is checked: expired, it is deleted and refused. The rest of the user's
    expired tokens are deleted when a new one is issued (`issue_token`);
    they never authenticate in the meantime."""

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            token_expired.send(
                sender=self.__class__,
                username=auth_token.user.get_username(),
                source="auth_token",
            )
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """The API docs describe this authentication as knox's (same scheme name)."""

    target_class = "bops.security.tokens.TokenAuthentication"


def revoke_all(user) -> int:
    """End every token of `user`; returns how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


def revoke_own(user, token_key: str) -> bool:
    """End one of the user's own tokens, named by its public key prefix.
    Another user's token is never found (the caller answers 404)."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted > 0


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def end_tokens_on_password_change_or_deactivation(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. the last_login stamp at every login
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password or (before["is_active"] and not instance.is_active):
        # Within the save's transaction when there is one: a failed save
        # keeps the tokens.
        AuthToken.objects.filter(user_id=instance.pk).delete()


@receiver(user_locked_out)
def end_tokens_on_lockout(sender, request=None, username=None, **kwargs):
    if not username:
        return
    User = get_user_model()
    with transaction.atomic():
        AuthToken.objects.filter(**{f"user__{User.USERNAME_FIELD}": username}).delete()
