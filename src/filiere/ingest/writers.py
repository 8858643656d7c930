"""Store what a parser read, one function per kind, inside the ingest transaction of one file.

Every record keeps its provenance (evidence id + line or character span); phone numbers are stored raw
and in E.164 using the case's country for national forms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.records import CallRow, RowError, Turn
from filiere.ingest.textfile import decode_text
from filiere.ingest.worker import WORKER_THRESHOLD, produce_items
from filiere.model.phones import PhoneNormaliser
from filiere.store.bulk import BATCH, bulk_insert_batches
from filiere.store.tables import calls, evidence_pages, subscribers, turns

MAX_TEXT_BYTES = 50 * 1024 * 1024  # a transcript or hearing record is never this large
MAX_KEPT_ISSUES = 10_000  # unreadable rows kept per file (all are counted)
CALL_COLUMNS = (
    "case_id",
    "evidence_id",
    "line",
    "caller_raw",
    "caller_e164",
    "callee_raw",
    "callee_e164",
    "started_at",
    "duration_s",
    "call_type",
    "cell_id",
    "imei",
    "imsi",
)
SUBSCRIBER_COLUMNS = (
    "case_id",
    "evidence_id",
    "line",
    "number_raw",
    "number_e164",
    "name",
    "id_document",
    "activated_on",
    "operator",
    "address",
)


@dataclass
class Target:
    """Where records go: the case, the evidence row, the phone normaliser, and progress reporting."""

    case_id: int
    evidence_id: int
    blob_path: Path
    original: Path
    phones: PhoneNormaliser
    on_rows: Callable[[int], None] | None = None
    parsed: Any = None  # what read_before_writing read, outside the write transaction


@dataclass
class Stored:
    records: int
    details: dict[str, Any]
    issues: list[RowError] = field(default_factory=list)  # at most MAX_KEPT_ISSUES of them
    encoding: str | None = None
    issue_total: int | None = None  # when more issues were found than kept

    @property
    def issue_count(self) -> int:
        return len(self.issues) if self.issue_total is None else self.issue_total


def _read_text(target: Target) -> tuple[str, str]:
    size = target.blob_path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise EvidenceError(
            target.original,
            _(
                "text file of {size} MiB is too large for a transcript or "
                "hearing record; use --kind cdr or --kind document"
            ).format(size=size // (1024 * 1024)),
        )
    return decode_text(target.blob_path.read_bytes(), target.original)


def _store_pages(conn: Connection, evidence_id: int, pages: list[str]) -> None:
    conn.execute(
        insert(evidence_pages),
        [{"evidence_id": evidence_id, "page_no": n, "text": text} for n, text in enumerate(pages, 1)],
    )


def _store_turns(conn: Connection, evidence_id: int, parsed_turns: list[Turn]) -> None:
    if parsed_turns:
        conn.execute(
            insert(turns),
            [
                {
                    "evidence_id": evidence_id,
                    "seq": t.seq,
                    "speaker": t.speaker,
                    "text": t.text,
                    "start_char": t.start,
                    "end_char": t.end,
                    "line": t.line,
                }
                for t in parsed_turns
            ],
        )


def call_values(case_id: int, evidence_id: int, phones: PhoneNormaliser, row: CallRow) -> tuple:
    """A call as a row of the `calls` table (CALL_COLUMNS order), numbers raw and in E.164."""
    return (
        case_id,
        evidence_id,
        row.line,
        row.caller_raw,
        phones(row.caller_raw),
        row.callee_raw,
        phones(row.callee_raw),
        row.started_at,
        row.duration_s,
        row.call_type,
        row.cell_id,
        row.imei,
        row.imsi,
    )


def store_transcript(conn: Connection, target: Target) -> Stored:
    from filiere.ingest.transcript import parse_transcript

    text, encoding = _read_text(target)
    parsed = parse_transcript(text, target.original)
    _store_pages(conn, target.evidence_id, [text])
    _store_turns(conn, target.evidence_id, parsed.turns)
    n_calls = 0
    if parsed.call is not None:
        values = dict(
            zip(
                CALL_COLUMNS,
                call_values(target.case_id, target.evidence_id, target.phones, parsed.call),
                strict=True,
            )
        )
        if values["started_at"]:
            values["started_at"] = datetime.fromisoformat(values["started_at"])
        conn.execute(insert(calls).values(**values))
        n_calls = 1
    details = {
        "header": parsed.header,
        "header_lines": parsed.header_lines,
        "turns": len(parsed.turns),
        "calls": n_calls,
    }
    return Stored(len(parsed.turns) + n_calls, details, list(parsed.warnings), encoding)


def store_interview(conn: Connection, target: Target) -> Stored:
    from filiere.ingest.interview import parse_interview

    text, encoding = _read_text(target)
    parsed = parse_interview(text, target.original)
    _store_pages(conn, target.evidence_id, [text])
    _store_turns(conn, target.evidence_id, parsed.turns)
    details = {
        "header": parsed.header,
        "header_lines": parsed.header_lines,
        "statement_start": parsed.statement_start,
        "turns": len(parsed.turns),
    }
    phone = parsed.header.get("phone")
    if phone:
        details["phone_e164"] = target.phones(phone)
    return Stored(len(parsed.turns), details, list(parsed.warnings), encoding)


def read_before_writing(kind: str, original: Path, blob_path: Path) -> Any:
    """Parse what can take long before the write transaction opens: a PDF or DOCX is read in a child
    process that may use its whole time limit (ingest.sandbox), and the workspace's write lock must not
    be held meanwhile (on SQLite it would stop every other writer, web users included)."""
    if kind != "document":
        return None
    from filiere.ingest.document import parse_document

    return parse_document(original, blob_path.read_bytes())


def store_document(conn: Connection, target: Target) -> Stored:
    parsed = target.parsed or read_before_writing("document", target.original, target.blob_path)
    _store_pages(conn, target.evidence_id, parsed.pages)
    details = {"media_type": parsed.media_type, "metadata": parsed.metadata, "pages": len(parsed.pages)}
    return Stored(len(parsed.pages), details)


def _csv_items(kind: str, blob_path: Path, case_id: int, evidence_id: int, region: str | None) -> Iterator:
    """Read a CDR or subscriber CSV into batches of row tuples; runs in a worker process for big files."""
    from filiere.ingest.cdr import cdr_layout, iter_cdr
    from filiere.ingest.subscribers import iter_subscribers, subscriber_layout

    layout = cdr_layout(blob_path) if kind == "cdr" else subscriber_layout(blob_path)
    rows = iter_cdr(layout) if kind == "cdr" else iter_subscribers(layout)
    phones = PhoneNormaliser(region)
    yield "layout", (layout.describe(), layout.encoding)
    batch: list[tuple] = []
    issues: list[RowError] = []
    issue_total = 0
    for row in rows:
        if type(row) is RowError:
            issue_total += 1
            if len(issues) < MAX_KEPT_ISSUES:
                issues.append(row)
            continue
        if kind == "cdr":
            batch.append(call_values(case_id, evidence_id, phones, row))
        else:
            batch.append(
                (
                    case_id,
                    evidence_id,
                    row.line,
                    row.number_raw,
                    phones(row.number_raw),
                    row.name,
                    row.id_document,
                    row.activated_on,
                    row.operator,
                    row.address,
                )
            )
        if len(batch) == BATCH:
            yield "rows", batch
            batch = []
    if batch:
        yield "rows", batch
    unreadable = sorted(raw for raw, e164 in phones.cache_items() if e164 is None)
    yield "summary", {"issues": issues, "issue_total": issue_total, "unreadable": unreadable}


def _store_csv(conn: Connection, target: Target, kind: str) -> Stored:
    in_worker = target.blob_path.stat().st_size > WORKER_THRESHOLD
    args = (target.blob_path, target.case_id, target.evidence_id, target.phones.region)
    found: dict[str, Any] = {}

    def row_batches() -> Iterator[list[tuple]]:
        for tag, payload in produce_items(partial(_csv_items, kind), args, in_worker):
            if tag == "rows":
                yield payload
            else:
                found[tag] = payload

    table, columns = (calls, CALL_COLUMNS) if kind == "cdr" else (subscribers, SUBSCRIBER_COLUMNS)
    count = bulk_insert_batches(conn, table, columns, row_batches(), on_batch=target.on_rows)
    layout, encoding = found["layout"]
    summary = found["summary"]
    details: dict[str, Any] = {"layout": layout, "rows": count, "parsed_in_worker": in_worker}
    if summary["unreadable"]:
        details["unreadable_numbers"] = summary["unreadable"][:50]
        details["unreadable_number_count"] = len(summary["unreadable"])
    return Stored(count, details, summary["issues"], encoding, summary["issue_total"])


def store_cdr(conn: Connection, target: Target) -> Stored:
    return _store_csv(conn, target, "cdr")


def store_subscribers(conn: Connection, target: Target) -> Stored:
    return _store_csv(conn, target, "subscribers")


def store_links(conn: Connection, target: Target) -> Stored:
    from filiere.ingest.links import iter_links, links_layout
    from filiere.store.tables import links

    layout = links_layout(target.blob_path)
    issues: list[RowError] = []
    rows = []
    for row in iter_links(layout):
        if type(row) is RowError:
            issues.append(row)
        else:
            rows.append(
                {
                    "case_id": target.case_id,
                    "evidence_id": target.evidence_id,
                    "line": row.line,
                    "source": row.source[:300],
                    "target": row.target[:300],
                    "weight": row.weight,
                    "date": datetime.fromisoformat(row.date) if row.date else None,
                    "type": (row.type or "")[:60] or None,
                }
            )
    if rows:
        conn.execute(insert(links), rows)
    return Stored(len(rows), {"layout": layout.describe(), "links": len(rows)}, issues, layout.encoding)


def store_ftm(conn: Connection, target: Target) -> Stored:
    from filiere.ingest.ftm_store import store_ftm as store

    return store(conn, target)


WRITERS: dict[str, Callable[[Connection, Target], Stored]] = {
    "transcript": store_transcript,
    "interview": store_interview,
    "cdr": store_cdr,
    "subscribers": store_subscribers,
    "document": store_document,
    "links": store_links,
    "ftm": store_ftm,
}
