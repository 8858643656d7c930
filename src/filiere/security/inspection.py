"""The audit log handed to an inspector: the rows asked for (a case, a user, a period, an action), each
with its own hash and the hash of the row before it, and a manifest saying whether the whole chain
verified at the moment of the export and what the file's SHA-256 is.

A case's rows alone do not form a chain (their `prev_hash` points at rows of other cases), so the
inspector checks each row's `row_hash` against its content with the published rule (store.audit.row_hash)
and relies on the manifest for the chain, or asks for the full log. The export itself is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filiere import __version__
from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.security import csvsafe
from filiere.store import audit
from filiere.workspace import Workspace

FORMATS = ("jsonl", "csv")
COLUMNS = (
    "id",
    "at",
    "actor",
    "action",
    "case_id",
    "object_type",
    "object_id",
    "details",
    "prev_hash",
    "row_hash",
)


@dataclass(frozen=True)
class AuditFilter:
    case_id: int | None = None
    case_slug: str | None = None
    actor: str | None = None
    action: str | None = None  # a prefix: "read." gives every read, "mla." every MLA step
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive

    def keeps(self, row: dict[str, Any]) -> bool:
        if self.action and not row["action"].startswith(self.action):
            return False
        day = str(row["at"])[:10]
        if self.since and day < self.since.isoformat():
            return False
        return not (self.until and day > self.until.isoformat())

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_slug,
            "actor": self.actor,
            "action": self.action,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


def select_rows(ws: Workspace, where: AuditFilter) -> Iterator[dict[str, Any]]:
    for row in audit.iter_rows(ws.engine, case_id=where.case_id, actor=where.actor):
        if where.keeps(row):
            yield row


def _row_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(row[k]) if k == "at" else row[k]) for k in COLUMNS}


def export_audit(ws: Workspace, where: AuditFilter, out: str | Path) -> dict[str, Any]:
    """Write the selected rows to `out` (.jsonl or .csv) and `<out>.manifest.json`; return the manifest."""
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise FiliereError(_("-o {path}: give a .jsonl or .csv file name").format(path=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    checked, problems = audit.check_chain(ws.engine)
    head = audit.head(ws.engine)
    count = 0
    temporary = out.with_name(out.name + ".part")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csvsafe.writer(handle) if fmt == "csv" else None
        if writer:
            writer.writerow(COLUMNS)
        for row in select_rows(ws, where):
            data = _row_json(row)
            if writer:
                writer.writerow([data[k] for k in COLUMNS])
            else:
                handle.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    temporary.replace(out)
    manifest = {
        "format": 1,
        "tool": f"filiere {__version__}",
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "exported_by": ws.actor,
        "filters": where.as_json(),
        "file": out.name,
        "file_format": fmt,
        "rows": count,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "chain": {
            "verified": not problems,
            "rows_checked": checked,
            "problems": [{"row": p.row_id, "code": p.code} for p in problems],
            "head_id": head[0] if head else None,
            "head_hash": head[1] if head else None,
        },
        "row_hash_rule": "SHA-256 of the canonical JSON of the row without row_hash (store.audit.row_hash)",
    }
    manifest_path = out.with_name(out.name + ".manifest.json")
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with ws.write() as conn:
        ws.log(conn, "read.audit_export", "audit_log", head[0] if head else 0, case_id=where.case_id,
               filters=where.as_json(), rows=count, sha256=manifest["sha256"], file=out.name)  # fmt: skip
    return {**manifest, "output": str(out), "manifest": str(manifest_path)}
