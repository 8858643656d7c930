"""Vehicles and boats: generic nouns, makes, models and number plates, from data/vocab/vehicles.yaml.

Adjacent words are read as one vehicle ("un pick-up Toyota Hilux", "camion de marque Mercedes"); the
kind comes from the noun, else the model, else the make. The French "car" is a coach, but also the
conjunction "because", so it counts only after a determiner ("le car", "un car"), and the English
"car" only after "the", "a", "his"… A plate in the few words after a vehicle ("Hilux immatriculé
AG 1234 RN") joins that vehicle's mention and value; a plate alone is a vehicle of unknown kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from filiere.data import load_yaml
from filiere.extract.mention import Context, Mention
from filiere.extract.textnorm import Lexicon, canonical, folded

_JOIN = re.compile(
    r"\s*(?:-|,)?\s*(?:(?:de\s+)?(?:marque|type|modele|make|model|brand)\s*:?\s*|of\s+make\s+)?"
)
_PLATE_GAP = 40  # characters between a vehicle and its plate
_SENTENCE_END = re.compile(r"[.!?;\n]")
_MODEL_AFTER_MAKE = re.compile(
    r"[ \t]+((?:[A-Z][\w-]*\d[\w-]*|[A-Z][a-z]+[\w-]*|\d{2,4}[A-Za-z]{0,3}))(?!\w)"
)
# Capitalised words that follow a make without being its model.
_NOT_MODELS = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "with",
        "of",
        "to",
        "in",
        "at",
        "for",
        "from",
        "le",
        "la",
        "les",
        "un",
        "une",
        "de",
        "du",
        "des",
        "et",
        "avec",
        "pour",
        "au",
        "aux",
        "en",
        "sur",
        "dans",
        "il",
        "elle",
        "ils",
        "he",
        "she",
        "they",
        "we",
        "nous",
        "blanc",
        "blanche",
        "white",
        "noir",
        "black",
    }
)


@dataclass(frozen=True)
class _Term:
    role: str  # noun, make, model
    kind: str | None
    make: str | None = None
    model: str | None = None
    alone: bool = True


@dataclass(frozen=True)
class _Vocab:
    terms: Lexicon[_Term]
    gated: re.Pattern[str]
    gated_kinds: dict[tuple[str, str], str]
    strong: list[tuple[re.Pattern[str], str | None]]
    weak: list[tuple[re.Pattern[str], str | None]]
    keyword: re.Pattern[str]


def _plates(specs: list[dict[str, Any]]) -> list[tuple[re.Pattern[str], str | None]]:
    return [(re.compile(r"(?<![\w-])(?:" + s["pattern"] + r")(?![\w-])"), s.get("country")) for s in specs]


@cache
def _vocab() -> _Vocab:
    path = resources.files("filiere") / "data" / "vocab" / "vehicles.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    terms: Lexicon[_Term] = Lexicon()
    for kind, words in data["nouns"].items():
        for word in words:
            terms.add(str(word), _Term("noun", kind))
    for kind, words in data.get("weak_nouns", {}).items():
        for word in words:
            terms.add(str(word), _Term("noun", kind, alone=False))
    for spec in data["makes"]:
        term = _Term("make", spec["kind"], make=spec["make"])
        for spelling in (spec["make"], *spec.get("variants", ())):
            terms.add(spelling, term, capitalised=bool(spec.get("capitalised")))
    for spec in data["models"]:
        term = _Term("model", spec["kind"], spec.get("make"), str(spec["model"]), spec.get("alone", True))
        for spelling in (str(spec["model"]), *spec.get("variants", ())):
            terms.add(spelling, term)
    gated_kinds = {}
    for spec in data["gated"]:
        for det in spec["before"]:
            gated_kinds[(canonical(det), canonical(spec["word"]))] = spec["kind"]
    dets = sorted({d for d, _ in gated_kinds}, key=len, reverse=True)
    words = sorted({w for _, w in gated_kinds}, key=len, reverse=True)
    gated = re.compile(
        r"(?<!\w)(" + "|".join(map(re.escape, dets)) + r")\s+(" + "|".join(map(re.escape, words)) + r")(?!\w)"
    )
    plates = data["plates"]
    keywords = sorted((canonical(k) for k in plates["keywords"]), key=len, reverse=True)
    keyword = re.compile(
        r"(?<!\w)(?:"
        + "|".join(map(re.escape, keywords))
        + r")\W{0,4}(?:(?:n°|no|nr|num|numero|number)\W{0,4})?$"
    )
    return _Vocab(terms, gated, gated_kinds, _plates(plates["strong"]), _plates(plates["weak"]), keyword)


def _hits(text: str, vocab: _Vocab) -> list[tuple[int, int, _Term]]:
    hits = list(vocab.terms.finditer(text))
    f = folded(text)
    for m in vocab.gated.finditer(f.text):
        start, end = f.span(m.start(2), m.end(2))
        hits.append((start, end, _Term("noun", vocab.gated_kinds[(m.group(1), m.group(2))])))
    hits.sort(key=lambda h: (h[0], -h[1]))
    return hits


def _groups(text: str, hits: list[tuple[int, int, _Term]]) -> list[tuple[int, int, list[_Term]]]:
    """Runs of vehicle words joined only by spaces, hyphens or "de marque": one vehicle each."""
    groups: list[tuple[int, int, list[_Term]]] = []
    f = folded(text)
    for start, end, term in hits:
        if groups and start >= groups[-1][1]:
            g_start, g_end, terms = groups[-1]
            gap = _JOIN.match(f.text, f.index(g_end))
            roles = {t.role for t in terms}
            if (
                gap
                and f.offset(gap.end()) == start
                and (term.role not in roles or term.role == "noun" == terms[-1].role)
            ):
                groups[-1] = (g_start, end, [*terms, term])
                continue
        elif groups and start < groups[-1][1]:
            continue  # inside a longer word already taken
        groups.append((start, end, [term]))
    return groups


def _value(terms: list[_Term]) -> dict[str, Any] | None:
    if not any(t.alone for t in terms):  # "véhicule" or "Patrol" alone
        return None
    by_role = {t.role: t for t in terms if t.alone or t.role != "noun"}  # a later noun wins: "véhicule 4x4"
    noun, make, model = by_role.get("noun"), by_role.get("make"), by_role.get("model")
    kind = (noun or model or make).kind  # type: ignore[union-attr]
    return {
        "kind": kind,
        "make": make.make if make else (model.make if model else None),
        "model": model.model if model else None,
        "plate": None,
        "plate_country": None,
    }


def _plate_hits(text: str, vocab: _Vocab) -> list[tuple[int, int, str | None, bool]]:
    """(start, end, country, strong) of every plate-like token, strong patterns first on overlap."""
    found: list[tuple[int, int, str | None, bool]] = []
    taken: list[tuple[int, int]] = []
    for patterns, strong in ((vocab.strong, True), (vocab.weak, False)):
        for pattern, country in patterns:
            for m in pattern.finditer(text):
                if not any(m.start() < e and s < m.end() for s, e in taken):
                    taken.append((m.start(), m.end()))
                    found.append((m.start(), m.end(), country, strong))
    return sorted(found)


def _unlisted_model(text: str, end: int) -> re.Match[str] | None:
    """A model name the vocabulary lacks, right after a make: "Toyota Sienna", "Peugeot 406"."""
    m = _MODEL_AFTER_MAKE.match(text, end)
    if m is None or m.group(1).lower() in _NOT_MODELS:
        return None
    return m


def find_vehicles(text: str, ctx: Context) -> list[Mention]:
    """Vehicles and boats named in `text`, with make, model and plate when given.

    A plate is a mention of its own (the analyst underlines "AG 1234 RN"), and the vehicle just before
    it in the same sentence carries it in its value, as the plate mention carries that vehicle's kind.
    """
    vocab = _vocab()
    vehicles: list[list[Any]] = []  # [start, end, value]
    for start, end, terms in _groups(text, _hits(text, vocab)):
        value = _value(terms)
        if value is None:
            continue
        if value["make"] and not value["model"] and (model := _unlisted_model(text, end)):
            value["model"], end = model.group(1), model.end()
        vehicles.append([start, end, value])
    f = folded(text)
    plates: list[list[Any]] = []
    for p_start, p_end, country, strong in _plate_hits(text, vocab):
        if any(s <= p_start < e for s, e, _ in vehicles):
            continue
        owner = None
        for vehicle in reversed(vehicles):
            if vehicle[1] > p_start:
                continue
            gap = text[vehicle[1] : p_start]
            near = len(gap) <= (_PLATE_GAP if strong else 3) and not _SENTENCE_END.search(gap)
            owner = vehicle if near and vehicle[2]["plate"] is None else None
            break
        at = f.index(p_start)
        keyword = vocab.keyword.search(f.text, max(0, at - 40), at)
        if owner is None and not (strong or keyword):
            continue
        plate = " ".join(text[p_start:p_end].split())
        value = {"kind": None, "make": None, "model": None, "plate": plate, "plate_country": country}
        if owner is not None:
            owner[2].update(plate=plate, plate_country=country)
            value.update(kind=owner[2]["kind"], make=owner[2]["make"], model=owner[2]["model"])
        plates.append([p_start, p_end, value])
    return [
        Mention("vehicle", s, e, text[s:e], v, "rule:vehicle", 0.9 if v["kind"] else 0.8)
        for s, e, v in sorted(vehicles + plates, key=lambda x: x[0])
    ]
