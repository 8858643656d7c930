"""Is this written name the same person's as that one? Name matching that knows the region's records.

A clerk writes "KEITA Moussa", an interpreter "Moussa Keïta", a caller says "Musa"; a Tamasheq name
carries a particle ("Ag Alhassane", one surname); two brothers share a surname and two namesakes a given
name. Edit distance alone would join "Amadou" and "Mamadou" (two names) and miss "Abdoulaye"/"Doulaye"
(one name). So names are taken apart by name_parts.py (whose lists are data) and the rules are:
- two listed names are the same name only if they are in one group; spelling noise (rapidfuzz ratio) is
  only trusted for a spelling that is in no list, or that is a near miss of a listed name ("Mahamanne");
- a score of SAME_PERSON or more needs both a given name and a surname to agree; a name missing one part
  scores at most PARTIAL_GIVEN; a different given name or surname keeps the score at most 0.5;
- when nothing tells the order of two names that could each be a given name ("Issa Moussa": a Nigerien
  patronym or not), both orders are tried, but a match only in the other order stays at SWAPPED_CAP;
- nicknames and titles alone are no name: the resolver links them by evidence, not here.
`blocking_keys` returns keys such that any two names scoring SAME_PERSON or more share one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

from filiere.i18n import _
from filiere.resolve.name_parts import name_group, normalise_name

__all__ = ["SAME_PERSON", "Match", "blocking_keys", "name_similarity"]

SAME_PERSON = 0.85  # from here two names are read as one person's (the resolver's threshold)
SAME = 0.8  # token similarity from which two spellings are one name
SPELT_VARIANT = 0.95  # a misspelt form of a listed name of the same group
INITIAL = 0.7  # a given name written as its initial ("A. KEITA")
PARTIAL_GIVEN = 0.6  # same given name, one record gives no surname
PARTIAL_SURNAME = 0.5  # same surname, one record gives no given name
EXTRA_GIVEN = 0.9  # one record adds a second given name
PARTICLE_DROPPED = 0.9  # "Ag Alhassane" / "Alhassane"
SWAPPED_CAP = 0.8  # a match only when the names are read in the other, uncertain, order
QUALIFIER_CAP = 0.5  # "Petit Abdou" / "Abdou", "Moussa KEITA fils" / "Moussa KEITA"


@dataclass(frozen=True)
class Match:
    score: float  # 0..1: how much the two names look like one person's
    reason: str  # a short sentence naming the rule, in the user's language


@lru_cache(maxsize=1 << 18)
def _token_sim(a: str, b: str) -> tuple[float, str]:
    """(similarity, kind) of two folded words; kind: same, variant, spelling, initial, different."""
    if a == b:
        return 1.0, "same"
    if len(a) == 1 or len(b) == 1:
        return (INITIAL, "initial") if a[0] == b[0] else (0.0, "different")
    (ga, ka), (gb, kb) = name_group(a), name_group(b)
    if ga is not None and ga == gb:
        return (1.0, "variant") if ka and kb else (SPELT_VARIANT, "spelling")
    if ga is not None and gb is not None:  # two listed names, or near misses of two: different names
        return 0.0, "different"
    ratio = Indel.normalized_similarity(a, b)
    if ratio >= SAME and (a[:3] == b[:3] or a[-3:] == b[-3:]):
        return ratio, "spelling"
    return ratio / 2, "different"


def _sim(a: str, b: str) -> tuple[float, str]:
    return _token_sim(a, b) if a <= b else _token_sim(b, a)


def _unit_sim(a: str, b: str) -> tuple[float, str]:
    """Surname units: "ag alhassane" / "alhassane" agree less than two units with the same particle."""
    pa, _sp, ca = a.rpartition(" ")
    pb, _sp, cb = b.rpartition(" ")
    score, kind = _sim(ca, cb)
    if pa and pb and pa != pb:  # "Ag Alhassane" (son of) / "Walet Alhassane" (daughter of)
        return score * 0.5, kind
    if pa != pb:
        joined = _sim(a.replace(" ", ""), b.replace(" ", ""))  # "El Moctar" / "Elmoctar"
        return joined if joined[0] > score * PARTICLE_DROPPED else (score * PARTICLE_DROPPED, kind)
    return score, kind


@dataclass
class _Part:
    score: float
    kind: str  # the weakest agreement: same < variant < spelling < initial < different
    pairs: list[tuple[str, str]]  # the words that were compared, for the reason
    extra: tuple[str, ...] = ()  # given names only one record has


_RANK = {"same": 0, "variant": 1, "spelling": 2, "initial": 3, "different": 4}


def _align(short: tuple[str, ...], long: tuple[str, ...]) -> _Part:
    left = list(long)
    part = _Part(1.0, "same", [])
    for word in short:
        best = max(left, key=lambda other: _sim(word, other)[0])
        score, kind = _sim(word, best)
        left.remove(best)
        part.pairs.append((word, best))
        part.score = min(part.score, score)
        part.kind = max(part.kind, kind, key=_RANK.__getitem__)
    part.extra = tuple(left)
    if left and part.score >= SAME:
        part.score *= EXTRA_GIVEN
    return part


def _given_part(a: tuple[str, ...], b: tuple[str, ...]) -> _Part:
    if len(a) == len(b) == 1:
        return _Part(*_sim(a[0], b[0]), [(a[0], b[0])])
    part = _align(a, b) if len(a) <= len(b) else _align(b, a)
    if len(a) == len(b) > 1:
        other = _align(b, a)
        part = other if other.score > part.score else part
    if len(a) > 1 or len(b) > 1:  # "Abdoul Karim" / "Abdoulkarim"
        score, kind = _sim("".join(a), "".join(b))
        if score >= SAME and score > part.score:
            part = _Part(score, kind, [(" ".join(a), " ".join(b))])
    return part


def _surname_part(a: tuple[str, ...], b: tuple[str, ...]) -> _Part:
    best = _Part(-1.0, "different", [])
    for x in a:
        for y in b:
            score, kind = _unit_sim(x, y)
            if score > best.score:
                best = _Part(score, kind, [(x, y)])
    return best


@lru_cache(maxsize=1 << 14)
def _show(word: str) -> str:
    return " ".join(w.capitalize() for w in word.split())


def _names(part: _Part | None) -> str:
    if part is None:
        return ""
    return ", ".join(_show(x) if x == y else f"{_show(x)}/{_show(y)}" for x, y in part.pairs)


def _agree(part: _Part | None, surname: bool) -> str:
    if part is None:
        return ""
    if part.kind == "variant":
        text = _("same surname (variants {names})") if surname else _("same given name (variants {names})")
    elif part.kind == "spelling":
        text = _("same surname (spelt {names})") if surname else _("same given name (spelt {names})")
    else:
        text = _("same surname ({names})") if surname else _("same given name ({names})")
    return text.format(names=_names(part))


_Scored = tuple[float, str, "_Part | None", "_Part | None"]


def _compare(ra: tuple, rb: tuple, other_a: tuple[str, ...], other_b: tuple[str, ...]) -> _Scored:
    """Score one reading of each name (the rule is named, its sentence written later, for the best only)."""
    (ga, sa, _swa), (gb, sb, _swb) = ra, rb
    sa, sb = sa + other_a, sb + other_b
    g = _given_part(ga, gb) if ga and gb else None
    s = _surname_part(sa, sb) if sa and sb else None
    if g is not None and s is not None:
        if g.kind == "initial" and s.score >= SAME:
            return INITIAL * s.score, "initial", g, s
        if g.score >= SAME and s.score >= SAME:
            return g.score * s.score, "both", g, s
        low = 0.5 * min(g.score, s.score) + 0.1 * max(g.score, s.score)
        return low, "relatives" if s.score >= SAME else "namesakes" if g.score >= SAME else "different", g, s
    if s is not None:
        if s.score < SAME:
            return s.score / 2, "other-surname", g, s
        return (PARTIAL_SURNAME * s.score, "no-given", g, s) if ga or gb else (s.score, "surname", g, s)
    if g is not None:
        if g.score < SAME:
            return g.score / 2, "other-given", g, s
        return (PARTIAL_GIVEN * g.score, "no-surname", g, s) if sa or sb else (g.score, "given", g, s)
    return 0.0, "nothing", g, s


def _explain(rule: str, g: _Part | None, s: _Part | None) -> str:
    """The sentence for the rule that gave the best score (written once per comparison, not per reading)."""
    if rule == "both":
        text = _("{first} and {second}").format(first=_agree(g, False), second=_agree(s, True))
        if g and g.extra:
            text = _("{reason}; one record adds the given name {names}").format(
                reason=text, names=_show(" ".join(g.extra))
            )
        return text
    if rule in ("given", "surname"):
        return _agree(g, False) if rule == "given" else _agree(s, True)
    if rule == "initial":
        template = _("{reason}; the given name is only an initial ({given})")
    elif rule == "relatives":
        template = _(
            "different given names ({given}) with the same surname ({surname}): relatives or namesakes"
        )
    elif rule == "namesakes":
        template = _("same given name ({given}) but different surnames ({surname}): namesakes")
    elif rule == "different":
        template = _("different names ({given}; {surname})")
    elif rule == "other-surname":
        template = _("different surnames ({surname})")
    elif rule == "other-given":
        template = _("different given names ({given})")
    elif rule == "no-given":
        template = _("{reason}, but one record gives no given name")
    elif rule == "no-surname":
        template = _("{reason}, but one record gives no surname")
    else:
        template = _("one record gives only a given name, the other only a surname")
    reason = _agree(g, False) if rule == "no-surname" else _agree(s, True)
    return template.format(reason=reason, given=_names(g), surname=_names(s))


def name_similarity(a: str, b: str) -> Match:
    """How much two written names look like one person's (0..1), and the rule that says so."""
    ka, kb = normalise_name(a), normalise_name(b)
    if ka.empty or kb.empty:
        if ka.folded == kb.folded:
            return Match(1.0, _("same name written the same way"))
        return Match(0.0, _("a title or nickname alone: no name to compare"))
    best: _Scored = (-1.0, "nothing", None, None)
    swapped = False
    for ra in ka.readings:
        for rb in kb.readings:
            scored = _compare(ra, rb, ka.other_surnames, kb.other_surnames)
            if ra[2] or rb[2]:
                scored = (min(scored[0], SWAPPED_CAP), *scored[1:])
            if scored[0] > best[0]:
                best, swapped = scored, ra[2] or rb[2]
    score, reason = best[0], _explain(*best[1:])
    if swapped and best[1] == "both":
        reason = _("{reason}, reading the names in the other order (their order is uncertain)").format(
            reason=reason
        )
    if ka.qualifier != kb.qualifier and score > QUALIFIER_CAP:
        word = (ka.qualifier or kb.qualifier).capitalize()
        score = QUALIFIER_CAP
        reason = _("{reason}; but {word} tells two people of the same name apart").format(
            reason=reason, word=word
        )
    return Match(round(max(0.0, min(1.0, score)), 4), reason)


def _word_keys(word: str) -> set[str]:
    keys: set[str] = set()
    for form in {word.rpartition(" ")[2], word.replace(" ", "")}:  # "el moctar": "moctar", "elmoctar"
        group = name_group(form)[0]
        keys |= {"^" + form[:3], "$" + form[-3:], "=" + group} if group else {"^" + form[:3], "$" + form[-3:]}
    return keys


@lru_cache(maxsize=1 << 16)
def _keys(name: str) -> frozenset[str]:
    key = normalise_name(name)
    if key.empty:
        return frozenset({"x|" + key.folded})
    keys: set[str] = set()
    for given, surnames, swapped in key.readings:
        if swapped:  # scores at most SWAPPED_CAP < SAME_PERSON: no key needed
            continue
        g = set().union(*map(_word_keys, given), _word_keys("".join(given)) if len(given) > 1 else set())
        s = set().union(*map(_word_keys, surnames + key.other_surnames))
        if g and s:
            keys |= {f"gs|{x}|{y}" for x in g for y in s}
        else:
            keys |= {f"g|{x}" for x in g} | {f"s|{y}" for y in s}
    return frozenset(keys)


def blocking_keys(name: str) -> set[str]:
    """Cheap keys: two names that can score SAME_PERSON or more share at least one (group, first or
    last three letters of a given name, each combined with those of a surname)."""
    return set(_keys(name))
