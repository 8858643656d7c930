"""Ingest files into a case: store each original once, parse it, and record it in the audit log.

One file is one transaction: its evidence row, all its records and its audit row commit together or not at
all, so a crash, a parse error or Ctrl-C in the middle of a file leaves the workspace as it was before that
file, and running ingest again picks up where it stopped (files already in the case are recognised by
their SHA-256 and skipped).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from filiere.cases import Case
from filiere.errors import EvidenceError, FiliereError
from filiere.i18n import _
from filiere.ingest.detect import KINDS, detect_kind
from filiere.ingest.walk import iter_files
from filiere.ingest.writers import WRITERS, Stored, Target, read_before_writing
from filiere.model.phones import PhoneNormaliser
from filiere.store.tables import evidence, ingest_issues
from filiere.workspace import Workspace

MAX_REPORTED_ISSUES = 100  # per file, in the command's output


@dataclass
class FileOutcome:
    path: str
    status: str  # "added", "duplicate" or "error"
    kind: str | None = None
    evidence_id: int | None = None
    sha256: str | None = None
    records: int = 0
    issues: int = 0


@dataclass
class IngestReport:
    added: int = 0
    duplicates: int = 0
    records: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    files: list[FileOutcome] = field(default_factory=list)
    failed: int = 0  # files (or paths) of which nothing could be stored

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "records": self.records,
            "errors": self.errors,
            "files": [vars(f) for f in self.files],
        }

    def _error(self, path: str, line: int | None, message: str) -> None:
        self.errors.append({"path": path, "line": line, "message": message})


class Progress:
    """What the pipeline tells a progress display; the CLI plugs rich in, tests plug nothing."""

    def started(self, total_files: int) -> None: ...
    def file_started(self, path: Path) -> None: ...
    def rows(self, n: int) -> None: ...
    def file_done(self, outcome: FileOutcome) -> None: ...


def ingest(
    ws: Workspace,
    case: Case,
    paths: Iterable[Path],
    kind: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every file under `paths` into `case`; `kind` forces the parser for all of them."""
    if kind is not None and kind not in KINDS:
        raise FiliereError(
            _("Unknown kind {kind}; choose one of: {kinds}").format(kind=kind, kinds=", ".join(KINDS))
        )
    progress = progress or Progress()
    ws.blobs.sweep_incomplete()  # half-copied originals of an ingest that was killed
    report = IngestReport()
    files: list[Path] = []
    for item in iter_files(list(paths), exclude=ws.root.resolve()):
        if isinstance(item, EvidenceError):
            report._error(item.path, item.line, item.message)
            report.failed += 1
        else:
            files.append(item)
    progress.started(len(files))
    for item in files:
        progress.file_started(item)
        outcome = _ingest_file(ws, case, item, kind, report, progress.rows)
        report.files.append(outcome)
        report.failed += outcome.status == "error"
        progress.file_done(outcome)
    return report


def _ingest_file(
    ws: Workspace,
    case: Case,
    path: Path,
    forced_kind: str | None,
    report: IngestReport,
    on_rows: Callable[[int], None],
) -> FileOutcome:
    try:
        blob = ws.blobs.put_file(path)
    except EvidenceError as exc:
        report._error(exc.path, exc.line, exc.message)
        return FileOutcome(str(path), "error")
    existing = _existing_evidence(ws, case, blob.sha256)
    if existing is not None:
        report.duplicates += 1
        return FileOutcome(str(path), "duplicate", existing["kind"], existing["id"], blob.sha256)
    try:
        kind = forced_kind or detect_kind(blob.path, path)
        evidence_id, stored = _store(ws, case, path, blob, kind, on_rows)
    except EvidenceError as exc:
        report._error(str(path), exc.line, exc.message)
        return FileOutcome(str(path), "error", sha256=blob.sha256)
    except Exception as exc:  # a parser bug must not stop the other files; this one is rolled back
        report._error(
            str(path),
            None,
            _(
                "unexpected error while reading this file ({error}); nothing of it "
                "was stored — please report this"
            ).format(error=repr(exc)),
        )
        return FileOutcome(str(path), "error", sha256=blob.sha256)
    report.added += 1
    report.records += stored.records
    for issue in stored.issues[:MAX_REPORTED_ISSUES]:
        report._error(str(path), issue.line, issue.message)
    if stored.issue_count > MAX_REPORTED_ISSUES:
        report._error(
            str(path),
            None,
            _("{n} more unreadable rows; see `filiere evidence show {id}`").format(
                n=stored.issue_count - MAX_REPORTED_ISSUES, id=evidence_id
            ),
        )
    return FileOutcome(str(path), "added", kind, evidence_id, blob.sha256, stored.records, stored.issue_count)


def _existing_evidence(ws: Workspace, case: Case, sha256: str) -> dict | None:
    with ws.engine.connect() as conn:
        row = conn.execute(
            select(evidence.c.id, evidence.c.kind).where(
                evidence.c.case_id == case.id, evidence.c.sha256 == sha256
            )
        ).first()
    return dict(row._mapping) if row else None


def _store(ws: Workspace, case: Case, path: Path, blob, kind: str, on_rows) -> tuple[int, Stored]:
    parsed = read_before_writing(kind, path, blob.path)
    now = datetime.now(UTC).replace(tzinfo=None)
    with ws.write() as conn:
        evidence_id = conn.execute(
            insert(evidence)
            .values(
                case_id=case.id,
                sha256=blob.sha256,
                size=blob.size,
                original_name=path.name,
                source_path=str(path.resolve()),
                kind=kind,
                ingested_at=now,
                ingested_by=ws.actor,
                record_count=0,
                issue_count=0,
                details={},
            )
            .returning(evidence.c.id)
        ).scalar_one()
        target = Target(case.id, evidence_id, blob.path, path, PhoneNormaliser(case.country), on_rows, parsed)
        stored = WRITERS[kind](conn, target)
        if stored.issues:
            conn.execute(
                insert(ingest_issues),
                [{"evidence_id": evidence_id, "line": i.line, "message": i.message} for i in stored.issues],
            )
        details = {**stored.details, "source_modified": _mtime(path)}
        conn.execute(
            update(evidence)
            .where(evidence.c.id == evidence_id)
            .values(
                record_count=stored.records,
                issue_count=stored.issue_count,
                encoding=stored.encoding,
                details=details,
            )
        )
        ws.log(
            conn,
            "evidence.ingest",
            "evidence",
            evidence_id,
            case_id=case.id,
            sha256=blob.sha256,
            size=blob.size,
            name=path.name,
            source_path=str(path.resolve()),
            kind=kind,
            records=stored.records,
            issues=stored.issue_count,
        )
    return evidence_id, stored


def _mtime(path: Path) -> str | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    except OSError:
        return None
