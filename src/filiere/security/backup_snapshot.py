"""Dump every table of a workspace from one consistent read snapshot, checking the audit chain on the way.

Tables are found by reflection (so tables added by later migrations are backed up without a code change),
minus Alembic's bookkeeping, the full-text indexes (rebuilt on restore) and the web sessions. Each dump is
a JSON-lines file in primary-key order (see backup_format), hashed and counted as it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, MetaData, Table, select

from filiere.i18n import _
from filiere.security.backup_format import (
    SKIPPED_TABLES,
    BackupError,
    encode_row,
    portable_type,
    table_member,
)
from filiere.store import audit
from filiere.store.database import is_sqlite
from filiere.store.tables import FULL_TEXT_INDEXES
from filiere.workspace import Workspace

BATCH = 5000
MAX_PROBLEMS = 100


class Progress:
    """What backup and restore tell a progress display; the CLI plugs rich in, tests plug nothing."""

    def phase(self, label: str, total: int | None = None) -> None: ...
    def advance(self, amount: int = 1) -> None: ...


@dataclass
class Snapshot:
    revision: str
    tables: list[dict[str, Any]]  # manifest entries, in foreign-key order
    files: dict[str, Path]
    head: dict[str, Any] | None  # newest audit row of the snapshot: {"id", "row_hash"}
    audit_rows: int
    anchor: dict[str, Any] | None  # audit-head.json as read just before the snapshot
    referenced: set[str] = field(default_factory=set)  # SHA-256 of every original an evidence row names
    problems: list[str] = field(default_factory=list)


def backed_up(name: str) -> bool:
    return (
        name not in SKIPPED_TABLES
        and not name.startswith(FULL_TEXT_INDEXES)
        and not name.startswith("sqlite_")
    )


def tables_in_order(conn: Connection) -> list[Table]:
    """The workspace's tables that a backup holds, parents before children."""
    reflected = MetaData()
    reflected.reflect(conn)
    return [t for t in reflected.sorted_tables if backed_up(t.name)]


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction that sees one instant of the database."""
    with engine.connect() as conn:
        if not is_sqlite(conn):
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn


def refuse_if_broken(problems: list[str], allow_broken: bool) -> None:
    if problems and not allow_broken:
        listed = "\n".join(f"  • {p}" for p in problems[:10])
        raise BackupError(
            _(
                "The workspace failed its integrity check, so no backup was written:\n{problems}\n"
                "Run `filiere audit verify` for details; `--allow-broken` backs it up as it is "
                "(the manifest then records the problems)."
            ).format(problems=listed)
        )


class _ChainCheck:
    """Recomputes the hash chain row by row, as audit.check_chain does, on the snapshot's rows."""

    def __init__(self, anchor: tuple[int, str] | None):
        self.anchor = anchor
        self.prev, self.next_id, self.rows = audit.GENESIS, 1, 0
        self.last: dict[str, Any] | None = None
        self.problems: list[str] = []

    def __call__(self, row: dict[str, Any]) -> None:
        self.rows += 1
        where = _("audit row {id}").format(id=row["id"])
        if row["id"] != self.next_id:
            self._note(
                _("audit rows {first} to {last} were deleted").format(first=self.next_id, last=row["id"] - 1)
            )
        if row["prev_hash"] != self.prev:
            self._note(f"{where}: " + _("does not follow the row before it"))
        if audit.row_hash(row) != row["row_hash"]:
            self._note(f"{where}: " + _("its content was changed after it was written"))
        if self.anchor and row["id"] == self.anchor[0] and row["row_hash"] != self.anchor[1]:
            self._note(f"{where}: " + _("differs from the hash recorded in audit-head.json"))
        self.prev, self.next_id = row["row_hash"], row["id"] + 1
        self.last = {"id": row["id"], "row_hash": row["row_hash"]}

    def finish(self) -> None:
        if self.anchor and (self.last is None or self.last["id"] < self.anchor[0]):
            self._note(
                _(
                    "audit row {id}: recorded in audit-head.json but missing: rows were deleted from the end"
                ).format(id=self.anchor[0])
            )

    def _note(self, problem: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def dump_table(
    conn: Connection,
    table: Table,
    out: Path,
    progress: Progress,
    on_row: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Write `table` as JSON lines in primary-key order; returns its manifest entry."""
    import hashlib

    names = [c.name for c in table.columns]
    kinds = [portable_type(c.type) for c in table.columns]
    order = list(table.primary_key.columns) or list(table.columns)
    query = select(table).order_by(*order).execution_options(yield_per=BATCH)
    digest, rows, size = hashlib.sha256(), 0, 0
    with open(out, "wb") as handle:
        for row in conn.execute(query):
            if on_row:
                on_row(dict(row._mapping))
            line = encode_row(kinds, row)
            digest.update(line)
            handle.write(line)
            rows += 1
            size += len(line)
            if rows % BATCH == 0:
                progress.advance(BATCH)
    progress.advance(rows % BATCH)
    return {
        "name": table.name,
        "member": table_member(table.name),
        "columns": [{"name": n, "type": k} for n, k in zip(names, kinds, strict=True)],
        "rows": rows,
        "bytes": size,
        "sha256": digest.hexdigest(),
    }


def take_snapshot(ws: Workspace, work: Path, allow_broken: bool, progress: Progress) -> Snapshot:
    """Dump every table into `work`; the audit log first, so a broken chain stops before the big tables."""
    anchor = ws.anchor.read()  # read before the snapshot starts: it can only be behind the snapshot's head
    chain = _ChainCheck(anchor)
    referenced: set[str] = set()

    def note_evidence(row: dict[str, Any]) -> None:
        referenced.add(row["sha256"])

    with read_snapshot(ws.engine) as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
        if revision is None:
            raise BackupError(_("The workspace has no Filière tables: there is nothing to back up"))
        tables = tables_in_order(conn)
        first = sorted(tables, key=lambda t: t.name != "audit_log")
        progress.phase(_("Reading tables"), None)
        entries: dict[str, dict[str, Any]] = {}
        files: dict[str, Path] = {}
        for table in first:
            files[table.name] = work / f"{table.name}.jsonl"
            hook = {"audit_log": chain, "evidence": note_evidence}.get(table.name)
            entries[table.name] = dump_table(conn, table, files[table.name], progress, hook)
            if table.name == "audit_log":
                chain.finish()
                refuse_if_broken(chain.problems, allow_broken)
    return Snapshot(
        revision=revision,
        tables=[entries[t.name] for t in tables],
        files=files,
        head=chain.last,
        audit_rows=chain.rows,
        anchor={"id": anchor[0], "row_hash": anchor[1]} if anchor else None,
        referenced=referenced,
        problems=list(chain.problems),
    )
