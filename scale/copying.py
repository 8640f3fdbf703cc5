"""Bulk loading with PostgreSQL COPY, and a plain progress bar.

COPY ... FROM STDIN in CSV form is an order of magnitude faster than
INSERTs: the generator streams rows in chunks through an in-memory buffer.
NULL is written as \\N, so an unquoted empty field stays an empty string
(the blank text fields are NOT NULL).
"""

from __future__ import annotations

import csv
import io
import sys
import time
from collections.abc import Iterable, Sequence

NULL = r"\N"
CHUNK = 50_000


class Progress:
    """A one-line progress bar on a stream (no dependency needed)."""

    def __init__(self, label: str, total: int, stream=None, width: int = 30):
        self.label, self.total, self.width = label, max(total, 1), width
        # A management command's OutputWrapper ends every write with a newline;
        # the bar redraws one line, so write to the stream underneath.
        stream = stream or sys.stderr
        self.stream = getattr(stream, "_out", stream)
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last > 0.2 or self.done >= self.total:
            self._last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * self.width)
        self.stream.write(
            f"\r{self.label:<22} [{bar:<{self.width}}] {share:4.0%} "
            f"{self.done:>9,}/{self.total:,} {now - self.started:6.1f}s"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.done < self.total:
            self._draw(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()


def copy_rows(
    cursor,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    progress: Progress | None = None,
) -> int:
    """COPY `rows` into `table` in chunks; returns the number of rows."""
    sql = (
        f"COPY {table} ({', '.join(f'"{c}"' for c in columns)}) "
        f"FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
    )
    count = 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    pending = 0

    def flush():
        nonlocal buffer, writer, pending
        if pending:
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)
            if progress:
                progress.update(pending)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        pending = 0

    for row in rows:
        writer.writerow([NULL if v is None else v for v in row])
        pending += 1
        count += 1
        if pending >= CHUNK:
            flush()
    flush()
    return count


def reset_sequences(cursor, tables: Iterable[str]) -> None:
    """Move each table's id sequence past the ids written explicitly."""
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )


def drop_foreign_keys(cursor, tables: Iterable[str]) -> list[tuple[str, str, str]]:
    """Drop the foreign keys of `tables` for the load; returns what
    `restore_foreign_keys` needs to put them back exactly as they were.

    Django's foreign keys are checked at commit, one query per row and key:
    millions at national scale. Added back after the load, each key is
    checked once for all rows (as pg_restore does), and still by PostgreSQL."""
    cursor.execute(
        """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
           FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
           ORDER BY conrelid::regclass::text, conname""",
        [list(tables)],
    )
    keys = cursor.fetchall()
    # A table with checks still pending (rows deleted by --replace) cannot be
    # altered: run them now, and defer the rest again as before.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, name, _definition in keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return keys


def restore_foreign_keys(cursor, keys: Iterable[tuple[str, str, str]]) -> None:
    """Add the keys back; each checks every row that is there (a violation raises)."""
    for table, name, definition in keys:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
