"""Backups restore: a seeded database dumped with pg_dump -Fc and restored with
pg_restore into a new database has the same number of rows in every table.
(scripts/backup-restore-drill does the same from a fresh migrate, in CI.)"""

import os
import shutil
import subprocess

import psycopg2
import pytest
from django.db import connection

from scale.backup import row_counts, seed_drill_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump not installed"),
]


def libpq_env(settings_dict) -> dict:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


@pytest.fixture
def scratch_database(transactional_db):
    name = f"{connection.settings_dict['NAME']}_restored"[:63]
    admin = connection.settings_dict.copy()

    def run(sql):
        conn = psycopg2.connect(
            dbname="postgres",
            host=admin["HOST"] or None,
            port=admin["PORT"] or None,
            user=admin["USER"] or None,
            password=admin["PASSWORD"] or None,
        )
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
        conn.close()

    run(f'DROP DATABASE IF EXISTS "{name}"')
    run(f'CREATE DATABASE "{name}"')
    yield name
    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_has_the_same_rows_in_every_table(scratch_database, tmp_path):
    seed_drill_data(people=8)
    source = connection.settings_dict
    env = libpq_env(source)
    dump = tmp_path / "bops.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source["NAME"]],
        env=env,
        check=True,
        timeout=120,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={scratch_database}", dump],
        env=env,
        check=True,
        timeout=120,
    )

    with connection.cursor() as cursor:
        before = row_counts(cursor)
    restored = psycopg2.connect(
        dbname=scratch_database,
        host=source["HOST"] or None,
        port=source["PORT"] or None,
        user=source["USER"] or None,
        password=source["PASSWORD"] or None,
    )
    try:
        with restored.cursor() as cursor:
            after = row_counts(cursor)
            # The access log's append-only trigger came back with the data.
            with pytest.raises(psycopg2.Error, match="append-only"):
                cursor.execute("DELETE FROM bops_accesslog")
    finally:
        restored.close()

    assert after == before
    assert before["municipalities_serviceuser"] == 8
    assert before["bops_accesslog"] == 8
    assert before["referrals_referralevent"] == 8
    assert "django_migrations" in before
