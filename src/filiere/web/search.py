"""Search one case: its texts (pages of every original) and its people (names, aliases, numbers).

Matching ignores case and accents through `fold_text`, which keeps the text's length, so an offset found
in the folded text is the offset in the original text. A query with four digits or more also matches
phone numbers by their digits ("79 43 33 80" finds +22379433380).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import or_, select, union

from filiere.cases import Case
from filiere.extract.language import fold_text
from filiere.resolve.entities import list_entities
from filiere.store.tables import calls, evidence, evidence_pages, subscribers
from filiere.web.queries import number_users
from filiere.workspace import Workspace

CONTEXT = 60  # characters shown each side of a text match
MIN_DIGITS = 4


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def search_texts(ws: Workspace, case: Case, folded: str, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Matches in the page texts, in evidence order: id, page, offsets and a snippet around each."""
    hits: list[dict[str, Any]] = []
    total = 0
    query = (
        select(evidence.c.id, evidence.c.original_name, evidence_pages.c.page_no, evidence_pages.c.text)
        .join(evidence_pages, evidence_pages.c.evidence_id == evidence.c.id)
        .where(evidence.c.case_id == case.id)
        .order_by(evidence.c.id, evidence_pages.c.page_no)
    )
    with ws.engine.connect() as conn:
        for r in conn.execute(query):
            text = r.text
            for found in re.finditer(re.escape(folded), fold_text(text)):
                total += 1
                if len(hits) >= limit:
                    continue
                start, end = found.span()
                left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
                hits.append(
                    {
                        "evidence": r.id,
                        "original_name": r.original_name,
                        "page": r.page_no,
                        "start": start,
                        "end": end,
                        "snippet": text[left:right],
                        "snippet_start": left,
                        "match_start": start - left,
                        "match_end": end - left,
                    }
                )
    return hits, total


def search_entities(ws: Workspace, case: Case, folded: str) -> list[dict[str, Any]]:
    """People whose name, an alias or a number matches; `matched` says which."""
    digits = _digits(folded)
    out = []
    for e in list_entities(ws, case):
        matched = [n for n in [e["name"], *e["aliases"]] if folded in fold_text(n)]
        if len(digits) >= MIN_DIGITS:
            matched += [n for n in e["phones"] if digits in _digits(n)]
        if matched:
            out.append({"id": e["id"], "name": e["name"], "aliases": e["aliases"], "matched": matched})
    return out


def search_numbers(ws: Workspace, case: Case, folded: str, limit: int) -> list[dict[str, Any]]:
    """Numbers of the call and subscriber records whose digits contain the query's, with their user."""
    digits = _digits(folded)
    if len(digits) < MIN_DIGITS:
        return []
    pattern = f"%{digits}%"
    numbers = union(
        select(calls.c.caller_e164.label("n")).where(
            calls.c.case_id == case.id, calls.c.caller_e164.like(pattern)
        ),
        select(calls.c.callee_e164.label("n")).where(
            calls.c.case_id == case.id, calls.c.callee_e164.like(pattern)
        ),
        select(subscribers.c.number_e164.label("n")).where(
            subscribers.c.case_id == case.id,
            or_(subscribers.c.number_e164.like(pattern), subscribers.c.number_raw.like(pattern)),
        ),
    ).subquery()
    with ws.engine.connect() as conn:
        found = conn.execute(
            select(numbers.c.n).where(numbers.c.n.is_not(None)).order_by(numbers.c.n).limit(limit)
        )
        found = [r.n for r in found]
        users = number_users(conn, case.id)
    return [{"number": n, "entity": users.get(n)} for n in found]


def search_case(ws: Workspace, case: Case, query: str, limit: int = 100) -> dict[str, Any]:
    folded = fold_text(query).strip()
    if not folded:
        return {"query": query, "texts": [], "text_total": 0, "entities": [], "numbers": []}
    texts, total = search_texts(ws, case, folded, limit)
    return {
        "query": query,
        "texts": texts,
        "text_total": total,
        "entities": search_entities(ws, case, folded),
        "numbers": search_numbers(ws, case, folded, limit),
    }
