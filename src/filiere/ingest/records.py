"""What the parsers hand to the pipeline: plain records, each with its provenance (line, char span).

Parsers only read; they never touch the database, normalise phone numbers or know the case.
Raw text is kept next to every parsed value so that the original wording stays the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class CallRow(NamedTuple):
    """One call or SMS: a CDR row or the header of an intercept transcript."""

    line: int  # 1-based line of the original where the record is (CSV row line or header line)
    caller_raw: str | None
    callee_raw: str | None
    started_at: str | None  # local time as ISO "YYYY-MM-DD HH:MM:SS" (time zone of the case), or None
    duration_s: int | None
    call_type: str  # "voice", "sms" or "data"
    cell_id: str | None = None
    imei: str | None = None
    imsi: str | None = None


class SubscriberRow(NamedTuple):
    """One line of an operator's answer to a subscriber request."""

    line: int
    number_raw: str
    name: str | None
    id_document: str | None
    activated_on: str | None  # ISO date (YYYY-MM-DD) when readable, else the raw text
    operator: str | None
    address: str | None = None


class RowError(NamedTuple):
    """A row the parser could not read; ingestion reports it and goes on with the next row."""

    line: int
    message: str


@dataclass(frozen=True)
class Turn:
    """One line of dialogue (transcript) or one question/answer (hearing record)."""

    seq: int
    speaker: str
    text: str
    start: int  # character offset of the turn's text in the decoded document
    end: int
    line: int


@dataclass
class ParsedTranscript:
    """An intercepted call: header fields (canonical keys) and the dialogue turns."""

    text: str
    header: dict[str, str]  # reference, target_line, date, time, caller, callee, duration (raw values)
    header_lines: dict[str, int]
    call: CallRow | None
    turns: list[Turn]
    warnings: list[RowError] = field(default_factory=list)


@dataclass
class ParsedInterview:
    """A hearing record: identity block and statement."""

    text: str
    header: dict[str, str]  # reference, date, place, name, birth_date, birth_place, nationality, ...
    header_lines: dict[str, int]
    statement_start: int  # character offset where the statement begins
    turns: list[Turn]  # question/answer turns when the record is written that way, else empty
    warnings: list[RowError] = field(default_factory=list)


@dataclass
class ParsedDocument:
    """A PDF, DOCX or plain-text document: its text page by page."""

    pages: list[str]
    media_type: str
    metadata: dict[str, str] = field(default_factory=dict)
