"""Sentence boundaries by rule: fast, language-neutral, good enough to show a mention in context."""

from __future__ import annotations

import re

# A sentence ends at . ! ? … (not after a one-letter initial or a common abbreviation) or at a line break.
_BOUNDARY = re.compile(r"(?<!\b[A-Z])(?<!\bM)(?<!\bMme)(?<!\bMr)(?<!\bDr)(?<!\bn°)[.!?…]+[\"»”')\]]*\s+|\n+")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end], offsets in `text`, whitespace trimmed."""
    end = len(text) if end is None else end
    spans = []
    position = start
    for match in _BOUNDARY.finditer(text, start, end):
        spans.append((position, match.start() + len(match.group().rstrip())))
        position = match.end()
    if position < end:
        spans.append((position, end))
    return [_trim(text, a, b) for a, b in spans if text[a:b].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_of(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end) — or the smallest run of sentences covering it."""
    first = next((s for s in spans if s[0] <= start < s[1]), None)
    last = next((s for s in spans if s[0] < end <= s[1]), None)
    if first is None or last is None:
        return start, end
    return first[0], last[1]
