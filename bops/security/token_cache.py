"""A checked API token and its grants, kept for a few seconds in the cache.

Why: an integration that polls the inbox sends the same token many times a
second, and each request began with a statement that read the token, its
user and the user's grants (bops/security/tokens.py), a tenth of the
request's cost (docs/running-at-scale.md, "Throughput"). The answer changes
only when the token, the user or the memberships change, so it is kept in
Django's default cache for `BOPS_API_TOKEN_CACHE_SECONDS` (10 by default,
0 turns the cache off).

What stays exact:
- the token's expiry is checked on every request against the kept expiry;
- a deleted token (logout, revoke, password change, deactivation, lockout:
  every way BOPS ends a token deletes its row) is dropped from the cache by
  a `post_delete` receiver, so it is refused at once;
- a change of any membership, organisation or municipality (the rows the
  grants are made from) makes every kept entry stale: the receivers in
  municipalities call `forget_all_grants()`, which moves a generation
  number that each entry carries.

With several server processes the cache must be shared (Redis, as
BOPS_CACHE_URL sets it) for the two receivers to reach every process; with
a cache of one process's memory, another process may accept a deleted token
or old grants for at most the cache time. A change that bypasses Django's
signals (a raw SQL UPDATE, `QuerySet.update()`) is also seen only when the
entry expires.

The key is the token's SHA-512 digest, as stored in the database: the cache
never holds the token itself.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from knox.models import AuthToken

_GENERATION_KEY = "api-token-grants-generation"


def _seconds() -> float:
    return float(getattr(settings, "BOPS_API_TOKEN_CACHE_SECONDS", 0) or 0)


def _key(digest: str) -> str:
    return f"api-token:{digest}"


def _fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def generation():
    """The current generation of grants; made when the cache has none
    (first use, or evicted), so an entry never matches a lost number."""
    value = cache.get(_GENERATION_KEY)
    if value is None:
        cache.add(_GENERATION_KEY, time.time_ns(), None)
        value = cache.get(_GENERATION_KEY)
    return value


def remember(digest: str, auth_token, rows, generation) -> None:
    """Keep a token that was just checked against the database, with its
    user and grant rows, as plain values (no pickled model instances).
    `generation` must have been read before the database was: a change
    between the two then leaves the entry stale, never wrong."""
    seconds = _seconds()
    if not seconds or generation is None:
        return
    user = auth_token.user
    entry = (
        tuple(getattr(auth_token, name) for name in _fields(AuthToken)),
        tuple(getattr(user, name) for name in _fields(get_user_model())),
        [list(row) for row in rows],
        generation,
    )
    cache.set(_key(digest), entry, seconds)


def recall(digest: str):
    """((AuthToken with its user, grant rows) or None, generation): the
    entry kept for this digest if its grants are still current, and the
    generation to keep a new entry under."""
    if not _seconds():
        return None, None
    found = cache.get_many([_key(digest), _GENERATION_KEY])
    current = found.get(_GENERATION_KEY)
    if current is None:
        return None, generation()
    entry = found.get(_key(digest))
    if entry is None or entry[3] != current:
        return None, current
    token_values, user_values, rows, _ = entry
    return (token_with_user(token_values, user_values), rows), current


def token_with_user(token_values, user_values):
    """An AuthToken with its user, from the values of their concrete fields
    in field order (a kept entry, or a row of the token statement)."""
    User = get_user_model()
    auth_token = AuthToken.from_db(connection.alias, _fields(AuthToken), token_values)
    user = User.from_db(connection.alias, _fields(User), user_values)
    AuthToken._meta.get_field("user").set_cached_value(auth_token, user)
    return auth_token


def forget(digest: str) -> None:
    cache.delete(_key(digest))


def forget_all_grants(**kwargs) -> None:
    """Every kept entry is stale (a signal receiver: takes its arguments)."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # not in the cache (first use, or evicted): a new number
        cache.set(_GENERATION_KEY, time.time_ns(), None)
