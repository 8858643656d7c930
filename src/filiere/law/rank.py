"""BM25 scores computed the same way on SQLite and PostgreSQL, over the candidates an engine returns.

The engines only choose candidates (FTS5's bm25 or PostgreSQL's ts_rank_cd, best first); the final score
is Okapi BM25 with the non-negative IDF of Lucene, title terms counted TITLE_WEIGHT times. FTS5's own
BM25 floors the IDF of a word found in more than half the records at almost zero, which in a library of
a few dozen texts about the same crimes (every one says "migrants") leaves most scores at 0.0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Connection, text

from filiere.store.database import is_sqlite

K1, B, TITLE_WEIGHT = 1.2, 0.75, 5.0
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_body), 'D'))"
)


@dataclass
class Stats:
    docs: int
    avg_len: float  # weighted terms per record: TITLE_WEIGHT × title + body


_stats: dict[str, Stats] = {}


def forget(url: str) -> None:
    """Drop the cached corpus figures of a workspace (after records were added or changed)."""
    _stats.pop(url, None)


def corpus_stats(conn: Connection, url: str) -> Stats:
    if url not in _stats:
        terms_in = (
            "(length({c}) - length(replace({c}, ' ', '')) + CASE WHEN length({c}) > 0 THEN 1 ELSE 0 END)"
        )
        row = conn.execute(
            text(
                f"SELECT count(*), avg({terms_in.format(c='search_title')}), "
                f"avg({terms_in.format(c='search_body')}) FROM law_records"
            )
        ).one()
        docs = int(row[0] or 0)
        _stats[url] = Stats(docs, TITLE_WEIGHT * float(row[1] or 0) + float(row[2] or 0) or 1.0)
    return _stats[url]


def doc_frequency(conn: Connection, term: str) -> int:
    """How many records hold `term` (a folded, stemmed, [a-z0-9] word)."""
    if is_sqlite(conn):
        sql = "SELECT count(*) FROM law_fts WHERE law_fts MATCH :q"
        return conn.execute(text(sql), {"q": f'"{term}"'}).scalar_one()
    sql = f"SELECT count(*) FROM law_records WHERE {PG_VECTOR} @@ to_tsquery('simple', :q)"
    return conn.execute(text(sql), {"q": term}).scalar_one()


def bm25(qterms: list[str], title: str, body: str, idf: dict[str, float], avg_len: float) -> float:
    """BM25F-lite score of one record from its stored search columns."""
    title_terms, body_terms = title.split(), body.split()
    length = TITLE_WEIGHT * len(title_terms) + len(body_terms)
    score = 0.0
    for term in qterms:
        tf = TITLE_WEIGHT * title_terms.count(term) + body_terms.count(term)
        if tf:
            score += idf[term] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avg_len))
    return score


def idfs(conn: Connection, url: str, qterms: list[str]) -> tuple[dict[str, float], float]:
    stats = corpus_stats(conn, url)
    result = {}
    for term in qterms:
        n = doc_frequency(conn, term)
        result[term] = math.log(1 + (stats.docs - n + 0.5) / (n + 0.5))
    return result, stats.avg_len
