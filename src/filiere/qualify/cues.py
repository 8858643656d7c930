"""The cue lexicons (data/qualify/cues_*.yaml): phrases that support or contradict an element.

Rules, not a model: an investigator can read why a passage counts, and a magistrate can disagree with a
named cue. Every lexicon is applied to every passage, since hearings and calls mix French and English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from filiere.data import load_yaml
from filiere.errors import FiliereError
from filiere.extract.language import fold_text
from filiere.network.role_cues import fold_pattern

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "qualify"
LEXICONS = ("cues_fr.yaml", "cues_en.yaml")

# A negation that governs the cue: it ends at most one word before it. "il ne m'a jamais frappée",
# "personne ne m'a menacée", "he did not beat me", "nobody threatened us" — but not "personne ne bouge sans
# son accord" (the negation is the cue's own) nor "si je ne payais pas, on me vendrait" (another clause).
_NEGATION = re.compile(
    r"(?:\b(?:ne|n')\s*(?:(?:m'|t'|l'|s'|nous|vous|les|lui|leur|me|se)\s*)?(?:\w+\s+)?(?:jamais|pas|plus)"
    r"|\b(?:personne|rien|aucune?)\s+(?:ne|n')\s*(?:m'|l'|nous|les)\s*(?:\w+)?"
    r"|\b(?:not|never|no one|nobody)|n't)\s+(?:\w+\s+)?$"
)
NEGATABLE_KINDS = ("means", "purpose", "aggravating")


@dataclass(frozen=True)
class Cue:
    id: str
    elements: tuple[str, ...]  # "means.debt_bondage", "som.fee"…
    pattern: re.Pattern[str]
    contradicts: bool = False
    negatable: bool = True


@dataclass(frozen=True)
class CueHit:
    cue: str
    element: str
    start: int  # offsets in the passage text
    end: int
    supports: bool  # False: the passage speaks against the element


def parse_lexicon(text: str, name: str) -> list[Cue]:
    """Compile one lexicon; a broken entry is named with its file and id."""
    data = load_yaml(text) or {}
    cues = []
    for entry in data.get("cues") or []:
        cue_id = entry.get("id", "?")
        elements = tuple(entry.get("elements") or ())
        if not elements or "pattern" not in entry:
            raise FiliereError(f"{name}: cue {cue_id}: needs 'elements' and 'pattern'")
        try:
            pattern = re.compile(fold_pattern(str(entry["pattern"])))
        except re.error as exc:
            raise FiliereError(f"{name}: cue {cue_id}: bad pattern ({exc})") from exc
        negatable = entry.get("negatable", any(e.split(".")[0] in NEGATABLE_KINDS for e in elements))
        cues.append(Cue(cue_id, elements, pattern, entry.get("polarity") == "contradict", bool(negatable)))
    return cues


@cache
def lexicon() -> tuple[Cue, ...]:
    cues: list[Cue] = []
    for name in LEXICONS:
        cues.extend(parse_lexicon((DATA_DIR / name).read_text(encoding="utf-8"), name))
    return tuple(cues)


def find_cues(text: str, cues: tuple[Cue, ...] | None = None) -> list[CueHit]:
    """Every cue in `text` with the element it speaks to and whether it supports or contradicts it."""
    folded = fold_text(text)
    hits = []
    for cue in cues if cues is not None else lexicon():
        for m in cue.pattern.finditer(folded):
            if m.end() == m.start():
                continue
            negated = cue.negatable and bool(_NEGATION.search(folded, max(0, m.start() - 40), m.start()))
            supports = not cue.contradicts and not negated
            for element in cue.elements:
                hits.append(CueHit(cue.id, element, m.start(), m.end(), supports))
    return hits
