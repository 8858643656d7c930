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


def _named_person(m: Mention) -> bool:
    """A rule-found speaker, nickname or titled name ("OLD MAN", "Oga Sunday") outranks the weekday, truck
    make or town it contains ("Sunday", "MAN", "Man")."""
    value = m.value if isinstance(m.value, dict) else {}
    return (
        m.type == "person"
        and not m.source.startswith("spacy")
        and (value.get("kind") in ("speaker", "nickname") or bool(value.get("title")))
    )


def _rank(m: Mention) -> tuple[int, float, int, int]:
    from_model = m.source.startswith("spacy")
    rank = 1.5 if _named_person(m) else RANK.get(m.type, 9)
    return (from_model, rank, -(m.end - m.start), m.start)


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
