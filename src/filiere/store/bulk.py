"""Fast appends of many rows inside the caller's transaction: the one place that knows each engine's path.

SQLite takes executemany on the driver cursor in batches; PostgreSQL takes COPY. Both are an order of
magnitude faster than one INSERT statement per row through the ORM layer, which matters for CDR files of
millions of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import batched

from sqlalchemy import Connection, Table

from filiere.store.database import is_sqlite

BATCH = 20_000


def bulk_insert(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple],
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Insert `rows` (tuples in `columns` order); returns how many; calls `on_batch(n)` as it goes."""
    driver = conn.connection.driver_connection
    names = ", ".join(columns)
    total = 0
    if is_sqlite(conn):
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
        cursor = driver.cursor()
        for batch in batched(rows, BATCH):
            cursor.executemany(sql, batch)
            total += len(batch)
            if on_batch:
                on_batch(len(batch))
        cursor.close()
        return total
    with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        pending = 0
        for row in rows:
            copy.write_row(row)
            pending += 1
            if pending == BATCH:
                total += pending
                if on_batch:
                    on_batch(pending)
                pending = 0
        total += pending
        if on_batch and pending:
            on_batch(pending)
    return total
