"""Read side of the evidence store: list, show and export originals (exports are audited)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from filiere.cases import Case
from filiere.errors import FiliereError, IntegrityError
from filiere.i18n import _
from filiere.security.filenames import safe_filename
from filiere.store.tables import calls, evidence, evidence_pages, ingest_issues, subscribers, turns
from filiere.workspace import Workspace

LIST_COLUMNS = (
    evidence.c.id,
    evidence.c.kind,
    evidence.c.original_name,
    evidence.c.sha256,
    evidence.c.size,
    evidence.c.record_count,
    evidence.c.issue_count,
    evidence.c.ingested_at,
    evidence.c.ingested_by,
)


def list_evidence(ws: Workspace, case: Case, kind: str | None = None) -> list[dict[str, Any]]:
    query = select(*LIST_COLUMNS).where(evidence.c.case_id == case.id).order_by(evidence.c.id)
    if kind:
        query = query.where(evidence.c.kind == kind)
    with ws.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def get_evidence(ws: Workspace, case: Case, evidence_id: int) -> dict[str, Any]:
    with ws.engine.connect() as conn:
        row = conn.execute(
            select(evidence).where(evidence.c.case_id == case.id, evidence.c.id == evidence_id)
        ).first()
    if row is None:
        raise FiliereError(
            _("No evidence #{id} in case {case}; see `filiere evidence list --case {case}`").format(
                id=evidence_id, case=case.slug
            )
        )
    return dict(row._mapping)


def evidence_detail(ws: Workspace, case: Case, evidence_id: int, sample: int = 20) -> dict[str, Any]:
    """The evidence row with a sample of what was read from it (turns, calls, subscribers, issues)."""
    item = get_evidence(ws, case, evidence_id)
    with ws.engine.connect() as conn:

        def rows(table, order, limit=sample):
            query = select(table).where(table.c.evidence_id == evidence_id).order_by(order).limit(limit)
            return [dict(r._mapping) for r in conn.execute(query)]

        item["turns"] = rows(turns, turns.c.seq)
        item["calls"] = rows(calls, calls.c.id)
        item["subscribers"] = rows(subscribers, subscribers.c.id)
        item["issues"] = rows(ingest_issues, ingest_issues.c.id)
        item["pages"] = conn.execute(
            select(func.count())
            .select_from(evidence_pages)
            .where(evidence_pages.c.evidence_id == evidence_id)
        ).scalar_one()
    return item


def export_original(ws: Workspace, case: Case, evidence_id: int, destination: Path) -> dict[str, Any]:
    """Write the exact original bytes to `destination`, checking them against the recorded SHA-256."""
    item = get_evidence(ws, case, evidence_id)
    if destination.is_dir():  # the recorded name is evidence-supplied: never let it choose a path
        destination = destination / safe_filename(item["original_name"], default=f"evidence-{evidence_id}")
    if destination.exists():
        raise FiliereError(_("{path} already exists; choose another destination").format(path=destination))
    digest = hashlib.sha256()
    tmp = destination.with_name(destination.name + ".part")
    try:
        with open(tmp, "wb") as out:
            for chunk in ws.blobs.read_chunks(item["sha256"]):
                digest.update(chunk)
                out.write(chunk)
    except FileNotFoundError as exc:
        tmp.unlink(missing_ok=True)
        raise IntegrityError(
            _(
                "The original of evidence #{id} is missing from the blob store; run `filiere audit verify`"
            ).format(id=evidence_id)
        ) from exc
    if digest.hexdigest() != item["sha256"]:
        tmp.unlink(missing_ok=True)
        raise IntegrityError(
            _(
                "The stored original of evidence #{id} no longer matches its SHA-256; it was "
                "not exported. Run `filiere audit verify`"
            ).format(id=evidence_id)
        )
    tmp.replace(destination)
    with ws.write() as conn:
        ws.log(
            conn,
            "evidence.export",
            "evidence",
            evidence_id,
            case_id=case.id,
            sha256=item["sha256"],
            destination=str(destination.resolve()),
        )
    return {"id": evidence_id, "sha256": item["sha256"], "path": str(destination), "size": item["size"]}
