"""Cut a page of evidence into segments: the units that get a language, a pipeline and sentences.

Transcripts and hearing records are cut at their turns (each turn keeps its speaker and its language);
other text at blank lines. No segment exceeds MAX_CHARS, so a 50 MB text file is processed in bounded
pieces and spaCy never sees a document longer than it can hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_CHARS = 20_000
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Turn:
    id: int | None
    speaker: str
    start: int
    end: int
    speaker_start: int | None = None  # span of the speaker label in the page, when found
    speaker_end: int | None = None


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    turn: Turn | None = None


def _bounded(text: str, start: int, end: int, turn: Turn | None) -> Iterator[Segment]:
    while end - start > MAX_CHARS:
        cut = text.rfind(" ", start + MAX_CHARS // 2, start + MAX_CHARS)
        cut = cut if cut > start else start + MAX_CHARS
        yield Segment(start, cut, turn)
        start = cut
    if text[start:end].strip():
        yield Segment(start, end, turn)


def _paragraphs(text: str, start: int, end: int) -> Iterator[Segment]:
    position = start
    for match in _PARAGRAPH.finditer(text, start, end):
        yield from _bounded(text, position, match.start(), None)
        position = match.end()
    yield from _bounded(text, position, end, None)


def segment_page(text: str, turns: list[Turn]) -> list[Segment]:
    """Segments covering the page: the text outside turns by paragraph, each turn whole."""
    segments: list[Segment] = []
    position = 0
    for turn in sorted(turns, key=lambda t: t.start):
        if turn.start > position:
            segments.extend(_paragraphs(text, position, turn.start))
        segments.extend(_bounded(text, turn.start, turn.end, turn))
        position = max(position, turn.end)
    segments.extend(_paragraphs(text, position, len(text)))
    return segments


def find_speaker_label(text: str, turn_start: int, speaker: str) -> tuple[int, int] | None:
    """Where the speaker label of a turn is written: on the same line, before the turn's text."""
    line_start = text.rfind("\n", 0, turn_start) + 1
    index = text.find(speaker, line_start, turn_start)
    return (index, index + len(speaker)) if index >= 0 else None
