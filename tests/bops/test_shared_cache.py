"""The API rate limits count in Django's default cache. With BOPS_CACHE_URL
(or REDIS_URL) that cache is Redis, so every server process counts into the
same number; without, each process counts in its own memory."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("BOPS_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
TOKEN_URL = "/api/v1/auth/token/"
RATES = {"user": "100000/minute", "write": "100000/minute", "token": "3/minute"}


def _default_cache_of_settings(**env) -> dict:
    """The default cache bops.settings configures in a fresh process."""
    clean = {k: v for k, v in os.environ.items() if k not in ("BOPS_CACHE_URL", "REDIS_URL")}
    out = subprocess.run(
        [sys.executable, "-c",
         "import json, django; from django.conf import settings; django.setup(); "
         "print(json.dumps(settings.CACHES['default']))"],
        cwd=ROOT, check=True, capture_output=True, text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "bops.settings", "SECRET_KEY": "x", **env},
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_settings_use_redis_when_a_cache_url_is_set_and_memory_otherwise():
    assert _default_cache_of_settings()["BACKEND"].endswith("LocMemCache")
    for name in ("REDIS_URL", "BOPS_CACHE_URL"):
        default = _default_cache_of_settings(**{name: "redis://127.0.0.1:6379/1"})
        assert default["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert default["LOCATION"] == "redis://127.0.0.1:6379/1"


@pytest.fixture
def shared_cache(settings):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        reason = f"needs Redis at {REDIS_URL} ({type(exc).__name__})"
        if os.environ.get("BOPS_REQUIRE_REDIS"):
            pytest.fail(reason)
        pytest.skip(reason)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bops-test",
        }
    }
    settings.BOPS_API_RATES = RATES
    cache.clear()
    yield
    cache.clear()


def _tries_in_another_process(count: int) -> list[int]:
    """`count` wrong passwords at the token endpoint from another Python
    process (the test settings, the same Redis and test database)."""
    db = connection.settings_dict
    script = (
        "import django, json; django.setup()\n"
        "from django.test import override_settings\n"
        "from rest_framework.test import APIClient\n"
        f"with override_settings(BOPS_API_RATES={RATES!r}):\n"
        "    client = APIClient()\n"
        f"    codes = [client.post('{TOKEN_URL}', {{'username': 'nobody', 'password': 'x'}})"
        f".status_code for _ in range({count})]\n"
        "print(json.dumps(codes))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bops.settings_test",
        "BOPS_TEST_CACHE_URL": REDIS_URL,
        "ALLOWED_HOSTS": "testserver",  # what pytest-django allows in this process
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@"
        f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.postgres
def test_two_processes_count_into_the_same_token_limit(shared_cache, transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the second process shares the test database")
    client = APIClient()
    first = client.post(TOKEN_URL, {"username": "nobody", "password": "x"})
    assert first.status_code == 400
    # Two more tries from another process: the limit of three is reached there...
    assert _tries_in_another_process(2) == [400, 400]
    # ... and holds here: this process counted one itself, the shared count is three.
    assert client.post(TOKEN_URL, {"username": "nobody", "password": "x"}).status_code == 429
