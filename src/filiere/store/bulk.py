"""Fast appends of many rows inside the caller's transaction: the one place that knows each engine's path.

SQLite takes executemany on the driver cursor in batches; PostgreSQL takes COPY. Both are an order of
magnitude faster than one INSERT statement per row through the ORM layer, which matters for CDR files of
millions of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from sqlalchemy import Connection, Table

from filiere.store.database import is_sqlite

BATCH = 20_000


def batched(rows: Iterable[tuple], size: int = BATCH) -> Iterator[list[tuple]]:
    """Lists of at most `size` rows (itertools.batched needs Python 3.12)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_insert(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple],
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Insert `rows` (tuples in `columns` order); returns how many; calls `on_batch(n)` as it goes."""
    return bulk_insert_batches(conn, table, columns, batched(rows), on_batch)


def bulk_insert_batches(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    batches: Iterable[list[tuple]],
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Like bulk_insert, for rows that already come in lists (e.g. from a parsing worker process)."""
    driver = conn.connection.driver_connection
    names = ", ".join(columns)
    total = 0
    if is_sqlite(conn):
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
        cursor = driver.cursor()
        try:
            for batch in batches:
                cursor.executemany(sql, batch)
                total += len(batch)
                if on_batch:
                    on_batch(len(batch))
        finally:
            cursor.close()
        return total
    with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for batch in batches:
            for row in batch:
                copy.write_row(row)
            total += len(batch)
            if on_batch:
                on_batch(len(batch))
    return total
