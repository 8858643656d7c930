"""Which person of the key a trainee means: by a shared phone number, a name, or a nickname.

Trainees write names as they read them — "HAMADA Aboubacar Ag", "aboubacar ag hamada", "Le Vieux",
"Aboubacar Ag Hamada dit Alhaji" — and numbers in any national or international form. A number is the
surest link, so it outranks a name; a full name (given and family, any order, accents and case folded,
small spelling slips forgiven) outranks a nickname; a bare given name is the weakest link, since two
people often share one. Each key person is given to at most one answer line, best links first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from filiere.extract.language import fold_text
from filiere.model.phones import normalise_phone

FULL_NAME = 0.85  # token-sorted similarity from which two full names are one
ALIAS = 0.88  # similarity from which two nicknames are one
SCORES = {"phone": 1.0, "name": 0.9, "alias": 0.8, "given": 0.6}
_SPLIT = re.compile(
    r"\s*(?:\b(?:dit|dite|alias|aka|a\.k\.a\.?|surnomme|surnommee|known as)\b|[()\"«»“”/;,])\s*"
)
_ARTICLE = re.compile(r"^(?:le|la|les|l'|the)\s*")
_PUNCT = re.compile(r"[^\w' ]+")


@dataclass(frozen=True)
class Link:
    """How an answer line reaches a key person: score, how ("phone", "name", "alias", "given"), and
    the number or the nickname it went through."""

    score: float
    how: str
    via: str


def clean(text: str) -> str:
    """Folded, punctuation to spaces, single spaces: the form names are compared in."""
    return " ".join(_PUNCT.sub(" ", fold_text(text)).split())


def _forms(texts: list[str]) -> list[str]:
    """Every name form in `texts`, split at "dit", "alias", brackets and quotes."""
    out: list[str] = []
    for text in texts:
        for part in [text, *_SPLIT.split(fold_text(text))]:
            form = clean(part)
            if form and form not in out:
                out.append(form)
    return out


def phones_of(raw: list[str], region: str | None) -> dict[str, str]:
    """E.164 form -> the number as written."""
    out = {}
    for number in raw:
        e164 = normalise_phone(str(number), region) or clean(str(number)).replace(" ", "")
        out.setdefault(e164, str(number))
    return out


@dataclass
class KeyPerson:
    """A person of the key, with the forms an answer can reach them by."""

    id: str
    record: dict[str, Any]
    full: list[str]
    aliases: list[str]
    given: str
    phones: dict[str, str]

    @classmethod
    def of(cls, record: dict[str, Any], region: str | None) -> KeyPerson:
        given, family = record.get("given", ""), record.get("family", "")
        full = _forms([record.get("name", ""), f"{given} {family}".strip()])
        given_form = clean(given)
        aliases = [a for a in _forms(record.get("aliases", [])) if a != given_form and a not in full]
        return cls(
            id=record["id"],
            record=record,
            full=[f for f in full if " " in f] or full,
            aliases=aliases,
            given=given_form,
            phones=phones_of(record.get("phones", []) + record.get("subscriber_of", []), region),
        )


def link(answer: dict[str, Any], person: KeyPerson, region: str | None, phones: bool = True) -> Link | None:
    """The best link from one answer line to one key person (by name only when `phones` is false)."""
    given_phones = phones_of(answer.get("phones", []), region) if phones else {}
    for e164 in sorted(given_phones):
        if e164 in person.phones:
            return Link(SCORES["phone"], "phone", given_phones[e164])
    forms = _forms([answer.get("name", ""), *answer.get("aliases", [])])
    best: Link | None = None
    for form in forms:
        for full in person.full:
            ratio = fuzz.token_sort_ratio(form, full) / 100
            if ratio >= FULL_NAME:
                best = _better(best, Link(SCORES["name"] * ratio, "name", form))
        bare = _ARTICLE.sub("", form)
        for alias in person.aliases:
            ratio = max(Indel.normalized_similarity(form, alias), Indel.normalized_similarity(bare, alias))
            ratio = max(ratio, Indel.normalized_similarity(bare, _ARTICLE.sub("", alias)))
            if ratio >= ALIAS:
                best = _better(best, Link(SCORES["alias"] * ratio, "alias", alias))
        if person.given and form == person.given:
            best = _better(best, Link(SCORES["given"], "given", form))
    return best


def _better(old: Link | None, new: Link) -> Link:
    return new if old is None or new.score > old.score else old


def assign(
    answers: list[dict[str, Any]], people: list[KeyPerson], others: list[KeyPerson], region: str | None
) -> dict[int, tuple[KeyPerson, Link]]:
    """Answer index -> (key person, link): best links first, each key person and answer used once.

    A line whose full name is that of one of `others` (a relative who subscribed the line, a victim) is
    that person even when it gives a member's number: the subscriber is not the user.
    """
    other_ids = {p.id for p in others}
    pairs = []
    for index, answer in enumerate(answers):
        by_name = best_person(answer, people + others, region, phones=False)
        if by_name and by_name[1].how == "name" and by_name[0].id in other_ids:
            continue
        for person in people:
            found = link(answer, person, region)
            if found is not None:
                pairs.append((-found.score, index, person.id, person, found))
    pairs.sort(key=lambda p: p[:3])
    taken: set[str] = set()
    out: dict[int, tuple[KeyPerson, Link]] = {}
    for _score, index, pid, person, found in pairs:
        if index in out or pid in taken:
            continue
        out[index] = (person, found)
        taken.add(pid)
    return out


def best_person(
    answer: dict[str, Any], people: list[KeyPerson], region: str | None, phones: bool = True
) -> tuple[KeyPerson, Link] | None:
    """The key person one answer line reaches best (ties: the first in key order), or None."""
    best = None
    for person in people:
        found = link(answer, person, region, phones)
        if found is not None and (best is None or found.score > best[1].score):
            best = (person, found)
    return best


def reference(text: str) -> dict[str, Any]:
    """A bare name, nickname or number (a key player, a suspect) as an answer line."""
    digits = re.sub(r"\D", "", text)
    return {"name": text, "aliases": [], "phones": [text] if len(digits) >= 6 else []}
