"""Rows built once for the tests of a module or class (a world, a demo seed
that takes seconds or minutes), each test still starting from them: the rows
are made in a transaction that each test's savepoint (pytest-django's
django_db) rolls back to, and that is rolled back after the last test.

    @pytest.fixture(scope="module")
    def demo(django_db_setup, django_db_blocker):
        with shared_rows(django_db_blocker):
            yield seed()

Every test using it must be marked django_db (so it runs in a savepoint)."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def shared_rows(django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
