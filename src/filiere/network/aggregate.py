"""Calls into edges, in the database: one row per pair of numbers, whatever the number of call records.

A case's CDRs can hold tens of millions of rows; Python never sees them one by one. The database groups
them by unordered pair of E.164 numbers (A calling B and B calling A are one edge) and returns the counts
of voice calls and SMS, the summed voice duration, the first and last time and the evidence files. Rows
that cannot make an edge are counted, not dropped silently: a missing or unreadable number, a number
calling itself, a data session (no other party).

The same SQL runs on SQLite and PostgreSQL. The pair is ordered with a CASE expression rather than
LEAST/GREATEST (PostgreSQL) or two-argument min/max (SQLite): one portable expression, in `_ordered`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, String, and_, case, cast, func, literal, or_, select

from filiere.store.tables import calls

EDGE_TYPES = ("voice", "sms")
STREAM = {"stream_results": True, "yield_per": 10_000}


@dataclass(frozen=True)
class CallEdge:
    a: str  # the smaller E.164 number of the pair (database string order)
    b: str
    calls: int  # voice calls, both directions
    sms: int
    total_duration: int  # seconds of voice calls; unknown durations count 0
    first: datetime | None
    last: datetime | None
    evidence_ids: tuple[int, ...]


@dataclass
class SkippedCalls:
    """The case's call rows and those that made no edge, by reason."""

    rows: int = 0
    missing_number: int = 0  # caller or callee absent or not a valid number
    self_calls: int = 0
    other_type: int = 0  # data sessions and anything that is neither voice nor SMS


def _ordered(x: ColumnElement, y: ColumnElement) -> tuple[ColumnElement, ColumnElement]:
    """(least, greatest) of two strings, the same on SQLite and PostgreSQL."""
    return case((x <= y, x), else_=y), case((x <= y, y), else_=x)


def call_edges(conn: Connection, case_id: int) -> Iterator[CallEdge | SkippedCalls]:
    """Every pair of numbers that called or texted each other, ordered by (a, b); then one SkippedCalls.

    The SkippedCalls summary is always the last item, so a caller that only wants it can take it after the
    loop (`network.build` does).
    """
    c = calls.c
    a, b = _ordered(c.caller_e164, c.callee_e164)
    voice = c.call_type == "voice"
    per_file = (
        select(
            a.label("a"),
            b.label("b"),
            c.evidence_id,
            func.sum(case((voice, 1), else_=0)).label("calls"),
            func.sum(case((c.call_type == "sms", 1), else_=0)).label("sms"),
            func.sum(case((voice, func.coalesce(c.duration_s, 0)), else_=0)).label("duration"),
            func.min(c.started_at).label("first"),
            func.max(c.started_at).label("last"),
        )
        .where(
            c.case_id == case_id,
            c.caller_e164.is_not(None),
            c.callee_e164.is_not(None),
            c.caller_e164 != c.callee_e164,
            c.call_type.in_(EDGE_TYPES),
        )
        .group_by(a, b, c.evidence_id)
        .subquery()
    )
    p = per_file.c
    pairs = (
        select(
            p.a,
            p.b,
            func.sum(p.calls).label("calls"),
            func.sum(p.sms).label("sms"),
            func.sum(p.duration).label("duration"),
            func.min(p.first).label("first"),
            func.max(p.last).label("last"),
            func.aggregate_strings(cast(p.evidence_id, String), ",").label("evidence"),
        )
        .group_by(p.a, p.b)
        .order_by(p.a, p.b)
    )
    for row in conn.execute(pairs, execution_options=STREAM):
        yield CallEdge(
            a=row.a,
            b=row.b,
            calls=int(row.calls or 0),
            sms=int(row.sms or 0),
            total_duration=int(row.duration or 0),
            first=row.first,
            last=row.last,
            evidence_ids=tuple(sorted({int(e) for e in str(row.evidence).split(",") if e})),
        )
    yield skipped_calls(conn, case_id)


def skipped_calls(conn: Connection, case_id: int) -> SkippedCalls:
    """Count the case's call rows and, by reason, those that cannot make an edge."""
    c = calls.c
    missing = or_(c.caller_e164.is_(None), c.callee_e164.is_(None))
    both = and_(c.caller_e164.is_not(None), c.callee_e164.is_not(None))
    self_call = and_(both, c.caller_e164 == c.callee_e164)
    other = and_(both, c.caller_e164 != c.callee_e164, c.call_type.not_in(EDGE_TYPES))
    row = conn.execute(
        select(
            func.count(),
            *(
                func.coalesce(func.sum(case((cond, 1), else_=0)), literal(0))
                for cond in (missing, self_call, other)
            ),
        ).where(c.case_id == case_id)
    ).one()
    return SkippedCalls(*(int(v or 0) for v in row))
