"""Identity and travel documents: passports, ID cards, birth certificates, laissez-passer, consular
cards, residence permits and driving licences, with number, issuing country and forgery when stated.

A document with a number is a mention of the number itself ("A01234567": the identifier an analyst
searches for), its value naming the kind, country and forgery read from the words around it ("faux
passeport malien n° A01234567"). A document without a number is a mention of its phrase ("faux
passeport", "nos passeports"), with lower confidence: confiscated or forged papers are evidence even
unnumbered. Forgery matters in law (UN Smuggling Protocol Art. 6(1)(b): making, procuring or providing
a fraudulent travel or identity document), hence the `forged` flag.
Vocabulary: data/vocab/documents.yaml and nationalities.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from filiere.data import load_yaml
from filiere.extract.gazetteer import match_places
from filiere.extract.mention import Context, Mention
from filiere.extract.textnorm import Lexicon, canonical, folded

# A document number: letters and digits, possibly grouped by single spaces or hyphens, at least 4 digits.
_NUMBER = re.compile(r"[A-Z0-9](?:[A-Z0-9]|[ \-/](?=[A-Z0-9])){3,20}")
_GAP = re.compile(r"[\s,]*")
_SENTENCE_END = re.compile(r"[.!?;\n]\s")


@dataclass(frozen=True)
class _Vocab:
    documents: Lexicon[str]
    nationalities: Lexicon[str]
    forged_before: re.Pattern[str]
    forged_after: re.Pattern[str]
    number_word: re.Pattern[str]
    number_gap: int


def _load(name: str) -> dict[str, Any]:
    path = resources.files("filiere") / "data" / "vocab" / name
    return load_yaml(path.read_text(encoding="utf-8"))


@cache
def _vocab() -> _Vocab:
    data = _load("documents.yaml")
    capitalised = set(data.get("capitalised", ()))
    documents: Lexicon[str] = Lexicon()
    for kind, words in data["documents"].items():
        for word in map(str, words):
            documents.add(word, kind, capitalised=word in capitalised)
    nationalities: Lexicon[str] = Lexicon()
    for iso, words in _load("nationalities.yaml")["nationalities"].items():
        for word in words:
            nationalities.add(str(word), str(iso))
    forged = "|".join(
        re.escape(w).replace(r"\ ", r"\s+")
        for w in sorted(map(canonical, data["forged"]), key=len, reverse=True)
    )
    numbers = "|".join(re.escape(w) for w in sorted(map(str, data["number_words"]), key=len, reverse=True))
    return _Vocab(
        documents,
        nationalities,
        re.compile(r"(?<!\w)(?:" + forged + r")\s+(?:\w+\s+)?$"),
        re.compile(r"\s*(?:\w+\s+)?(?:" + forged + r")(?!\w)"),
        re.compile(r"(?:" + numbers + r")(?!\w)\s*[:.]?\s*", re.IGNORECASE),
        int(data.get("number_gap", 30)),
    )


def _number(text: str, pos: int, vocab: _Vocab, limit: int) -> tuple[int, int] | None:
    """Span of the document number after `pos`: after a number word ("n°", "number", ":") within the
    same sentence, or right after the document ("passport, G2876540"); None when there is none."""
    window = text[pos : min(limit, pos + vocab.number_gap + 12)]
    stop = _SENTENCE_END.search(window)
    window = window[: stop.start()] if stop else window
    word = vocab.number_word.search(window)
    if word and word.start() <= vocab.number_gap:
        start = pos + word.end()
    else:
        word = None
        lead = re.match(r"[ \t]*[,(]?[ \t]*", window)
        start = pos + (lead.end() if lead else 0)
    m = _NUMBER.match(text, start)
    if not m:
        return None
    number = m.group()
    digits = sum(c.isdigit() for c in number)
    if digits < 4 or (not word and not (digits >= 6 or re.match(r"[A-Z]{1,3}\d", number))):
        return None
    return m.start(), m.end()


def find_identity_docs(text: str, ctx: Context) -> list[Mention]:
    """Identity and travel documents named in `text`."""
    vocab = _vocab()
    hits = list(vocab.documents.finditer(text))
    if not hits:
        return []
    f = folded(text)
    nat_starts: dict[int, tuple[int, str]] = {}
    nat_ends: dict[int, tuple[int, str]] = {}
    for s, e, iso in vocab.nationalities.finditer(text):
        nat_starts[s], nat_ends[e] = (e, iso), (s, iso)
    countries = {s: (e, p.country) for s, e, p, _ in match_places(text) if p.kind == "country"}
    found = []
    limits = [s for s, _, _ in hits[1:]] + [len(text)]
    for (start, end, kind), limit in zip(hits, limits, strict=True):
        country = None
        forged = False
        # before: "faux", "fake", "Nigerian"
        before = len(text[:start].rstrip())
        if before < start and before in nat_ends:
            start, country = nat_ends[before]
        at = f.index(start)
        m = vocab.forged_before.search(f.text, max(0, at - 40), at)
        if m:
            forged, start = True, f.offset(m.start())
        # after: "malien", "du Mali", "falsifié", then the number
        gap = _GAP.match(text, end).end()
        if country is None and gap in nat_starts:
            end, country = nat_starts[gap]
        elif country is None:
            link = re.match(
                r"\s*(?:du|de\s+la|de\s+l'|de|d'|of|from)\s*", text[end : end + 12], re.IGNORECASE
            )
            if link and end + link.end() in countries:
                end, country = countries[end + link.end()]
        after = vocab.forged_after.match(f.text, f.index(end))
        if after:
            forged, end = True, f.offset(after.end())
        number = _number(text, end, vocab, limit)
        value = {"kind": kind, "number": None, "country": country, "forged": forged}
        if number:
            start, end = number
            value["number"] = text[start:end]
        confidence = 0.9 if number else 0.6
        found.append(Mention("document", start, end, text[start:end], value, "rule:document", confidence))
    return found
