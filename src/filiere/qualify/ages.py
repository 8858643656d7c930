"""Is a victim a child? Ages and birth dates from the hearing record and from what the evidence says.

Under the Trafficking Protocol (Art. 3(c)-(d)) a person under 18 is a child and the *means* element is not
required. An age on a forged card ("sur la carte, j'ai 19 ans, ce n'est pas vrai") is not the person's age.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from filiere.extract.language import fold_text
from filiere.ingest.datetimes import parse_date
from filiere.qualify.passages import CaseText, Passage

MINOR_AGE = 18
_OWN_AGE = re.compile(
    r"\bj'ai (\d{1,2}) ans\b|\bje n'ai que (\d{1,2}) ans\b|\bi am (\d{1,2})\b(?! (?:days|weeks|months))"
    r"|\bi'm (\d{1,2})\b(?! (?:days|weeks|months))|\bi am only (\d{1,2})\b"
)
_THEIR_AGE = re.compile(
    r"\bagee? de (\d{1,2}) ans\b|(?:,|\(|(?<!\by )\ba) (\d{1,2}) ans\b|\baged (\d{1,2})\b"
    r"|\b(\d{1,2})[- ]years?[- ]old\b"
)
_NOT_OWN = re.compile(
    r"sur la carte|pas vrai|on the card|not true|faux|fausse|fake|forged|paraisse|look older|il y a \d+ ans"
)


@dataclass
class AgeFinding:
    minor: bool | None = None
    age: int | None = None
    supporting: list[dict] = field(default_factory=list)  # citations that show a child
    contradicting: list[dict] = field(default_factory=list)  # citations that show an adult


def assess_age(text: CaseText, person: int, facts_date: date | None) -> AgeFinding:
    found = AgeFinding()
    for evidence_id, subject in text.heard.items():
        if subject == person:
            _from_header(text, evidence_id, facts_date, found)
    for p in text.passages:
        ages = _stated_ages(p, person)
        for age in ages:
            _record(found, age, p.cite())
    return found


def _from_header(text: CaseText, evidence_id: int, facts_date: date | None, found: AgeFinding) -> None:
    header = text.headers.get(evidence_id) or {}
    page = text.pages.get((evidence_id, 1), "")
    born = parse_date(header["birth_date"]) if header.get("birth_date") else None
    on = facts_date or text.dates.get(evidence_id)
    if born and on:
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        _record(found, age, _header_citation(evidence_id, page, header["birth_date"]))
    elif digits := re.match(r"\d{2,}", str(header.get("age") or "").strip()):
        _record(found, int(digits.group()), _header_citation(evidence_id, page, str(header["age"])))


def _header_citation(evidence_id: int, page: str, value: str) -> dict:
    at = page.find(value)
    if at < 0:
        return {"evidence": evidence_id, "page": 1, "span": None, "quote": value}
    start = page.rfind("\n", 0, at) + 1
    end = page.find("\n", at)
    end = len(page) if end < 0 else end
    return {"evidence": evidence_id, "page": 1, "span": [start, end], "quote": page[start:end]}


def _stated_ages(p: Passage, person: int) -> list[int]:
    folded = fold_text(p.text)
    if _NOT_OWN.search(folded):
        return []
    ages: list[int] = []
    if p.subject == person or p.speaker == person:
        ages += [int(next(g for g in m.groups() if g)) for m in _OWN_AGE.finditer(folded)]
    elif p.named == [person] and not p.inherited:
        ages += [int(next(g for g in m.groups() if g)) for m in _THEIR_AGE.finditer(folded)]
    return [a for a in ages if 0 < a < 100]


def _record(found: AgeFinding, age: int, citation: dict) -> None:
    if age < MINOR_AGE:
        found.supporting.append(citation)
        found.minor = True
        found.age = age if found.age is None else min(found.age, age)
    else:
        found.contradicting.append(citation)
        if found.minor is None:
            found.minor = False
            found.age = age
