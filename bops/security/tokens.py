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

import binascii
from hmac import compare_digest

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth as knox_auth
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions

from bops import access
from bops.security import token_cache


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
    """Knox's token check in one statement, which also reads the user's
    grants (`bops.access.grants`), so an API request needs no statement of
    its own for them. Knox read every token of the
    user on every request to delete the expired ones (a second statement,
    and one that grows with the user's tokens); here only the token presented
    is checked: expired, it is deleted and refused. The rest of the user's
    expired tokens are deleted when a new one is issued (`issue_token`);
    they never authenticate in the meantime."""

    def authenticate_credentials(self, token):
        if connection.vendor != "postgresql":
            return super().authenticate_credentials(token)
        message = _("Invalid token.")
        token = token.decode("utf-8")
        try:
            digest = hash_token(token)
        except (TypeError, binascii.Error) as exc:
            raise exceptions.AuthenticationFailed(message) from exc
        # A token checked a moment ago (bops/security/token_cache.py); its
        # expiry is checked again below.
        kept, generation = token_cache.recall(digest)
        if kept is not None:
            candidates, from_cache = [kept], True
        else:
            candidates, from_cache = _tokens_with_grants(token[: CONSTANTS.TOKEN_KEY_LENGTH]), False
        for auth_token, rows in candidates:
            if self._cleanup_token(auth_token):
                continue
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                user, auth_token = self.validate_user(auth_token)
                access.set_grants(user, rows or [])
                if not from_cache:
                    token_cache.remember(digest, auth_token, rows or [], generation)
                return user, auth_token
        raise exceptions.AuthenticationFailed(message)

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


_token_sql: dict[str, str] = {}


def _token_statement() -> tuple[str, list]:
    """SELECT token, user and the user's grants (a JSON array of rows) by
    the token's public key; the grants are the loader's own compiled query
    with the user id taken from the token row."""
    sql = _token_sql.get(connection.alias)
    grants_sql, grants_params = access.grants_query.sql_with_column('t."user_id"')
    if sql is None:
        User = get_user_model()
        token_columns = ", ".join(f't."{f.column}"' for f in AuthToken._meta.concrete_fields)
        user_columns = ", ".join(f'u."{f.column}"' for f in User._meta.concrete_fields)
        names = ", ".join(f"c{i}" for i in range(len(access.Grant.__dataclass_fields__)))
        sql = (
            f"SELECT {token_columns}, {user_columns}, "
            f"(SELECT json_agg(json_build_array({names})) FROM ({grants_sql}) AS g({names})) "
            f'FROM "{AuthToken._meta.db_table}" t '
            f'JOIN "{User._meta.db_table}" u ON u."{User._meta.pk.column}" = t."user_id" '
            'WHERE t."token_key" = %s'
        )
        _token_sql[connection.alias] = sql
    return sql, grants_params


def _tokens_with_grants(token_key: str):
    """(AuthToken with its user, grant rows) for each token with this key."""
    tokens = len(AuthToken._meta.concrete_fields)
    users = len(get_user_model()._meta.concrete_fields)
    sql, params = _token_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, token_key])
        rows = cursor.fetchall()
    return [
        (token_cache.token_with_user(row[:tokens], row[tokens : tokens + users]), row[-1])
        for row in rows
    ]


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


@receiver(post_delete, sender=AuthToken)
def forget_deleted_token(sender, instance, **kwargs):
    """A deleted token is refused at once, also where it was kept."""
    token_cache.forget(instance.digest)


@receiver(user_locked_out)
def end_tokens_on_lockout(sender, request=None, username=None, **kwargs):
    if not username:
        return
    User = get_user_model()
    with transaction.atomic():
        AuthToken.objects.filter(**{f"user__{User.USERNAME_FIELD}": username}).delete()
