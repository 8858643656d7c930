"""`filiere extract`: read every text original of a case for mentions, and store them with provenance.

Each original is one transaction: its old mentions are deleted and the new ones written together, so
re-running extraction replaces, never duplicates. An original already extracted with the current
VERSION is skipped unless forced, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, insert, select

from filiere.cases import Case
from filiere.extract.language import detect_scripts
from filiere.extract.mention import Context
from filiere.extract.segments import Turn, find_speaker_label, segment_page
from filiere.extract.sentences import sentence_of, sentence_spans
from filiere.extract.text import Unit, extract_units
from filiere.i18n import _
from filiere.ingest.datetimes import parse_date
from filiere.store.tables import evidence, evidence_pages, extractions, mentions, turns
from filiere.workspace import Workspace

VERSION = "5"  # bump when rules, data or the model change: `filiere extract` then redoes every original
TEXT_KINDS = ("transcript", "interview", "document")
UNITS_PER_BATCH = 256  # spaCy batch across originals; bounds memory on very long documents
MIXED_SHARE = 0.2
MODEL_MAX_CHARS = 2_000_000  # longer originals (a 50 MB text dump) are read by the rules alone


@dataclass
class ExtractReport:
    extracted: int = 0
    skipped: int = 0
    mentions: int = 0
    by_type: Counter = field(default_factory=Counter)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "extracted": self.extracted,
            "skipped": self.skipped,
            "mentions": self.mentions,
            "by_type": dict(sorted(self.by_type.items())),
            "warnings": self.warnings,
        }


def _pending(ws: Workspace, case: Case, only: list[int] | None, force: bool) -> tuple[list[dict], int]:
    query = (
        select(
            evidence.c.id,
            evidence.c.kind,
            evidence.c.original_name,
            evidence.c.details,
            extractions.c.version,
        )
        .outerjoin(extractions, extractions.c.evidence_id == evidence.c.id)
        .where(evidence.c.case_id == case.id, evidence.c.kind.in_(TEXT_KINDS))
        .order_by(evidence.c.id)
    )
    if only is not None:
        query = query.where(evidence.c.id.in_(only))
    with ws.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    todo = [r for r in rows if force or r["version"] != VERSION]
    return todo, len(rows) - len(todo)


def _document_date(item: dict) -> date | None:
    header = (item["details"] or {}).get("header") or {}
    value = header.get("date")
    return parse_date(value) if value else None


def _units_of(ws: Workspace, case: Case, item: dict) -> Iterator[tuple[int, int, Turn | None, Unit]]:
    """(page_no, unit start in page, turn, unit) for every segment of the original's pages."""
    ctx = Context(region=case.country, doc_date=_document_date(item))
    with ws.engine.connect() as conn:
        page_rows = conn.execute(
            select(evidence_pages.c.page_no, evidence_pages.c.text)
            .where(evidence_pages.c.evidence_id == item["id"])
            .order_by(evidence_pages.c.page_no)
        ).all()
        turn_rows = conn.execute(
            select(turns.c.id, turns.c.speaker, turns.c.start_char, turns.c.end_char)
            .where(turns.c.evidence_id == item["id"])
            .order_by(turns.c.seq)
        ).all()
    for page_no, text in page_rows:
        page_turns = (
            [Turn(t.id, t.speaker, t.start_char, t.end_char) for t in turn_rows] if page_no == 1 else []
        )
        for segment in segment_page(text, page_turns):
            start, speaker = segment.start, None
            if segment.turn is not None and segment.turn.speaker:
                label = find_speaker_label(text, segment.turn.start, segment.turn.speaker)
                if label is not None:
                    start = label[0]
                    speaker = (segment.turn.speaker, 0, label[1] - label[0])
            yield page_no, start, segment.turn, Unit(text[start : segment.end], ctx, speaker)


def extract_case(
    ws: Workspace,
    case: Case,
    only: list[int] | None = None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    n_process: int = 1,
    use_model: bool = True,
) -> ExtractReport:
    """Extract mentions from the case's text originals (or only those listed)."""
    todo, skipped = _pending(ws, case, only, force)
    report = ExtractReport(skipped=skipped)
    for item in todo:
        placed = list(_units_of(ws, case, item))
        with_model = use_model and sum(len(u.text) for *_rest, u in placed) <= MODEL_MAX_CHARS
        for start in range(0, len(placed), UNITS_PER_BATCH):
            batch = [u for *_rest, u in placed[start : start + UNITS_PER_BATCH]]
            extract_units(batch, with_model, n_process)
        notes = []
        if use_model and not with_model:
            notes.append(
                _(
                    "longer than {n} characters: read by the rules alone, without the language model "
                    "(names may be missed)"
                ).format(n=f"{MODEL_MAX_CHARS:,}")
            )
        _store(ws, case, item, placed, report, notes)
        if progress:
            progress(1)
    return report


def _store(
    ws: Workspace, case: Case, item: dict, placed: list, report: ExtractReport, notes: list[str]
) -> None:
    rows: list[dict[str, Any]] = []
    languages: Counter = Counter()
    warnings: list[str] = list(notes)
    sentences_cache: dict[int, list] = {}
    for page_no, offset, turn, unit in placed:
        languages[unit.language] += len(unit.text)
        scripts = detect_scripts(unit.text) - {"latin"}
        if scripts:
            warnings.append(
                _("page {page}: text in {scripts} script is kept but not analysed").format(
                    page=page_no, scripts=", ".join(sorted(scripts))
                )
            )
        spans = sentences_cache.setdefault(id(unit), sentence_spans(unit.text))
        for m in unit.mentions:
            s_start, s_end = sentence_of(spans, m.start, m.end)
            rows.append(
                {
                    "case_id": case.id,
                    "evidence_id": item["id"],
                    "page_no": page_no,
                    "start_char": offset + m.start,
                    "end_char": offset + m.end,
                    "type": m.type,
                    "text": m.text[:500],
                    "value": m.value,
                    "source": m.source[:40],
                    "confidence": m.confidence,
                    "sentence_start": offset + s_start,
                    "sentence_end": offset + s_end,
                    "turn_id": turn.id if turn else None,
                    "language": unit.language,
                }
            )
    language, shares = _profile(languages)
    with ws.write() as conn:
        conn.execute(delete(mentions).where(mentions.c.evidence_id == item["id"]))
        conn.execute(delete(extractions).where(extractions.c.evidence_id == item["id"]))
        if rows:
            conn.execute(insert(mentions), rows)
        conn.execute(
            insert(extractions).values(
                evidence_id=item["id"],
                case_id=case.id,
                version=VERSION,
                language=language,
                languages=shares,
                mention_count=len(rows),
                warnings=sorted(set(warnings)),
                extracted_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
        counts = Counter(r["type"] for r in rows)
        ws.log(
            conn,
            "evidence.extract",
            "evidence",
            item["id"],
            case_id=case.id,
            version=VERSION,
            mentions=len(rows),
            by_type=dict(sorted(counts.items())),
        )
    report.extracted += 1
    report.mentions += len(rows)
    report.by_type.update(counts)
    report.warnings += [
        {"evidence": item["id"], "name": item["original_name"], "message": w} for w in sorted(set(warnings))
    ]


def _profile(languages: Counter) -> tuple[str, dict[str, float]]:
    total = sum(n for lang, n in languages.items() if lang in ("fr", "en", "mixed")) or 1
    shares = {lang: round(n / total, 3) for lang, n in languages.items() if lang in ("fr", "en", "mixed")}
    fr = shares.get("fr", 0) + shares.get("mixed", 0) / 2
    en = shares.get("en", 0) + shares.get("mixed", 0) / 2
    if fr >= MIXED_SHARE and en >= MIXED_SHARE:
        return "mixed", shares
    if not shares:
        return "unknown", shares
    return ("fr" if fr >= en else "en"), shares


def list_mentions(
    ws: Workspace, case: Case, type_: str | None = None, evidence_id: int | None = None
) -> list[dict[str, Any]]:
    """Mentions of the case in text order, each with the sentence around it."""
    query = (
        select(mentions)
        .where(mentions.c.case_id == case.id)
        .order_by(mentions.c.evidence_id, mentions.c.page_no, mentions.c.start_char)
    )
    if type_:
        query = query.where(mentions.c.type == type_)
    if evidence_id is not None:
        query = query.where(mentions.c.evidence_id == evidence_id)
    pages: dict[tuple[int, int], str] = {}
    out = []
    with ws.engine.connect() as conn:
        for r in conn.execute(query).all():
            key = (r.evidence_id, r.page_no)
            if key not in pages:
                pages[key] = conn.execute(
                    select(evidence_pages.c.text).where(
                        evidence_pages.c.evidence_id == r.evidence_id, evidence_pages.c.page_no == r.page_no
                    )
                ).scalar_one()
            out.append(
                {
                    "type": r.type,
                    "text": r.text,
                    "value": r.value,
                    "evidence": r.evidence_id,
                    "page": r.page_no,
                    "span": [r.start_char, r.end_char],
                    "sentence": pages[key][r.sentence_start : r.sentence_end],
                    "source": r.source,
                    "language": r.language,
                }
            )
    return out
