"""Response and request models of the JSON API: they are what /openapi.json documents.

Offsets are character offsets in a page's text (`text[start:end]` is the mention), the same as the
database's spans. Free-form values read from evidence (a parsed header, a mention's normalised value)
stay plain JSON objects.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field


def _as_utc(value: datetime) -> datetime:
    """Times the workspace records (ingested, created, recorded) are stored in UTC without an offset."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _as_local_text(value: Any) -> Any:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value


# RFC 3339 with its offset, so a client never reads a UTC time as its own local time
UtcTime = Annotated[datetime, AfterValidator(_as_utc)]
# a call's time as the operator wrote it, in the case country's local time: no offset is known, so it is
# not an RFC 3339 date-time but text ("2025-03-04T21:04:33")
LocalTime = Annotated[
    str,
    BeforeValidator(_as_local_text),
    Field(description="Local time of the case's country as the operator wrote it, ISO 8601 without offset."),
]


class Message(BaseModel):
    detail: str = Field(description="What went wrong, in the request's language.")


class CaseItem(BaseModel):
    slug: str
    title: str
    country: str | None
    created_at: UtcTime
    created_by: str
    counts: dict[str, int] = Field(description="Originals (by kind), calls, turns, mentions, people…")


class EvidenceItem(BaseModel):
    id: int
    kind: str
    original_name: str
    sha256: str
    size: int
    record_count: int
    issue_count: int
    ingested_at: UtcTime
    ingested_by: str


class EvidencePage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[EvidenceItem]


class PageText(BaseModel):
    page_no: int
    text: str


class Turn(BaseModel):
    id: int
    seq: int
    speaker: str
    text: str
    start: int = Field(description="Offset of the turn in page 1's text.")
    end: int
    line: int


class Mention(BaseModel):
    id: int
    type: str = Field(description="person, phone, place, date, money, organization, vehicle, document…")
    text: str
    page: int
    start: int
    end: int
    value: Any = None
    entity: int | None = Field(None, description="The person it was resolved to, when it was.")
    turn: int | None = None
    source: str
    confidence: float


class EvidenceDetail(BaseModel):
    id: int
    kind: str
    original_name: str
    sha256: str
    size: int
    encoding: str | None
    ingested_at: UtcTime
    ingested_by: str
    record_count: int
    issue_count: int
    header: dict[str, Any]
    pages: list[PageText]
    turns: list[Turn]
    mentions: list[Mention]


class EvidenceRows(BaseModel):
    evidence: int
    table: Literal["calls", "subscribers"]
    total: int
    offset: int
    limit: int
    rows: list[dict[str, Any]]


class EntityItem(BaseModel):
    id: int
    name: str
    aliases: list[str]
    phones: list[str]
    observations: int | None = None
    role: str | None = None
    rank: int | None = None
    community: int | None = None


class Phone(BaseModel):
    number: str
    links: dict[str, list[int]] = Field(description='"user" / "subscriber" -> evidence ids that say so.')


class MentionContext(BaseModel):
    evidence: int
    page: int
    text: str = Field(description="The sentence the mention is in.")
    start: int = Field(description="Offset of the mention in `text`.")
    end: int
    page_start: int = Field(description="Offset of the mention in the page text.")
    page_end: int


class Observation(BaseModel):
    key: str = Field(description='Stable key ("mention:12"): what a split takes out.')
    kind: str
    name: str | None
    alias: str | None
    phone: str | None
    link: str | None
    evidence: int
    mention: int | None
    context: MentionContext | None = None


class MergeEntry(BaseModel):
    rule: str
    reason: str
    joined: list[str]
    evidence: list[int]


class CallSummary(BaseModel):
    with_: str = Field(alias="with", description="Graph node of the counterpart.")
    label: str
    entity: int | None
    kind: Literal["call", "sms"]
    count: float
    first: LocalTime | None
    last: LocalTime | None
    evidence: list[int]

    model_config = {"populate_by_name": True}


class Payment(BaseModel):
    amount: float | None
    currency: str | None
    text: str
    evidence: int
    page: int
    mention: int
    context: str


class EntityRecord(BaseModel):
    """What `filiere entity show --json` prints."""

    id: int
    name: str
    aliases: list[str]
    phones: list[Phone]
    documents: list[Any] = []
    mentions: list[Observation]
    merge_log: list[MergeEntry]


class EntityDetail(EntityRecord):
    role: str | None
    role_evidence: list[dict[str, Any]]
    community: int | None
    scores: dict[str, float] | None
    rank: int | None
    rank_reasons: list[str]
    calls: list[CallSummary]
    payments: list[Payment]


class SplitRequest(BaseModel):
    mention: str = Field(description='Observation key ("mention:12") or a bare mention id.')


class SplitResult(BaseModel):
    entity: int
    split: str
    now_in: int


class MergeRequest(BaseModel):
    a: int = Field(ge=0, le=2**31 - 1, description="Entity id of one person.")
    b: int = Field(ge=0, le=2**31 - 1, description="Entity id of the other.")


class GraphNode(BaseModel):
    id: str = Field(description='"p<entity>" for a person, "n<E.164>" for a number nobody is known to use.')
    kind: Literal["person", "number", "label"]
    label: str
    role: str | None
    community: int | None
    score: float = Field(description="Key-player score, 0..1 (the chart's node size).")
    rank: int | None = Field(description="Rank among people by key-player score (1 = most important).")
    phones: list[str]
    entity: int | None = None


class GraphEdge(BaseModel):
    source: str
    target: str
    kind: str = Field(
        description="call, sms, cooccurrence, talks_about, payment, gives_orders, travel, link:…"
    )
    weight: float
    first: str | None
    last: str | None
    evidence: list[int]


class Graph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class TimelineItem(BaseModel):
    time: str | None
    kind: str = Field(description="call, sms, payment, movement or event")
    summary: str
    evidence: int


class Timeline(BaseModel):
    items: list[TimelineItem]


class Stop(BaseModel):
    name: str
    place_id: str | None
    lat: float | None
    lon: float | None
    first_seen: str | None
    evidence: list[int]


class Route(BaseModel):
    stops: list[Stop]


class TextHit(BaseModel):
    evidence: int
    original_name: str
    page: int
    start: int = Field(description="Offset of the match in the page text.")
    end: int
    snippet: str
    snippet_start: int
    match_start: int = Field(description="Offset of the match in `snippet`.")
    match_end: int


class EntityHit(BaseModel):
    id: int
    name: str
    aliases: list[str]
    matched: list[str] = Field(description="The names, aliases or numbers that matched.")


class NumberHit(BaseModel):
    number: str
    entity: int | None


class SearchResult(BaseModel):
    query: str
    texts: list[TextHit]
    text_total: int = Field(description="All text matches (texts lists the first ones).")
    entities: list[EntityHit]
    numbers: list[NumberHit]


class MlaEvent(BaseModel):
    kind: str = Field(description="drafted, edited, status, follow_up, received or unlinked")
    on: date = Field(description="The day it happened.")
    status: str | None = Field(None, description="The status entered (kind status).")
    note: str | None
    evidence_id: int | None = Field(None, description="The evidence linked or unlinked.")
    body_sha256: str | None = Field(None, description="The version of the request concerned.")
    by: str
    at: UtcTime = Field(description="When it was recorded (UTC).")


class MlaReceived(BaseModel):
    evidence_id: int
    name: str
    sha256: str
    kind: str
    received_on: date
    note: str | None


class MlaRequest(BaseModel):
    number: int = Field(description="Number of the request in the case.")
    reference: str
    requested_state: str = Field(description="ISO 3166-1 alpha-2 code.")
    language: str = Field(description="Language the request is written in: fr or en.")
    status: str = Field(description="draft, sent, acknowledged, executed or refused")
    drafted_on: date
    sent_on: date | None
    acknowledged_on: date | None
    closed_on: date | None = Field(description="Executed or refused on.")
    deadline: date | None = Field(description="Execution asked for by this day.")
    follow_up_due: date | None
    overdue: bool = Field(description="The follow-up date is past.")
    follow_ups: int
    foreign_reference: str | None = Field(description="The requested State's reference.")
    body_sha256: str = Field(description="SHA-256 of the stored version (the request as sent, once sent).")
    received: list[MlaReceived]
    events: list[MlaEvent]


class MlaFinding(BaseModel):
    severity: str = Field(description="error or warning")
    code: str
    message: str
    fix: str
    field: str = Field(description="Where in the request file the problem lies (may be empty).")


class MlaCheck(BaseModel):
    errors: list[MlaFinding]
    warnings: list[MlaFinding]


class MlaRequestDetail(MlaRequest):
    check: MlaCheck = Field(description="What the checker says of the stored version.")
