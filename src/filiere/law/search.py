"""Full-text search of the legal library: one interface over SQLite FTS5 (BM25) and PostgreSQL.

Both engines index the same folded, stemmed terms (filiere.law.text), in French and English together,
so "smuggling" finds a French law by its English title and "trafic illicite" finds it by its own. A
query's words must all match; when none of the records has them all, any of them will do (ranked).
Snippets are cut and highlighted here, from the record's own text, so that both engines show the same.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from sqlalchemy import Connection, select, text

from filiere.i18n import current_language
from filiere.law.rank import PG_VECTOR, bm25, idfs
from filiere.law.store import display_title, ensure_shipped
from filiere.law.text import STOPWORDS, stem, terms, words
from filiere.store.database import is_sqlite
from filiere.store.tables import law_records
from filiere.workspace import Workspace

MARK = ("**", "**")  # highlight around a matched word in a snippet
SNIPPET_WORDS = 30
CANDIDATES = 200  # records an engine hands to the BM25 re-scoring, at least
_TOKEN = re.compile(r"^[a-z0-9]+$")


def query_terms(query: str) -> list[str]:
    """The distinct index terms of a query (unsafe characters cannot reach the engine's syntax)."""
    return list(dict.fromkeys(t for t in terms(query or "") if _TOKEN.match(t)))


def _filters(country, kind, crime, year) -> tuple[str, dict[str, Any]]:
    clauses, params = [], {}
    if country:
        clauses.append("r.country = :country")
        params["country"] = country.upper()
    if kind:
        clauses.append("r.kind = :kind")
        params["kind"] = kind
    if crime:
        clauses.append("r.crimes LIKE :crime")
        params["crime"] = f"% {crime} %"
    if year:
        clauses.append("r.year = :year")
        params["year"] = int(year)
    return "".join(f" AND {c}" for c in clauses), params


def _match_sql(conn: Connection, qterms: list[str], any_term: bool) -> tuple[str, str, str, dict]:
    """FROM, WHERE and score expression matching `qterms` on this engine."""
    if not qterms:
        return "law_records r", "1=1", "0.0", {}
    if is_sqlite(conn):
        joined = (" OR " if any_term else " ").join(f'"{t}"' for t in qterms)
        return (
            "law_fts JOIN law_records r ON r.pk = law_fts.rowid",
            "law_fts MATCH :q",
            "-bm25(law_fts, 10.0, 1.0)",
            {"q": joined},
        )
    joined = (" | " if any_term else " & ").join(qterms)
    return (
        "law_records r",
        f"{PG_VECTOR} @@ to_tsquery('simple', :q)",
        f"ts_rank_cd('{{0.1, 0.2, 0.4, 1.0}}', {PG_VECTOR}, to_tsquery('simple', :q), 1)",
        {"q": joined},
    )


def _rows(conn: Connection, qterms, filters, limit: int | None, columns: str):
    where_filters, params = filters
    for any_term in (False, True) if len(qterms) > 1 else (False,):
        source, where, score, match_params = _match_sql(conn, qterms, any_term)
        order = "score DESC, r.id" if qterms else "r.year DESC, r.id"
        sql = f"SELECT {columns}, {score} AS score FROM {source} WHERE {where}{where_filters}"
        sql += f" ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT :limit"
            params = {**params, "limit": limit}
        rows = conn.execute(text(sql), {**params, **match_params}).all()
        if rows:
            return rows
    return []


def search_law(
    ws: Workspace,
    query: str,
    country: str | None = None,
    kind: str | None = None,
    crime: str | None = None,
    year: int | None = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Records matching `query` and the filters, best first: id, kind, country, title, score, snippet…"""
    ensure_shipped(ws)
    qterms = query_terms(query)
    pool = max(CANDIDATES, 5 * limit) if qterms else limit
    columns = "r.pk, r.id, r.kind, r.country, r.year, r.status, r.search_title, r.search_body"
    with ws.engine.connect() as conn:
        rows = _rows(conn, qterms, _filters(country, kind, crime, year), pool, columns)
        idf, avg_len = idfs(conn, ws.url, qterms) if rows and qterms else ({}, 1.0)
        scored = [(bm25(qterms, row.search_title, row.search_body, idf, avg_len), row) for row in rows]
        scored.sort(key=lambda pair: (-pair[0], pair[1].id) if qterms else 0)
        scored = scored[:limit]
        wanted = [row.pk for _score, row in scored]
        query = select(law_records.c.pk, law_records.c.record).where(law_records.c.pk.in_(wanted))
        records = dict(conn.execute(query).all()) if wanted else {}
    language = current_language()
    results = []
    for score, row in scored:
        record = _json(records[row.pk])
        results.append(
            {
                "id": row.id,
                "kind": row.kind,
                "country": row.country,
                "title": display_title(record, language),
                "score": round(score, 4),
                "snippet": snippet(record, qterms, language),
                "status": row.status,
                "year": row.year,
            }
        )
    return results


def _json(value: Any) -> dict[str, Any]:
    """A JSON column read through text() SQL: text on SQLite, already decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def facets(
    ws: Workspace,
    query: str = "",
    country: str | None = None,
    kind: str | None = None,
    crime: str | None = None,
    year: int | None = None,
) -> dict[str, dict[str, int]]:
    """How many matching records fall in each country, kind, crime type and year (largest first)."""
    ensure_shipped(ws)
    with ws.engine.connect() as conn:
        rows = _rows(
            conn,
            query_terms(query),
            _filters(country, kind, crime, year),
            None,
            "r.kind, r.country, r.year, r.crimes",
        )
    counts: dict[str, Counter] = {name: Counter() for name in ("country", "kind", "crime", "year")}
    for row in rows:
        counts["country"][row.country] += 1
        counts["kind"][row.kind] += 1
        counts["crime"].update(row.crimes.split())
        if row.year:
            counts["year"][str(row.year)] += 1
    return {name: dict(counter.most_common()) for name, counter in counts.items()}


def _candidates(record: dict[str, Any], language: str) -> list[str]:
    """Texts a snippet may come from, in the reader's language first, summaries before articles."""
    order = [language, "fr" if language == "en" else "en"]
    found: list[str] = []
    for lang in order:
        found += [t for t in [(record.get("summary") or {}).get(lang)] if t]
    for article in record.get("articles", []):
        for lang in order:
            for key in ("heading", "summary"):
                value = (article.get(key) or {}).get(lang)
                if value:
                    found.append(f"Art. {article['number']} — {value}")
    for field in ("facts", "reasoning", "outcome"):
        value = record.get(field)
        if isinstance(value, dict):
            found += [value.get(lang) for lang in order if value.get(lang)]
        elif isinstance(value, str):
            found.append(value)
    found += [t for lang in order if (t := record["title"].get(lang))]
    return found


def snippet(record: dict[str, Any], qterms: list[str], language: str = "en") -> str:
    """About SNIPPET_WORDS words of the record around its best match, matched words between MARK."""
    wanted = set(qterms)
    best, best_hits = "", -1
    for candidate in _candidates(record, language):
        hits = sum(1 for _s, _e, w in words(candidate) if w not in STOPWORDS and stem(w) in wanted)
        if hits > best_hits:
            best, best_hits = candidate, hits
    spans = words(best)
    if not spans:
        return ""
    matched = [i for i, (_s, _e, w) in enumerate(spans) if w not in STOPWORDS and stem(w) in wanted]
    first = max(0, (matched[0] if matched else 0) - SNIPPET_WORDS // 3)
    last = min(len(spans), first + SNIPPET_WORDS)
    start, end = spans[first][0], spans[last - 1][1]
    out, pos = [], start
    for i in matched:
        s, e, _w = spans[i]
        if start <= s and e <= end:
            out += [best[pos:s], MARK[0], best[s:e], MARK[1]]
            pos = e
    out.append(best[pos:end])
    prefix = "… " if first > 0 else ""
    suffix = " …" if last < len(spans) else ""
    return prefix + "".join(out) + suffix
