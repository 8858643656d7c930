"""Calendar arithmetic for resolving relative dates against the document date.

Which Thursday "jeudi" means depends on the tense of its clause ("il est arrivé jeudi" is past), so the
tense markers live here too.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

__all__ = ["add_months", "nearest_year", "resolve_weekday", "safe_date", "tense"]

# Tense markers, searched in the original text lower-cased (accents matter: "payé" is past, "paye" is not).
_PARTICIPLE = r"[a-zà-ÿ]+(?:é|ée|és|ées|i|is|ise|it|ite|u|ue|us|ert|erte|eint)"
_PAST = re.compile(
    r"\b(?:hier|yesterday|ago|last|was|were|did|had|went|came|left|paid|arrived|sent|said|took|gave|got|told|"
    r"met|brought|[a-z]{2,}[a-df-z]ed(?<!hundred)|[ée]tait|[ée]taient|avait|avaient)\b"
    r"|\b(?:ai|as|a|avons|avez|ont|suis|es|est|sommes|êtes|sont)\s+(?:(?:pas|déjà|bien|tout|jamais|encore)\s+)?"
    rf"(?!(?:midi|minuit|ici|aussi|lui|parmi|lundi|mardi|mercredi|jeudi|vendredi|samedi|tu|ça)\b){_PARTICIPLE}\b"
)
_FUTURE = re.compile(
    r"\b(?:demain|tomorrow|will|shall|gonna|going\s+to|va|vais|vas|allons|allez|vont|dois|doit|doivent|devons|"
    r"faut|prochain|prochaine|next|coming|[a-zé]+(?:erai|era|erons|erez|eront|irai|ira|irons|irez|iront|drai|dra"
    r"|drons|drez|dront))\b|'ll\b"
)
_CLAUSE_END = re.compile(r"[.!?;\n]")


def resolve_weekday(doc_date: date, weekday: int, direction: str) -> date:
    """The `weekday` (0 = Monday) nearest `doc_date` in `direction`: "future" (on or after), "next"
    (strictly after) or "past" (strictly before)."""
    if direction == "past":
        return doc_date - timedelta(days=(doc_date.weekday() - weekday) % 7 or 7)
    ahead = (weekday - doc_date.weekday()) % 7
    if direction == "next" and ahead == 0:
        ahead = 7
    return doc_date + timedelta(days=ahead)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def tense(low: str, start: int, end: int) -> str | None:
    """Past or future, from the nearest tense marker in the clause around [start, end), else None."""
    left = max(0, start - 80)
    for m in _CLAUSE_END.finditer(low, left, start):
        left = m.end()
    right_match = _CLAUSE_END.search(low, end, min(len(low), end + 80))
    right = right_match.start() if right_match else min(len(low), end + 80)
    best: tuple[int, str] | None = None
    for pattern, name in ((_PAST, "past"), (_FUTURE, "future")):
        for m in pattern.finditer(low, left, right):
            if m.start() < end and m.end() > start:
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else None


def nearest_year(doc: date, month: int, day: int) -> date | None:
    options = []
    for year in (doc.year - 1, doc.year, doc.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - doc).days)) if options else None


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
