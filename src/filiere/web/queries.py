"""Read queries the API adds to the CLI's: an evidence item with its text, turns and mentions; its rows
paged; an entity with its mentions in context, calls and payments.

The CLI's functions (`evidence.get_evidence`, `resolve.entities.entity_detail`…) do the lookups and raise
`FiliereError` for an unknown id; this module only gathers what a page shows around them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from filiere.cases import Case
from filiere.evidence import get_evidence
from filiere.resolve.entities import entity_detail
from filiere.store.tables import calls, entities, evidence_pages, mentions, observations, subscribers, turns
from filiere.web.snapshot import Snapshot
from filiere.workspace import Workspace

IDENTITY = (
    "id",
    "kind",
    "original_name",
    "sha256",
    "size",
    "encoding",
    "ingested_at",
    "ingested_by",
    "record_count",
    "issue_count",
)
CALL_KINDS = ("call", "sms")


def number_users(conn: Connection, case_id: int) -> dict[str, int]:
    """E.164 -> the entity known to use it (the first one, as the network does)."""
    out: dict[str, int] = {}
    for row in conn.execute(
        select(entities.c.id, entities.c.details).where(entities.c.case_id == case_id).order_by(entities.c.id)
    ):
        for number, links in (row.details.get("phones") or {}).items():
            if "user" in links:
                out.setdefault(number, row.id)
    return out


def evidence_view(ws: Workspace, case: Case, evidence_id: int) -> dict[str, Any]:
    """Identity, header, page texts, dialogue turns and every mention with its span and entity."""
    item = get_evidence(ws, case, evidence_id)
    with ws.engine.connect() as conn:
        pages = [
            {"page_no": r.page_no, "text": r.text}
            for r in conn.execute(
                select(evidence_pages.c.page_no, evidence_pages.c.text)
                .where(evidence_pages.c.evidence_id == evidence_id)
                .order_by(evidence_pages.c.page_no)
            )
        ]
        turn_rows = [
            {
                "id": r.id,
                "seq": r.seq,
                "speaker": r.speaker,
                "text": r.text,
                "start": r.start_char,
                "end": r.end_char,
                "line": r.line,
            }
            for r in conn.execute(
                select(turns).where(turns.c.evidence_id == evidence_id).order_by(turns.c.seq)
            )
        ]
        users = number_users(conn, case.id)
        found = []
        for r in conn.execute(
            select(mentions, observations.c.entity_id)
            .outerjoin(observations, observations.c.mention_id == mentions.c.id)
            .where(mentions.c.evidence_id == evidence_id)
            .order_by(mentions.c.page_no, mentions.c.start_char, mentions.c.id)
        ):
            entity = r.entity_id
            if entity is None and r.type == "phone" and isinstance(r.value, str):
                entity = users.get(r.value)
            found.append(
                {
                    "id": r.id,
                    "type": r.type,
                    "text": r.text,
                    "page": r.page_no,
                    "start": r.start_char,
                    "end": r.end_char,
                    "value": r.value,
                    "entity": entity,
                    "turn": r.turn_id,
                    "source": r.source,
                    "confidence": r.confidence,
                }
            )
    return {
        **{key: item[key] for key in IDENTITY},
        "header": (item["details"] or {}).get("header") or {},
        "pages": pages,
        "turns": turn_rows,
        "mentions": found,
    }


def evidence_rows(ws: Workspace, case: Case, evidence_id: int, offset: int, limit: int) -> dict[str, Any]:
    """Call rows (CDR, transcript headers) or subscriber rows of one original, in file order."""
    item = get_evidence(ws, case, evidence_id)
    table = subscribers if item["kind"] == "subscribers" else calls
    where = table.c.evidence_id == evidence_id
    with ws.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()
        rows = [
            {k: v for k, v in r._mapping.items() if k not in ("case_id", "evidence_id")}
            for r in conn.execute(
                select(table).where(where).order_by(table.c.line, table.c.id).offset(offset).limit(limit)
            )
        ]
    return {
        "evidence": evidence_id,
        "table": "subscribers" if table is subscribers else "calls",
        "total": total,
        "offset": offset,
        "limit": limit,
        "rows": rows,
    }


def _page_texts(conn: Connection, evidence_ids: set[int]) -> dict[tuple[int, int], str]:
    if not evidence_ids:
        return {}
    return {
        (r.evidence_id, r.page_no): r.text
        for r in conn.execute(
            select(evidence_pages.c.evidence_id, evidence_pages.c.page_no, evidence_pages.c.text).where(
                evidence_pages.c.evidence_id.in_(sorted(evidence_ids))
            )
        )
    }


def _contexts(conn: Connection, mention_ids: list[int]) -> tuple[dict[int, dict], list[dict]]:
    """Each mention's sentence (offsets of the mention inside it), and the money named in those sentences
    or in the dialogue turns the person speaks (a speaker label's mention carries its turn)."""
    if not mention_ids:
        return {}, []
    rows = conn.execute(
        select(
            mentions.c.id,
            mentions.c.evidence_id,
            mentions.c.page_no,
            mentions.c.start_char,
            mentions.c.end_char,
            mentions.c.sentence_start,
            mentions.c.sentence_end,
            mentions.c.turn_id,
        ).where(mentions.c.id.in_(mention_ids))
    ).all()
    texts = _page_texts(conn, {r.evidence_id for r in rows})
    contexts = {}
    for r in rows:
        page = texts.get((r.evidence_id, r.page_no), "")
        contexts[r.id] = {
            "evidence": r.evidence_id,
            "page": r.page_no,
            "text": page[r.sentence_start : r.sentence_end],
            "start": r.start_char - r.sentence_start,
            "end": r.end_char - r.sentence_start,
            "page_start": r.start_char,
            "page_end": r.end_char,
        }
    sentences = {(r.evidence_id, r.page_no, r.sentence_start) for r in rows}
    spoken = {r.turn_id for r in rows if r.turn_id is not None}
    money = []
    for m in conn.execute(
        select(mentions)
        .where(mentions.c.type == "money", mentions.c.evidence_id.in_(sorted({r.evidence_id for r in rows})))
        .order_by(mentions.c.evidence_id, mentions.c.page_no, mentions.c.start_char)
    ):
        if (m.evidence_id, m.page_no, m.sentence_start) in sentences or m.turn_id in spoken:
            value = m.value if isinstance(m.value, dict) else {}
            money.append(
                {
                    "amount": value.get("amount"),
                    "currency": value.get("currency"),
                    "text": m.text,
                    "evidence": m.evidence_id,
                    "page": m.page_no,
                    "mention": m.id,
                    "context": texts.get((m.evidence_id, m.page_no), "")[m.sentence_start : m.sentence_end],
                }
            )
    return contexts, money


def entity_view(ws: Workspace, case: Case, entity_id: int, snap: Snapshot) -> dict[str, Any]:
    """`entity show` plus the analysis (role, rank), mentions in context, calls and payments."""
    detail = entity_detail(ws, case, entity_id)
    mention_ids = sorted({m["mention"] for m in detail["mentions"] if m["mention"] is not None})
    with ws.engine.connect() as conn:
        contexts, payments = _contexts(conn, mention_ids)
    for m in detail["mentions"]:
        m["context"] = contexts.get(m["mention"])
    person = snap.person(entity_id) or {}
    return {
        **detail,
        "role": person.get("role"),
        "role_evidence": person.get("role_evidence", []),
        "community": person.get("community"),
        "scores": person.get("scores"),
        "rank": person.get("rank"),
        "rank_reasons": person.get("rank_reasons", []),
        "calls": _calls(snap, f"p{entity_id}"),
        "payments": payments,
    }


def _calls(snap: Snapshot, node: str) -> list[dict[str, Any]]:
    """Calls and text messages with each counterpart (from the network's aggregated call edges)."""
    labels = {n["id"]: n["label"] for n in snap.graph["nodes"]}
    out = []
    for (a, b, kind), edge in snap.network.edges.items():
        if kind in CALL_KINDS and node in (a, b):
            other = b if a == node else a
            out.append(
                {
                    "with": other,
                    "label": labels.get(other, other[1:]),
                    "entity": int(other[1:]) if other.startswith("p") else None,
                    "kind": kind,
                    "count": edge.weight,
                    "first": edge.first,
                    "last": edge.last,
                    "evidence": sorted(edge.evidence),
                }
            )
    return sorted(out, key=lambda c: (-c["count"], c["with"], c["kind"]))
