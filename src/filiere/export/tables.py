"""The four tables of the spreadsheet exports (CSV folder, XLSX workbook): entities, links, calls, mentions.

- entities: one row per node of the case graph (filiere.export.graph): people (type "person", their entity
  number, role and scores), numbers nobody is known to use ("phone") and labels of an imported link list
  ("other"). People rows = the case's entities.
- links: one row per typed edge of the graph (kind, weight, first/last date, evidence numbers).
- calls: every call record of the case (calls table), with the file and line it was read from and the
  people using each number; streamed from the database, never held in memory.
- mentions: every mention found in the texts, with the file, page and line, the character span, the
  normalised value, the person it was resolved to and the sentence around it; streamed.

Rows are yielded as typed Python values (int, float, datetime, str, None); the writers decide how a value
becomes a cell, and both pass every text through filiere.security.csvsafe.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from filiere.export.graph import CaseGraph
from filiere.store.tables import calls, evidence, evidence_pages, mentions, observations
from filiere.workspace import Workspace

STREAM = {"stream_results": True, "yield_per": 5_000}


@dataclass(frozen=True)
class Column:
    name: str
    width: int  # spreadsheet column width, in characters


def _columns(spec: str) -> tuple[Column, ...]:
    return tuple(Column(name, int(width)) for name, width in (item.split(":") for item in spec.split()))


COLUMNS: dict[str, tuple[Column, ...]] = {
    "entities": _columns(
        "node:18 type:8 entity:8 name:28 aliases:28 phones:30 subscriber_of:20 role:16 community:10 "
        "degree:8 weighted_degree:10 betweenness:11 pagerank:10 key_player_score:10 key_player_rank:9 "
        "first_seen:19 last_seen:19 evidence:16"
    ),
    "links": _columns(
        "source:18 source_name:28 target:18 target_name:28 kind:16 directional:10 weight:8 "
        "first:19 last:19 evidence:16"
    ),
    "calls": _columns(
        "call:9 evidence:9 file:34 line:8 type:7 started_at:19 duration_s:10 caller_raw:16 caller_e164:16 "
        "caller_name:26 callee_raw:16 callee_e164:16 callee_name:26 cell_id:14 imei:17 imsi:17"
    ),
    "mentions": _columns(
        "mention:9 evidence:9 file:34 page:6 line:6 start_char:10 end_char:10 type:12 text:28 value:30 "
        "entity:8 entity_name:26 confidence:10 source:14 language:9 sentence:60"
    ),
}
TABLES = tuple(COLUMNS)


def _listed(values: list) -> str | None:
    return "; ".join(str(v) for v in values) if values else None


def entity_rows(graph: CaseGraph) -> Iterator[list[Any]]:
    for n in graph.nodes:
        yield [
            n.id, n.type, n.entity, n.label, _listed(n.aliases), _listed(n.phones), _listed(n.subscriber_of),
            n.role or None, n.community, n.degree, n.weighted_degree, n.betweenness, n.pagerank,
            n.key_player_score, n.key_player_rank, n.first_seen, n.last_seen, _listed(n.evidence),
        ]  # fmt: skip


def link_rows(graph: CaseGraph) -> Iterator[list[Any]]:
    names = {n.id: n.label for n in graph.nodes}
    for e in graph.edges:
        yield [
            e.source, names.get(e.source), e.target, names.get(e.target), e.kind, e.directional, e.weight,
            e.first, e.last, _listed(e.evidence),
        ]  # fmt: skip


def _files(ws: Workspace, case_id: int) -> dict[int, str]:
    with ws.engine.connect() as conn:
        query = select(evidence.c.id, evidence.c.original_name).where(evidence.c.case_id == case_id)
        return dict(conn.execute(query).all())


def call_rows(ws: Workspace, graph: CaseGraph) -> Iterator[list[Any]]:
    files = _files(ws, graph.case.id)

    def name(number: str | None) -> str | None:
        person = graph.person_of_number(number)
        return person.label if person else None

    c = calls.c
    query = select(calls).where(c.case_id == graph.case.id).order_by(c.id)
    with ws.engine.connect() as conn:
        for r in conn.execution_options(**STREAM).execute(query):
            yield [
                r.id, r.evidence_id, files.get(r.evidence_id), r.line, r.call_type, r.started_at,
                r.duration_s, r.caller_raw, r.caller_e164, name(r.caller_e164), r.callee_raw, r.callee_e164,
                name(r.callee_e164), r.cell_id, r.imei, r.imsi,
            ]  # fmt: skip


def table_size(ws: Workspace, graph: CaseGraph, table: str) -> int:
    """How many rows a table has in all (to say how many a capped sheet left out)."""
    if table == "entities":
        return len(graph.nodes)
    if table == "links":
        return len(graph.edges)
    source = {"calls": calls, "mentions": mentions}[table]
    with ws.engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(source.c.case_id == graph.case.id)).scalar() or 0)


def _value(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _page_text(conn: Connection, evidence_id: int, page_no: int) -> str:
    query = select(evidence_pages.c.text).where(
        evidence_pages.c.evidence_id == evidence_id, evidence_pages.c.page_no == page_no
    )
    return conn.execute(query).scalar() or ""


def mention_rows(ws: Workspace, graph: CaseGraph) -> Iterator[list[Any]]:
    """Mentions in reading order; each page's text is read once, when its first mention comes."""
    files = _files(ws, graph.case.id)
    names = {n.entity: n.label for n in graph.nodes if n.entity is not None}
    m, o = mentions.c, observations.c
    with ws.engine.connect() as conn, ws.engine.connect() as reader:
        entity_of = dict(
            conn.execute(
                select(o.mention_id, func.min(o.entity_id))
                .where(o.case_id == graph.case.id, o.mention_id.is_not(None))
                .group_by(o.mention_id)
            ).all()
        )
        query = select(mentions).where(m.case_id == graph.case.id)
        query = query.order_by(m.evidence_id, m.page_no, m.start_char, m.id)
        page_key, page = None, ""
        for r in reader.execution_options(**STREAM).execute(query):
            if (r.evidence_id, r.page_no) != page_key:
                page_key, page = (r.evidence_id, r.page_no), _page_text(conn, r.evidence_id, r.page_no)
            entity = entity_of.get(r.id)
            line = page.count("\n", 0, r.start_char) + 1
            sentence = page[r.sentence_start : r.sentence_end].strip() or None
            yield [
                r.id, r.evidence_id, files.get(r.evidence_id), r.page_no, line, r.start_char, r.end_char,
                r.type, r.text, _value(r.value), entity, names.get(entity), r.confidence, r.source,
                r.language, sentence,
            ]  # fmt: skip


def table_rows(ws: Workspace, graph: CaseGraph, table: str) -> Iterator[list[Any]]:
    if table == "entities":
        return entity_rows(graph)
    if table == "links":
        return link_rows(graph)
    if table == "calls":
        return call_rows(ws, graph)
    return mention_rows(ws, graph)
