"""A small phrase grammar for generated hearing records, so that two hearings of one case rarely share a
sentence.

Phrasings are data (src/filiere/data/train/hearings_fr.yaml, hearings_en.yaml). In a phrasing, `{slot}` is
filled from the case and `<rule>` by one phrasing of that rule, picked at random. A phrasing that needs a slot
the case does not have (no guide, no phone number given, nobody died) cannot be picked: the data decide what
the witness can say, the grammar only how.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from filiere.data import DATA_DIR, load_yaml

TOKEN = re.compile(r"\{(\w+)\}|<(\w+)>")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-zà-öø-ÿ])")
# "de"/"à" before a name or title that starts with an article ("Le Vieux", "le sergent"); the phrasings
# never put an object pronoun "le" after "de" or "à", so every such pair is an article.
_CONTRACTIONS = (
    (re.compile(r"\b([Dd])e [Ll]e\b"), r"\1u"),
    (re.compile(r"\b([Dd])e [Ll]es\b"), r"\1es"),
    (re.compile(r"\b([Àà]) [Ll]e\b"), lambda m: "Au" if m[1] == "À" else "au"),
    (re.compile(r"\b([Àà]) [Ll]es\b"), lambda m: "Aux" if m[1] == "À" else "aux"),
)
_ELIDABLE = re.compile(
    r"\b(que|Que|de|De|je|Je|le|Le|la|La|me|te|se|ne|lorsque|puisque|jusque) (?=[AEIOUÉÈÊÂÎÔaeiouéèêâîô])"
)

_AN = re.compile(r"\b([Aa]) (?=(?!one\b|uni|use|usu|eu)[AEIOUaeiou])")


@cache
def phrasebook(language: str) -> dict[str, Any]:
    """The phrasings of one language, loaded once."""
    path = DATA_DIR / "train" / f"hearings_{language}.yaml"
    return load_yaml(path.read_text(encoding="utf-8"))


class Slots:
    """What a phrasing may name: fixed values, and values computed when used (a member is introduced the
    first time they are named). `has` says whether a slot can be used now."""

    def __init__(self, values: dict[str, str] | None = None):
        self.values: dict[str, str] = dict(values or {})
        self.dynamic: dict[str, tuple[Callable[[], bool], Callable[[], str]]] = {}

    def has(self, name: str) -> bool:
        if name in self.values:
            return True
        entry = self.dynamic.get(name)
        return entry is not None and entry[0]()

    def get(self, name: str) -> str:
        if name in self.values:
            return self.values[name]
        return self.dynamic[name][1]()


class Expander:
    """Expands phrasings with one random stream and one set of slots."""

    def __init__(self, rules: dict[str, list[str]], rng: random.Random, slots: Slots, french: bool):
        self.rules = rules
        self.rng = rng
        self.slots = slots
        self.french = french

    def usable(self, template: str, depth: int = 0) -> bool:
        for match in TOKEN.finditer(template):
            slot, rule = match.groups()
            if slot is not None and not self.slots.has(slot):
                return False
            if rule is not None:
                if depth > 6 or rule not in self.rules:
                    return False
                if not any(self.usable(alt, depth + 1) for alt in self.rules[rule]):
                    return False
        return True

    def pick(self, alternatives: list[str]) -> str | None:
        """One usable phrasing, expanded; None when none is usable."""
        usable = [alt for alt in alternatives if self.usable(alt)]
        if not usable:
            return None
        return self.expand(self.rng.choice(usable))

    def expand(self, template: str) -> str:
        def replace(match: re.Match[str]) -> str:
            slot, rule = match.groups()
            if slot is not None:
                return self.slots.get(slot)
            return self.pick(self.rules[rule]) or ""

        return TOKEN.sub(replace, template)

    def answer(self, parts: list[list[str]]) -> str:
        """One sentence (or nothing) per part, joined, tidied."""
        sentences = [self.pick(part) for part in parts]
        return self.tidy(" ".join(s for s in sentences if s))

    def tidy(self, text: str) -> str:
        text = " ".join(text.split())
        # an introduction ends with a comma ("Sani ADAMOU, dit El Hadj,"): drop it before punctuation
        text = re.sub(r",(\s*)([,.;:!?)])", lambda m: (m[1] if m[2] in ":;!?" else "") + m[2], text)
        text = re.sub(r"\s+([,.)])", r"\1", text)
        text = french_fix(text) if self.french else english_fix(text)
        return capitalise(text)


def french_fix(text: str) -> str:
    """Contractions and elisions a slot can create ("de Le Vieux" -> "du Vieux", "que Issa" -> "qu'Issa")."""
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)

    return _ELIDABLE.sub(lambda m: m[1][:-1] + "'", text)


def english_fix(text: str) -> str:
    """ "a" before a vowel sound a slot can create ("a inspector" -> "an inspector")."""
    return _AN.sub(lambda m: m[1] + "n", text)


def capitalise(text: str) -> str:
    """Capital letter at the start of each sentence."""
    return _SENTENCE_START.sub(lambda m: m[1] + m[2].upper(), text)
