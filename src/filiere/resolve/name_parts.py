"""A written name taken apart: given names, surnames, qualifier, and the order they were written in.

The knowledge is data (data/names/: variant groups of given names and surnames, particles, record words;
titles come from data/persons/titles.yaml): titles and record words are dropped, a particle is bound to
its word ("Ag Alhassane", one surname), a married or maiden name is set apart, and the order is read from
a comma, then capitals ("KEITA Moussa"), then the name lists. When nothing tells the order of two names
that could each be a given name ("Issa Moussa"), it is "unsure" and both readings are kept.
`name_group` reads a word as a listed name, or a near miss of one ("Mahamanne"), for names.py's scoring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Indel

from filiere.data import DATA_DIR, load_yaml
from filiere.extract.language import fold_text

__all__ = ["NameKey", "name_group", "normalise_name"]

SNAP = 88.0  # an unlisted spelling this close (0..100) to a listed name is read as that name
_TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_BRACKETS = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_ELISION = re.compile(r"(?<![\w'])(?:l|(?<=fils )d|(?<=fille )d)'")
_ARTICLES = frozenset({"le", "la", "l", "the"})
_DIGIT = re.compile(r"\d")
MAX_WORDS = 10  # a longer "name" is a sentence: its first words are compared


@dataclass(frozen=True)
class _Lexicon:
    group: dict[str, str]  # folded listed name -> group id (a name in no group is its own group)
    given_groups: frozenset[str]  # group ids of given names
    surname_groups: frozenset[str]  # group ids of surnames
    choices: tuple[str, ...]  # every listed name, for reading near misses
    drop: frozenset[tuple[str, ...]]  # titles, forms of address, record words, as token tuples
    drop_len: int
    prefixes: frozenset[str]  # "petit", "grand": qualifiers written before a name
    suffixes: frozenset[str]  # "fils", "jr": qualifiers written after a name
    particles: frozenset[str]
    marriage: frozenset[str]
    stop: frozenset[tuple[str, ...]]  # "dit", "fils de", "née le": the name proper ends here


def _key(word: str) -> str:
    return fold_text(word).replace("'", "").replace("-", "").replace(".", "").strip()


def _tuple(phrase: str) -> tuple[str, ...]:
    return tuple(_key(m[0]) for m in _TOKEN.finditer(fold_text(phrase)))


def _read(path: Path) -> dict:
    return load_yaml(path.read_text(encoding="utf-8"))


@cache
def _lexicon() -> _Lexicon:
    variants, family = _read(DATA_DIR / "names/given_variants.yaml"), _read(DATA_DIR / "names/surnames.yaml")
    words, persons = _read(DATA_DIR / "names/particles.yaml"), DATA_DIR / "persons"
    titles, nicknames = _read(persons / "titles.yaml"), _read(persons / "nicknames.yaml")
    group: dict[str, str] = {}
    for entry in variants["groups"] + family["groups"]:
        for name in entry["names"]:
            group[_key(name)] = entry["id"]
    given = {_key(n) for n in _read(persons / "given_names.yaml")["names"]}
    given |= {_key(n) for e in variants["groups"] for n in e["names"]}
    surnames = frozenset(_key(n) for e in family["groups"] for n in e["names"])
    for name in given | surnames:
        group.setdefault(name, name)
    drop = {_tuple(w) for entry in titles.values() for w in entry["words"]}
    drop |= {
        _tuple(f"{a} {w}") for entry in titles.values() for w in entry.get("definite", ()) for a in _ARTICLES
    }
    drop |= {_tuple(w) for w in words["record_words"]} | {_tuple(w) for w in nicknames["definite"]}
    drop = {t for t in drop if t and not (len(t) == 1 and t[0] in given)}  # "Yaya", "Cheikh" stay names
    sets = (nicknames["prefixes"], words["qualifiers_after"], words["particles"], words["marriage"])
    given_groups, surname_groups = frozenset(group[n] for n in given), frozenset(group[n] for n in surnames)
    stop = frozenset(map(_tuple, words["stop"] + nicknames["alias_words"]))
    return _Lexicon(
        group, given_groups, surname_groups, tuple(sorted(group)), frozenset(drop), max(map(len, drop)),
        *(frozenset(map(_key, w)) for w in sets), stop,
    )  # fmt: skip


@dataclass(frozen=True)
class NameKey:
    """A name taken apart: folded given names and surname units ("ag alhassane" is one unit)."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]
    other_surnames: tuple[str, ...]  # maiden or married name ("née TRAORE", "épouse KEITA")
    qualifier: str  # "petit", "fils"...: tells two people of one name apart
    order: str  # "surname-first" | "given-first" | "unsure" (then both readings are tried)
    display: str  # "Moussa Keita": given names first, capitals in title case
    folded: str  # the whole input folded: compares names that hold no name at all ("Le Vieux")
    readings: tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...]  # (given, surnames, swapped)

    @property
    def empty(self) -> bool:
        return not (self.given or self.surnames or self.other_surnames)


def _cap(word: str) -> str:
    """ "KEITA" -> "Keita", "N'DIAYE" -> "N'Diaye"; mixed-case words are kept as written."""
    if len(word) > 1 and word.isupper():
        return re.sub(r"(?<=['’-])(\w)", lambda m: m[1].upper(), word.capitalize())
    return word


@lru_cache(maxsize=1 << 16)
def normalise_name(raw: str) -> NameKey:
    """Take a written name apart: titles dropped, particles bound, surname-first order detected."""
    lex = _lexicon()
    text = _BRACKETS.sub(lambda m: " " * len(m[0]), raw)
    text = text[: m.start()] if (m := _DIGIT.search(text)) else text  # "KEITA Moussa 34 ans", "né le 3/4"
    folded = _ELISION.sub(lambda m: m[0][0] + " ", fold_text(text))
    comma = folded.find(",")
    tokens: list[tuple[str, str, bool]] = []  # (key, as written, written before a comma)
    for m in _TOKEN.finditer(folded):
        key = _key(m[0])
        if (key,) in lex.stop or (tokens and (tokens[-1][0], key) in lex.stop):
            tokens = tokens[:-1] if (key,) not in lex.stop else tokens
            break
        tokens.append((key, text[m.start() : m.end()], 0 <= m.start() < comma))
        if len(tokens) == MAX_WORDS:
            break
    qualifier = ""
    i, stripped = 0, True
    while stripped and i < len(tokens):
        stripped = False
        keys = tuple(t[0] for t in tokens[i : i + lex.drop_len + 1])
        for start in (0, 1) if keys[0] in _ARTICLES and len(keys) > 1 else (0,):
            for size in range(min(lex.drop_len, len(keys) - start), 0, -1):
                if keys[start : start + size] in lex.drop:
                    i, stripped = i + start + size, True
                    break
            if stripped:
                break
        if not stripped and keys[0] in lex.prefixes and i + 1 < len(tokens):
            qualifier, i, stripped = keys[0], i + 1, True
    # a title alone ("Adj. Baba", "Baba") is compared by its last word, so a title added changes nothing
    whole = " ".join(folded.split()) if i < len(tokens) or not tokens else tokens[-1][0]
    tokens = tokens[i:]
    while len(tokens) > 1 and tokens[-1][0] in lex.suffixes:
        qualifier = qualifier or tokens[-1][0]
        tokens.pop()
    units, other = _units(tokens, lex)
    before = [u for u in units if u[3]]
    if len(units) > len(before) > 1 and any(u[1] != "caps" for u in before):  # "Moussa KEITA, chauffeur"
        units = [(k, case, shown, False) for k, case, shown, _comma in before]
    given, surnames, order = _roles(units, lex)
    g, s = tuple(u[0] for u in given), tuple(u[0] for u in surnames)
    readings: tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...] = ((g, s, False),)
    if order == "unsure" and len(units) == 1:
        readings = ((g + s, (), False), ((), g + s, False))
    elif order == "unsure":
        keys = tuple(u[0] for u in units)
        swapped = (keys[:-1], keys[-1:]) if s == keys[:1] else (keys[1:], keys[:1])
        readings = ((g, s, False), (*swapped, True))
    shown = " ".join([u[2] for u in given] + [u[2] for u in surnames])
    return NameKey(g, s, tuple(other), qualifier, order, shown, whole, readings)


_Unit = tuple[str, str, str, bool]  # (key, case: caps|cap|low, display, written before a comma)


def _units(tokens: list[tuple[str, str, bool]], lex: _Lexicon) -> tuple[list[_Unit], list[str]]:
    """Bind particles to the next word ("ag alhassane" is one unit); take out married/maiden names."""
    units: list[_Unit] = []
    other: list[str] = []
    pending: list[tuple[str, str]] = []  # particle waiting for its word
    marriage = False
    for n, (key, word, before_comma) in enumerate(tokens):
        head, _sep, rest = word.partition("-")
        if rest and _key(head) in lex.particles:  # "Ag-Alhassane"
            pending.append((_key(head), head))
            key, word = _key(rest), rest
        if key in lex.marriage and n + 1 < len(tokens):
            marriage = True
            continue
        if (
            key in lex.particles
            and n + 1 < len(tokens)
            and (units or pending or lex.group.get(key) not in lex.given_groups)
        ):
            pending.append((key, word))
            continue
        case = "caps" if len(word) > 1 and word.isupper() else "cap" if word[:1].isupper() else "low"
        unit_key = " ".join([p for p, _w in pending] + [key])
        display = " ".join([_cap(w) for _p, w in pending] + [_cap(word)])
        pending = []
        if marriage:
            other.append(unit_key)
            marriage = False
        else:
            units.append((unit_key, case, display, before_comma))
    return units, other


def _roles(units: list[_Unit], lex: _Lexicon) -> tuple[list[_Unit], list[_Unit], str]:
    """Which units are given names: a comma, then capitals ("KEITA Moussa"), then the name lists."""
    if not units:
        return [], [], "given-first"
    before = [u for u in units if u[3]]
    if before and len(before) < len(units):
        return units[len(before) :], before, "surname-first"
    if 0 < sum(" " in u[0] for u in units) < len(units):  # a particle unit is always a surname
        return [u for u in units if " " not in u[0]], [u for u in units if " " in u[0]], "given-first"
    caps = [u[1] == "caps" for u in units]
    run = caps.index(False) if False in caps else len(caps)
    if 0 < run < len(units) and not any(caps[run:]):
        return units[run:], units[:run], "surname-first"
    tail = len(caps) - (caps[::-1].index(False) if False in caps else len(caps))
    if 0 < tail < len(units) and all(caps[tail:]) and not any(caps[:tail]):
        return units[:tail], units[tail:], "given-first"

    def lean(unit: _Unit) -> int:  # +1 a given name, -1 a surname, 0 unknown or both
        if " " in unit[0]:
            return -1
        group = name_group(unit[0])[0]
        return (group in lex.given_groups) - (group in lex.surname_groups) if group else 0

    if len(units) == 1:
        side = lean(units[0]) or (-1 if caps[0] else 0)
        if side:
            return (units, [], "given-first") if side > 0 else ([], units, "surname-first")
        return units, [], "unsure"
    first, last = lean(units[0]), lean(units[-1])
    if last < 0 or (first > 0 and last == 0):
        return units[:-1], units[-1:], "given-first"
    if first < 0 and last >= 0:
        return units[1:], units[:1], "surname-first"
    if first == 0 and last > 0:
        return units[1:], units[:1], "unsure"
    return units[:-1], units[-1:], "unsure"


@lru_cache(maxsize=1 << 16)
def name_group(token: str) -> tuple[str | None, bool]:
    """(group id, listed as written): a listed name, a near miss of one ("mahamanne"), or unknown."""
    lex = _lexicon()
    if token in lex.group:
        return lex.group[token], True
    if len(token) >= 4:
        hit = process.extractOne(
            token, lex.choices, scorer=Indel.normalized_similarity, score_cutoff=SNAP / 100
        )
        if hit is not None:
            return lex.group[hit[0]], False
    return None, False
