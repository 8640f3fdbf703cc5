"""ORM queries compiled to SQL once per process and run again with new values.

Why: compiling a queryset to SQL is the largest Python cost of a small API
request here (docs/running-at-scale.md, "Throughput"): the user's grants, a
union of three joined selects, took longer to compile than PostgreSQL took
to run it. A query whose shape never changes, only one value in it (the
user's id), is compiled once with a stand-in value, and each run puts the
real value where the stand-in was.

The stand-in is a value no row can have (a negative id). Its placeholders are
found by comparing the compiled parameters with it, so the SQL is Django's
own, quoting and joins included; only the value changes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections

#: The stand-in for "the value of this run": an id no row has.
STAND_IN = -7_000_000_007


class CompiledQuery:
    """`build(STAND_IN)` must return a QuerySet whose SQL depends on the
    value only through its parameters (a filter on an id). `run(value)`
    returns the rows as tuples, as `values_list()` would."""

    def __init__(self, build: Callable[[int], object]):
        self.build = build
        self._compiled: dict[tuple[str, str], tuple[str, list, list[int]]] = {}

    def compiled(self, using: str = "default") -> tuple[str, list, list[int]]:
        """(sql, parameters, positions of the stand-in) for a connection."""
        connection = connections[using]
        key = (using, connection.vendor)
        found = self._compiled.get(key)
        if found is None:
            queryset = self.build(STAND_IN)
            sql, params = queryset.query.get_compiler(using).as_sql()
            params = list(params)
            positions = [i for i, value in enumerate(params) if value == STAND_IN]
            found = (sql, params, positions)
            self._compiled[key] = found
        return found

    def params_for(self, value, using: str = "default") -> list:
        _, params, positions = self.compiled(using)
        params = list(params)
        for i in positions:
            params[i] = value
        return params

    def sql_with_column(self, column_sql: str, using: str = "default") -> tuple[str, list]:
        """The SQL with the stand-in replaced by a column of an outer query
        (e.g. `t."user_id"`), for use as a correlated subquery, and the
        remaining parameters."""
        sql, params, positions = self.compiled(using)
        pieces = sql.split("%s")
        if len(pieces) != len(params) + 1:
            raise ValueError("cannot place the column: the SQL has literal %s")
        out = [pieces[0]]
        kept = []
        for i, piece in enumerate(pieces[1:]):
            if i in positions:
                out.append(column_sql)
            else:
                out.append("%s")
                kept.append(params[i])
            out.append(piece)
        return "".join(out), kept

    def run(self, value, using: str = "default") -> list[tuple]:
        sql, _, _ = self.compiled(using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, self.params_for(value, using))
            return cursor.fetchall()
