"""Choose among overlapping mentions: precise rules beat the statistical model, longer beats shorter.

A facility ("ghetto de Salah") may contain a person ("Salah"): both are kept, since the analyst needs
the place and the man who runs it. Any other overlap keeps one mention.
"""

from __future__ import annotations

from filiere.extract.mention import Mention

# Lower rank wins an overlap. Rules whose patterns are exact come first; spaCy comes last.
RANK = {
    "phone": 0,
    "money": 1,
    "document": 2,
    "channel": 3,
    "date": 4,
    "vehicle": 5,
    "place": 6,
    "organization": 7,
    "person": 8,
}
NESTED_ALLOWED = {("place", "person"), ("place", "organization"), ("organization", "place")}


def _rank(m: Mention) -> tuple[int, int, int, int]:
    from_model = m.source.startswith("spacy")
    return (from_model, RANK.get(m.type, 9), -(m.end - m.start), m.start)


def _may_nest(outer: Mention, inner: Mention) -> bool:
    contains = outer.start <= inner.start and inner.end <= outer.end
    facility = isinstance(outer.value, dict) and outer.value.get("kind") == "facility"
    return contains and facility and (outer.type, inner.type) in NESTED_ALLOWED


def merge_mentions(candidates: list[Mention]) -> list[Mention]:
    """Non-conflicting mentions in text order."""
    kept: list[Mention] = []
    for candidate in sorted(candidates, key=_rank):
        if all(not candidate.overlaps(k) or _may_nest(k, candidate) or _may_nest(candidate, k) for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda m: (m.start, m.end))
