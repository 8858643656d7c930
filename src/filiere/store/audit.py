"""Append-only, hash-chained audit log: who did what, when, to which object.

Each row stores the SHA-256 of the row before it and its own hash over its content, so editing or deleting
any row breaks the chain at that row. Ids are contiguous (a gap is a deletion), and the newest hash is also
written to an anchor file in the workspace, so cutting rows off the end is detected too.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from filiere.store.database import lock_audit_chain
from filiere.store.tables import audit_log

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def row_hash(row: dict[str, Any]) -> str:
    """The hash of one audit row: its content and the hash of the row before it."""
    content = canonical_json(
        {
            key: row[key]
            for key in ("id", "at", "actor", "action", "case_id", "object_type", "object_id", "details")
        }
    )
    return hashlib.sha256(f"{row['prev_hash']}\n{content}".encode()).hexdigest()


def append(
    conn: Connection,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int,
    case_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Append one row inside the caller's write transaction (see store.database.writing).

    The chain's lock is taken here too, so that a caller that opened its transaction some other way
    still cannot read the same last row as a concurrent writer and fork the chain.
    """
    lock_audit_chain(conn)
    last = conn.execute(
        select(audit_log.c.id, audit_log.c.row_hash).order_by(audit_log.c.id.desc()).limit(1)
    ).first()
    row: dict[str, Any] = {
        "id": (last.id + 1) if last else 1,
        "at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "case_id": case_id,
        "object_type": object_type,
        "object_id": str(object_id),
        "details": canonical_json(details or {}),
        "prev_hash": last.row_hash if last else GENESIS,
    }
    row["row_hash"] = row_hash(row)
    conn.execute(insert(audit_log).values(**row))
    return row


def iter_rows(engine: Engine, case_id: int | None = None, actor: str | None = None) -> Iterator[dict]:
    query = select(audit_log).order_by(audit_log.c.id)
    if case_id is not None:
        query = query.where(audit_log.c.case_id == case_id)
    if actor is not None:
        query = query.where(audit_log.c.actor == actor)
    with engine.connect() as conn:
        for row in conn.execute(query.execution_options(yield_per=1000)):
            yield dict(row._mapping)


def head(engine: Engine) -> tuple[int, str] | None:
    with engine.connect() as conn:
        last = conn.execute(
            select(audit_log.c.id, audit_log.c.row_hash).order_by(audit_log.c.id.desc()).limit(1)
        ).first()
    return (last.id, last.row_hash) if last else None


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit_log)).scalar_one()


@dataclass(frozen=True)
class ChainProblem:
    row_id: int
    code: str  # "missing" (rows deleted before this one), "relinked" or "changed"
    last_missing: int | None = None


def check_chain(engine: Engine) -> tuple[int, list[ChainProblem]]:
    """Recompute every row's hash and link; returns (rows checked, problems in chain order)."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    expected_id = 1
    checked = 0
    for row in iter_rows(engine):
        checked += 1
        if row["id"] != expected_id:
            problems.append(ChainProblem(expected_id, "missing", row["id"] - 1))
        if row["prev_hash"] != expected_prev:
            problems.append(ChainProblem(row["id"], "relinked"))
        if row_hash(row) != row["row_hash"]:
            problems.append(ChainProblem(row["id"], "changed"))
        expected_prev = row["row_hash"]
        expected_id = row["id"] + 1
    return checked, problems


class Anchor:
    """The newest (id, hash) of the chain, kept outside the database to detect truncation."""

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> tuple[int, str] | None:
        if not self.path.is_file():
            return None
        data = json.loads(self.path.read_text())
        return int(data["id"]), str(data["row_hash"])

    def advance(self, row_id: int, hash_: str) -> None:
        """Record (row_id, hash_) unless a newer row is already recorded; safe across processes."""
        with open(self.path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            current = self.read()
            if current is not None and current[0] >= row_id:
                return
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".audit-head-")
            with os.fdopen(fd, "w") as out:
                out.write(json.dumps({"id": row_id, "row_hash": hash_}))
            os.replace(tmp, self.path)
