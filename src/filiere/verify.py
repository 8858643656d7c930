"""`audit verify`: recompute the audit chain and every original's hash, and name the first break."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select

from filiere.i18n import _
from filiere.store import audit
from filiere.store.tables import evidence
from filiere.workspace import Workspace


@dataclass
class Problem:
    where: str  # "audit row 12", "evidence #3 (file.txt)", "anchor"
    message: str


@dataclass
class VerifyReport:
    rows_checked: int = 0
    blobs_checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "rows_checked": self.rows_checked,
            "blobs_checked": self.blobs_checked,
            "problems": [vars(p) for p in self.problems],
        }


def verify_workspace(ws: Workspace) -> VerifyReport:
    report = VerifyReport()
    report.rows_checked, chain_problems = audit.check_chain(ws.engine)
    report.problems += [_chain_problem(p) for p in chain_problems]
    _check_anchor(ws, report)
    _check_evidence_logged(ws, report)
    _check_blobs(ws, report)
    return report


def _chain_problem(problem: audit.ChainProblem) -> Problem:
    where = _("audit row {id}").format(id=problem.row_id)
    if problem.code == "missing":
        return Problem(
            where,
            _("rows {first} to {last} were deleted").format(first=problem.row_id, last=problem.last_missing),
        )
    if problem.code == "relinked":
        return Problem(where, _("does not follow the row before it: the previous row was changed or removed"))
    return Problem(where, _("its content was changed after it was written"))


def _check_anchor(ws: Workspace, report: VerifyReport) -> None:
    anchor = ws.anchor.read()
    if anchor is None:
        return
    anchor_id, anchor_hash = anchor
    with ws.engine.connect() as conn:
        row = conn.execute(
            select(audit.audit_log.c.row_hash).where(audit.audit_log.c.id == anchor_id)
        ).first()
    if row is None:
        report.problems.append(
            Problem(
                _("audit row {id}").format(id=anchor_id),
                _(
                    "the newest row recorded in audit-head.json is missing: "
                    "rows were deleted from the end of the log"
                ),
            )
        )
    elif row.row_hash != anchor_hash:
        report.problems.append(
            Problem(
                _("audit row {id}").format(id=anchor_id),
                _("differs from the hash recorded in audit-head.json"),
            )
        )


def _check_evidence_logged(ws: Workspace, report: VerifyReport) -> None:
    """Every original must have its ingest row in the audit log, with the same SHA-256."""
    logged = {
        row["object_id"]: json.loads(row["details"]).get("sha256")
        for row in audit.iter_rows(ws.engine)
        if row["action"] == "evidence.ingest"
    }
    with ws.engine.connect() as conn:
        query = select(evidence.c.id, evidence.c.sha256, evidence.c.original_name).order_by(evidence.c.id)
        for item in conn.execute(query):
            where = f"evidence #{item.id} ({item.original_name})"
            if str(item.id) not in logged:
                report.problems.append(Problem(where, _("has no ingest row in the audit log")))
            elif logged[str(item.id)] != item.sha256:
                report.problems.append(
                    Problem(
                        where,
                        _(
                            "its recorded SHA-256 differs from the one in the audit log: "
                            "the evidence row was edited"
                        ),
                    )
                )


def _check_blobs(ws: Workspace, report: VerifyReport) -> None:
    with ws.engine.connect() as conn:
        items = conn.execute(
            select(evidence.c.id, evidence.c.sha256, evidence.c.original_name).order_by(evidence.c.id)
        ).all()
    checked: dict[str, str | None] = {}
    for item in items:
        if item.sha256 not in checked:
            checked[item.sha256] = ws.blobs.actual_hash(item.sha256)
            report.blobs_checked += 1
        actual = checked[item.sha256]
        where = f"evidence #{item.id} ({item.original_name})"
        if actual is None:
            report.problems.append(Problem(where, _("the original is missing from the blob store")))
        elif actual != item.sha256:
            report.problems.append(
                Problem(
                    where,
                    _("the stored original was modified: its SHA-256 is now {actual}").format(actual=actual),
                )
            )
