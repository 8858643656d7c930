"""What the passages about one person say, element by element: supporting and contradicting citations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from filiere.qualify.cues import find_cues
from filiere.qualify.passages import Passage

MAX_CITATIONS = 5


@dataclass
class Findings:
    supporting: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    contradicting: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def add(self, element: str, passage: Passage, supports: bool) -> None:
        bucket = (self.supporting if supports else self.contradicting)[element]
        citation = passage.cite()
        if citation not in bucket:
            bucket.append(citation)

    def support(self, *prefixes: str) -> list[dict]:
        """Citations for every element starting with one of the prefixes ("means." → all means)."""
        return _gather(self.supporting, prefixes)

    def contra(self, *prefixes: str) -> list[dict]:
        return _gather(self.contradicting, prefixes)

    def kinds(self, prefix: str) -> list[str]:
        """The supported sub-elements of a family: "purpose." → ["forced_labour", …]."""
        return sorted(
            e[len(prefix) :] for e, cites in self.supporting.items() if e.startswith(prefix) and cites
        )


def _gather(table: dict[str, list[dict]], prefixes: tuple[str, ...]) -> list[dict]:
    out: list[dict] = []
    for element in sorted(table):
        if element.startswith(prefixes):
            out.extend(c for c in table[element] if c not in out)
    return sorted(out, key=lambda c: (c["evidence"], c["page"], c["span"][0] if c["span"] else 0))


class CueIndex:
    """The cue hits of every passage, computed once."""

    def __init__(self, passages: list[Passage]):
        self.hits = {id(p): find_cues(p.text) for p in passages}

    def findings(self, passages: list[Passage]) -> Findings:
        found = Findings()
        for p in passages:
            for hit in self.hits[id(p)]:
                found.add(hit.element, p, hit.supports)
        return found
