"""Load checked table dumps into an empty database, in one transaction, on SQLite or PostgreSQL.

The schema is created by the migrations at the backup's own revision (so the dump's columns are exactly
the tables' columns), rows go in parents first, and a backup from an older Filière is then migrated up to
this code's head inside the same transaction. The law library's full-text index is rebuilt (SQLite FTS5;
PostgreSQL's GIN expression index follows the inserted rows by itself) and PostgreSQL sequences are set
past the restored ids, so the next insert does not collide with a restored row.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Integer, Table, insert, text
from sqlalchemy.exc import DBAPIError

from filiere.i18n import _
from filiere.security.backup_format import BackupError, decode_row
from filiere.security.backup_snapshot import Progress, tables_in_order
from filiere.store.database import MIGRATIONS, head_revision, is_sqlite, writing

BATCH = 2000


def _config(conn: Connection | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(r.revision for r in ScriptDirectory.from_config(_config(None)).walk_revisions())


def schema_at(conn: Connection, revision: str) -> None:
    """Bring an empty database's schema to `revision`, up or (tables being empty) down."""
    current = MigrationContext.configure(conn).get_current_revision()
    if current == revision:
        return
    config = _config(conn)
    below = {r.revision for r in ScriptDirectory.from_config(config).walk_revisions("base", revision)}
    if current is None or current in below:
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


def _flush(conn: Connection, table: Table, rows: list[dict[str, Any]], member: str, first: int) -> None:
    try:
        conn.execute(insert(table), rows)
    except DBAPIError as exc:
        raise BackupError(
            _("{member}, lines {first} to {last}: the database refused these rows: {error}").format(
                member=member, first=first, last=first + len(rows) - 1, error=exc.orig
            )
        ) from exc


def _load_table(conn: Connection, table: Table, entry: dict[str, Any], path: Path, progress: Progress) -> int:
    names = [c["name"] for c in entry["columns"]]
    kinds = [c["type"] for c in entry["columns"]]
    unknown = [n for n in names if n not in table.c]
    if unknown:
        raise BackupError(
            _("{member}: column {column} does not exist in table {table} at this revision").format(
                member=entry["member"], column=unknown[0], table=table.name
            )
        )
    batch: list[dict[str, Any]] = []
    line_no = 0
    with open(path, "rb") as handle:
        for line_no, line in enumerate(handle, 1):
            try:
                batch.append(decode_row(names, kinds, line))
            except (ValueError, TypeError) as exc:
                raise BackupError(
                    _("{member}, line {line}: unreadable row ({error})").format(
                        member=entry["member"], line=line_no, error=exc
                    )
                ) from exc
            if len(batch) >= BATCH:
                _flush(conn, table, batch, entry["member"], line_no - len(batch) + 1)
                progress.advance(len(batch))
                batch = []
    if batch:
        _flush(conn, table, batch, entry["member"], line_no - len(batch) + 1)
        progress.advance(len(batch))
    return line_no


def _rebuild_full_text(conn: Connection) -> None:
    if is_sqlite(conn):
        exists = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'law_fts'").first()
        if exists:
            conn.exec_driver_sql("INSERT INTO law_fts(law_fts) VALUES ('rebuild')")


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: each serial id's sequence continues after the largest restored id."""
    if is_sqlite(conn):
        return  # SQLite gives max(rowid) + 1 by itself
    for table in tables_in_order(conn):
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar_one()
            if sequence:
                conn.execute(
                    text(
                        f'SELECT setval(:s, coalesce((SELECT max("{column.name}") FROM "{table.name}"), 1), '
                        f'(SELECT max("{column.name}") FROM "{table.name}") IS NOT NULL)'
                    ),
                    {"s": sequence},
                )


def load_database(engine: Engine, manifest: dict[str, Any], staging: Path, progress: Progress) -> int:
    """Create the schema and insert every dumped row; returns how many rows were inserted."""
    revision = manifest["alembic_revision"]
    entries = {entry["name"]: entry for entry in manifest["tables"]}
    progress.phase(_("Loading rows"), sum(entry["rows"] for entry in entries.values()))
    total = 0
    with writing(engine) as conn:
        schema_at(conn, revision)
        tables = {t.name: t for t in tables_in_order(conn)}
        missing = sorted(set(entries) - set(tables))
        if missing:
            raise BackupError(
                _("{member}: table {table} does not exist at database revision {revision}").format(
                    member=entries[missing[0]]["member"], table=missing[0], revision=revision
                )
            )
        for name, table in tables.items():
            if name in entries:
                total += _load_table(conn, table, entries[name], staging / entries[name]["member"], progress)
        if revision != head_revision():
            command.upgrade(_config(conn), "head")
        _rebuild_full_text(conn)
        _reset_sequences(conn)
    return total
