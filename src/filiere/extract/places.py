"""Places: gazetteer towns with coordinates, and facilities (ghettos, bus stations, checkpoints, borders).

A facility has no coordinates of its own; it takes the town named in its phrase ("autogare de Niamey",
"poste de police de Tahoua", "the Agadez bus station") and, for ghettos and houses, the owner's name
("ghetto de Salah"; "Salah's ghetto" keeps the owner in the value but the mention is "ghetto"). A
capitalised name that is not in the gazetteer ("autogare de Sogoniko", "Wadata motor park") is kept as
the facility's `locality`. Both the facility and a town inside it are returned; the merge step keeps the
longer facility, which carries the town's id and coordinates. Vocabulary: data/vocab/facilities.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from filiere.data import load_yaml
from filiere.extract.gazetteer import Place, match_places
from filiere.extract.mention import Context, Mention
from filiere.extract.textnorm import Lexicon, canonical, folded

_NAME_WORD = re.compile(r"[ \t]*([^\W\d_][\w'’-]*)")  # one word of a name, on the same line
_POSSESSIVE = re.compile(r"((?:[^\W\d_][\w-]*[ \t]+){0,2}[^\W\d_][\w-]*)['’]s[ \t]+$")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[ \t]+$")


@dataclass(frozen=True)
class _Facility:
    facility: str
    link: re.Pattern[str]  # over folded text, at the end of the facility word: " de ", " d'", " of "
    owner: bool = False
    needs_place: bool = False
    confidence: float = 0.8


@dataclass(frozen=True)
class _Vocab:
    lexicon: Lexicon[_Facility]
    not_names: frozenset[str]


def _link_pattern(words: list[str]) -> re.Pattern[str]:
    links = sorted((canonical(w) for w in words), key=len, reverse=True)
    alternatives = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") + ("" if w.endswith("'") else r"\s+") for w in links
    )
    return re.compile(r"\s+(?:" + alternatives + r")\s*")


@cache
def _vocab() -> _Vocab:
    path = resources.files("filiere") / "data" / "vocab" / "facilities.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    default_link = _link_pattern(data["links"])
    lexicon: Lexicon[_Facility] = Lexicon()
    for group in data["facilities"]:
        fac = _Facility(
            facility=group["facility"],
            link=_link_pattern(group["links"]) if group.get("links") else default_link,
            owner=bool(group.get("owner")),
            needs_place=bool(group.get("needs_place")),
            confidence=float(group.get("confidence", 0.8)),
        )
        for word in group["words"]:
            lexicon.add(str(word), fac)
    return _Vocab(lexicon, frozenset(canonical(w) for w in data["not_names"]))


def _name_after(text: str, pos: int, starts: dict[int, Any], not_names: frozenset[str]) -> int:
    """End of the capitalised name starting at `pos` (up to three words, stopping at a known place or
    an ordinary word), or `pos` when there is none."""
    end = pos
    for _ in range(3):
        m = _NAME_WORD.match(text, end)
        if not m or not m.group(1)[0].isupper() or m.start(1) in starts or canonical(m.group(1)) in not_names:
            break
        end = m.end()
    return end


def _name_before(text: str, start: int, not_names: frozenset[str]) -> int:
    """Start of the one or two capitalised words right before `start` ("Wadata motor park"), or `start`."""
    begin = start
    for _ in range(2):
        m = _WORD_BEFORE.search(text, max(0, begin - 40), begin)
        if not m or not m.group(1)[0].isupper() or canonical(m.group(1)) in not_names:
            break
        begin = m.start(1)
    return begin


def _owner_before(text: str, start: int) -> str | None:
    """The owner in "Salah's ghetto" / "Alhaji Mohamed's ghetto" ending right before `start`."""
    m = _POSSESSIVE.search(text, max(0, start - 60), start)
    if not m:
        return None
    words = m.group(1).split()
    while words and not words[0][0].isupper():
        words.pop(0)
    return " ".join(words) or None


def _facility(
    text: str, start: int, end: int, fac: _Facility, starts: dict[int, Any], ends: dict[int, Any]
) -> Mention | None:
    """The facility phrase around the facility word text[start:end], or None when it needs more."""
    not_names = _vocab().not_names
    f = folded(text)
    town: Place | None = None
    owner: str | None = None
    locality: str | None = None
    # after: "de Niamey", "d'Alhaji Mohamed", "de Sogoniko", "avec le Niger"
    link = fac.link.match(f.text, f.index(end))
    if link:
        after = f.offset(link.end())
        if after in starts:
            end, town = starts[after]
        else:
            name_end = _name_after(text, after, starts, not_names)
            if name_end > after:
                name = text[after:name_end].strip()
                owner, locality = (name, None) if fac.owner else (None, name)
                end = name_end
                # "ghetto de Salah à Agadez": the town after the owner is not part of the phrase
    # before: "the Agadez bus station", "Wadata motor park"; "Salah's ghetto" names the owner only
    if town is None and locality is None:
        before = len(text[:start].rstrip())
        if before < start and before in ends:
            start, town = ends[before]
        elif fac.owner and owner is None:
            owner = _owner_before(text, start)
        elif not fac.owner:
            begin = _name_before(text, start, not_names)
            if begin < start:
                locality, start = text[begin:start].strip(), begin
    if fac.needs_place and town is None and locality is None:
        return None
    value = {
        "id": None,
        "name": text[start:end],
        "kind": "facility",
        "facility": fac.facility,
        "place_id": town.id if town else None,
        "country": town.country if town else None,
        "lat": town.lat if town else None,
        "lon": town.lon if town else None,
        "locality": locality,
        "owner": owner,
    }
    confidence = min(0.95, fac.confidence + 0.1) if (town or owner or locality) else fac.confidence
    return Mention("place", start, end, text[start:end], value, "rule:facility", confidence)


def find_places(text: str, ctx: Context) -> list[Mention]:
    """Gazetteer places and facility phrases in `text`."""
    hits = match_places(text)
    found = [Mention("place", s, e, text[s:e], p.value(), "gazetteer", c) for s, e, p, c in hits]
    starts = {s: (e, p) for s, e, p, _ in hits}
    ends = {e: (s, p) for s, e, p, _ in hits}
    for start, end, fac in _vocab().lexicon.finditer(text):
        mention = _facility(text, start, end, fac, starts, ends)
        if mention is not None:
            found.append(mention)
    return found
