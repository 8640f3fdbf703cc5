"""Exact row counts of every table (PostgreSQL), to compare a restored backup
with its source. Plain SQL, importable without Django set up (the drill
script runs it through psql)."""

from __future__ import annotations

COUNT_ALL_TABLES_SQL = """
SELECT c.relname,
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                           false, true, '')))[1]::text::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'
ORDER BY c.relname
"""


def row_counts(cursor) -> dict[str, int]:
    """Exact row count of every table in the public schema (PostgreSQL)."""
    cursor.execute(COUNT_ALL_TABLES_SQL)
    return dict(cursor.fetchall())
