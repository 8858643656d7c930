"""The case cut into passages (sentences and call turns), each with the people it concerns.

A passage concerns a person when it names them (a resolved mention), when they speak it (a call turn),
when it is spoken to them (the other party of a two-party call), or when it is their own statement (the
answers of the hearing record of which they are the subject). A sentence that names nobody but goes on
with "il/elle/he/she/him" is read about the last person named earlier in the paragraph (a few
sentences at most). Questions are never evidence: an investigator's "vous a-t-on frappée ?" proves nothing.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, select

from filiere.ingest.datetimes import parse_date
from filiere.store.tables import calls, evidence, evidence_pages, mentions, observations, turns

QUESTION_SPEAKERS = frozenset({"q", "d", "question", "demande", "officier", "officer", "opj", "enqueteur"})
SKIPPED_KINDS = ("cdr", "subscribers", "links")
# Hearing records wrap their lines: a sentence ends at . ! ? or a blank line, never at a single line break.
_BOUNDARY = re.compile(
    r"(?<!\b[A-Z])(?<!\bM)(?<!\bMme)(?<!\bMr)(?<!\bDr)(?<!\bn°)[.!?…]+[\"»”')\]]*\s+|\n\s*\n"
)
_PRONOUN = re.compile(r"\b(?:il|elle|lui|he|she|him|his|her)\b", re.IGNORECASE)
PRONOUN_REACH = 6  # sentences a pronoun may reach back to the last name, within one paragraph or turn


@dataclass
class Passage:
    evidence: int
    page: int
    start: int  # text == page_text[start:end]
    end: int
    text: str
    named: list[int] = field(default_factory=list)  # entity ids, in the order the passage names them
    speaker: int | None = None
    listener: int | None = None
    subject: int | None = None  # the person heard, for the answers of a hearing record
    inherited: bool = False  # `named` comes from the sentence before (a pronoun)
    turn: int | None = None  # the call or hearing turn (an answer) the sentence belongs to

    def concerns(self, person: int) -> bool:
        return person in self.named or person in (self.speaker, self.listener)

    def cite(self) -> dict:
        return {
            "evidence": self.evidence,
            "page": self.page,
            "span": [self.start, self.end],
            "quote": self.text,
        }


@dataclass
class CaseText:
    passages: list[Passage]
    headers: dict[int, dict]  # evidence id -> hearing header (name, birth_date, age, status…)
    heard: dict[int, int]  # hearing evidence id -> the entity heard
    pages: dict[tuple[int, int], str]
    dates: dict[int, date | None]  # evidence id -> the date the document bears


def case_text(conn: Connection, case_id: int, phone_users: dict[str, int]) -> CaseText:
    """Every passage of the case's readable evidence with the people it concerns."""
    docs = {
        r.id: r
        for r in conn.execute(
            select(evidence.c.id, evidence.c.kind, evidence.c.details).where(
                evidence.c.case_id == case_id, evidence.c.kind.not_in(SKIPPED_KINDS)
            )
        )
    }
    pages = {
        (r.evidence_id, r.page_no): r.text
        for r in conn.execute(
            select(evidence_pages.c.evidence_id, evidence_pages.c.page_no, evidence_pages.c.text)
            .join(evidence, evidence.c.id == evidence_pages.c.evidence_id)
            .where(evidence.c.case_id == case_id)
        )
        if r.evidence_id in docs
    }
    headers = {i: (d.details or {}).get("header") or {} for i, d in docs.items()}
    dates = {i: parse_date(h["date"]) if h.get("date") else None for i, h in headers.items()}
    heard = {
        r.evidence_id: r.entity_id
        for r in conn.execute(
            select(observations.c.evidence_id, observations.c.entity_id).where(
                observations.c.case_id == case_id, observations.c.kind == "heard"
            )
        )
        if r.entity_id is not None
    }
    named = _named(conn, case_id)
    speakers = _speakers(conn, case_id)
    listeners = _listeners(conn, case_id, speakers, phone_users)
    passages: list[Passage] = []
    turn_rows = defaultdict(list)
    for r in conn.execute(
        select(turns.c.id, turns.c.evidence_id, turns.c.speaker, turns.c.start_char, turns.c.end_char)
        .join(evidence, evidence.c.id == turns.c.evidence_id)
        .where(evidence.c.case_id == case_id)
        .order_by(turns.c.evidence_id, turns.c.seq)
    ):
        turn_rows[r.evidence_id].append(r)
    for (evidence_id, page_no), text in sorted(pages.items()):
        statement_start = int((docs[evidence_id].details or {}).get("statement_start") or 0)
        spans = _spans(text, turn_rows.get(evidence_id, []) if page_no == 1 else [])
        last_named: list[int] = []
        since_named = PRONOUN_REACH
        last_end, last_turn = 0, None
        for start, end, turn in spans:
            sentence = text[start:end]
            if turn is not None and turn.speaker.strip().lower().rstrip(".") in QUESTION_SPEAKERS:
                since_named = PRONOUN_REACH
                continue
            passage = Passage(evidence_id, page_no, start, end, sentence)
            passage.named = _people_in(start, end, named.get((evidence_id, page_no), []))
            if turn is not None:
                passage.turn = turn.id
                passage.speaker = speakers.get(turn.id)
                passage.listener = listeners.get(turn.id)
            if docs[evidence_id].kind == "interview" and start < statement_start:
                continue  # the identity block: read for ages only (ages.py)
            if evidence_id in heard:
                passage.subject = heard[evidence_id]
            since_named += 1
            if "\n\n" in text[last_end:start] or (turn is not None and turn.id != last_turn):
                since_named = PRONOUN_REACH + 1  # a new paragraph or answer: the pronoun starts afresh
            last_end, last_turn = end, turn.id if turn is not None else None
            if passage.named:
                last_named, since_named = passage.named, 0
            elif last_named and since_named <= PRONOUN_REACH and _PRONOUN.search(sentence):
                passage.named, passage.inherited = [last_named[-1]], True
            if not sentence.rstrip().endswith("?"):
                passages.append(passage)
    return CaseText(passages, headers, heard, pages, dates)


def _spans(text: str, turn_rows: list) -> list[tuple[int, int, object | None]]:
    """Sentences of the page; inside a call or hearing turn, the turn's sentences with the turn."""
    out: list[tuple[int, int, object | None]] = []
    position = 0
    for t in turn_rows:
        if t.start_char < position or t.end_char > len(text):
            continue
        out.extend((a, b, None) for a, b in sentence_spans(text, position, t.start_char))
        out.extend((a, b, t) for a, b in sentence_spans(text, t.start_char, t.end_char))
        position = t.end_char
    out.extend((a, b, None) for a, b in sentence_spans(text, position, len(text)))
    return out


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end], whitespace trimmed; offsets in `text`."""
    end = len(text) if end is None else end
    spans, position = [], start
    for match in _BOUNDARY.finditer(text, start, end):
        spans.append((position, match.start() + len(match.group().rstrip())))
        position = match.end()
    spans.append((position, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _named(conn: Connection, case_id: int) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """(evidence, page) -> (offset, entity) of every resolved person mention, in page order."""
    rows = conn.execute(
        select(observations.c.entity_id, mentions.c.evidence_id, mentions.c.page_no, mentions.c.start_char)
        .join(mentions, mentions.c.id == observations.c.mention_id)
        .where(observations.c.case_id == case_id, observations.c.kind == "mention")
        .order_by(mentions.c.evidence_id, mentions.c.page_no, mentions.c.start_char)
    ).all()
    by_page: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for r in rows:
        if r.entity_id is not None:
            by_page[(r.evidence_id, r.page_no)].append((r.start_char, r.entity_id))
    return by_page


def _people_in(start: int, end: int, found: list[tuple[int, int]]) -> list[int]:
    """The people mentioned in [start, end), in order, once each."""
    i = bisect.bisect_left(found, (start, -1))
    people: list[int] = []
    while i < len(found) and found[i][0] < end:
        if found[i][1] not in people:
            people.append(found[i][1])
        i += 1
    return people


def _speakers(conn: Connection, case_id: int) -> dict[int, int]:
    """turn id -> the entity who speaks it (transcript speaker labels, resolved)."""
    rows = conn.execute(
        select(mentions.c.turn_id, observations.c.entity_id)
        .join(mentions, mentions.c.id == observations.c.mention_id)
        .where(observations.c.case_id == case_id, observations.c.kind == "speaker")
    ).all()
    return {r.turn_id: r.entity_id for r in rows if r.turn_id is not None and r.entity_id is not None}


def _listeners(
    conn: Connection, case_id: int, speakers: dict[int, int], phone_users: dict[str, int]
) -> dict[int, int]:
    """turn id -> the one other party of the call, when there is exactly one ("tu charges demain")."""
    parties: dict[int, set[int]] = defaultdict(set)
    turn_call: dict[int, int] = {}
    for r in conn.execute(
        select(turns.c.id, turns.c.evidence_id)
        .join(evidence, evidence.c.id == turns.c.evidence_id)
        .where(evidence.c.case_id == case_id, evidence.c.kind == "transcript")
    ):
        turn_call[r.id] = r.evidence_id
        if r.id in speakers:
            parties[r.evidence_id].add(speakers[r.id])
    for r in conn.execute(
        select(calls.c.evidence_id, calls.c.caller_e164, calls.c.callee_e164)
        .join(evidence, evidence.c.id == calls.c.evidence_id)
        .where(calls.c.case_id == case_id, evidence.c.kind == "transcript")
    ):
        for number in (r.caller_e164, r.callee_e164):
            if number in phone_users:
                parties[r.evidence_id].add(phone_users[number])
    out = {}
    for turn_id, call in turn_call.items():
        others = parties[call] - {speakers.get(turn_id)}
        if turn_id in speakers and len(others) == 1:
            out[turn_id] = next(iter(others))
    return out
