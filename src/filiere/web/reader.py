"""Cut a page of evidence into plain text and highlighted mentions, for the evidence reader.

The page text is untrusted: it is never turned into markup here. Each segment carries its text as it is
and the template escapes it; a mention's type becomes a CSS class only after being reduced to [a-z_].
Overlapping mentions (a speaker label read both as a name and as a speaker) are shown once: the longest
mention starting first wins, one linked to a person before one that is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_SAFE_TYPE = re.compile(r"[^a-z_]")


@dataclass(frozen=True)
class Segment:
    text: str
    type: str | None = None  # mention type ("person", "phone"…); None for the text between mentions
    entity: int | None = None  # the person this mention was resolved to, when any
    mention: int | None = None

    @property
    def css(self) -> str:
        return "m-" + (_SAFE_TYPE.sub("", (self.type or "").lower()) or "other")


def segments(
    text: str, mentions: Iterable[dict[str, Any]], start: int = 0, end: int | None = None
) -> list[Segment]:
    """`text[start:end]` as segments; `mentions` have start, end (offsets in `text`), type, and optionally
    id and entity. Mentions not wholly inside [start, end) are left out."""
    end = len(text) if end is None else min(end, len(text))
    inside = sorted(
        (m for m in mentions if start <= m["start"] < m["end"] <= end),
        key=lambda m: (m["start"], -(m["end"] - m["start"]), m.get("entity") is None),
    )
    out: list[Segment] = []
    position = start
    for m in inside:
        if m["start"] < position:
            continue
        if m["start"] > position:
            out.append(Segment(text[position : m["start"]]))
        out.append(Segment(text[m["start"] : m["end"]], str(m["type"]), m.get("entity"), m.get("id")))
        position = m["end"]
    if position < end:
        out.append(Segment(text[position:end]))
    return out
