"""Dates and clock times in evidence, resolved against the document's date ("jeudi nuit", "demain à 21h").

A call intercepted on Tuesday that says "on part jeudi" means Thursday of that week: the analyst needs the
calendar date, so relative expressions are resolved against `ctx.doc_date`. Without a document date they
are still mentions, with `date` null.

Value: {"date": "YYYY-MM-DD" | None, "time": "HH:MM" | None, "part_of_day": night|morning|afternoon|
evening|None, "relative": bool}; `relative` is true when the date was computed from the document date.

Documented rules (confidence says how sure the rule is):
- A weekday alone ("jeudi", "on Thursday") is the next such day on or after the document date, unless
  "dernier/passé/last" follows or precedes it, or the nearest tense marker of its clause is past ("il est
  arrivé jeudi", "we paid on Monday"): then the previous such day, strictly before. "prochain/next" is the
  next one strictly after.
- "le 15" is the 15th of the current month if still to come (else of the next month); in past tense, of
  the current month if already gone (else of the previous month).
- A day and month without a year ("le 1er mars", "April 13") take the year that puts them nearest to the
  document date.
- "la semaine prochaine/dernière", "next/last week" give the Monday of that week; "le mois prochain" the
  1st of that month; "fin du mois" the last day of the current month (confidence 0.6: approximate).
- A month and year ("janvier 2024") or a year after a preposition ("depuis 2019") is a period: a mention
  with date null. "24/03" counts only after "le/au/du/depuis"; "le lendemain", "the next day" refer to a
  moment of the story, not the document, so their date is null too.
- "cette nuit" is the night starting on the document date; "la nuit dernière/last night" the night before.
- A time next to a date ("demain à 21h", "at 7 pm on Thursday") joins it; alone it is its own mention with
  date null. A bare hour needs a preposition or a part of day ("à 21h", "vers 3 heures du matin") so that
  durations ("2h de route", "3 min 12 s") are not read as times.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from filiere.extract.language import fold_text
from filiere.extract.mention import Context, Mention
from filiere.ingest.datetimes import two_digit_year

__all__ = ["find_dates", "resolve_weekday"]

SOURCE = "rule:date"

_DAY_NAMES = "lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday"
_WEEKDAYS = {name: i % 7 for i, name in enumerate(f"{_DAY_NAMES} saturday sunday".split())}
_MONTH_NAMES = (
    "janvier janv jan january", "fevrier fevr fev february feb", "mars mar march", "avril avr april apr",
    "mai may", "juin jun june", "juillet juil jul july", "aout august aug", "septembre sept sep september",
    "octobre oct october", "novembre nov november", "decembre dec december",
)  # fmt: skip
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
_EN_MONTHS = {k: v for k, v in _MONTHS.items() if k not in ("mars", "mai", "juin", "aout")}
_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_PARTS = {
    "matin": "morning", "matinee": "morning", "morning": "morning", "apres midi": "afternoon",
    "afternoon": "afternoon", "soir": "evening", "soiree": "evening", "evening": "evening", "nuit": "night",
    "night": "night", "midi": "afternoon",
}  # fmt: skip


def _part_of(words: str) -> str | None:
    """Part of day named by the last words of `words` ("demain soir" -> evening, "l'apres-midi")."""
    key = re.sub(r"[\s'-]+", " ", words).strip()
    if key.endswith("apres midi"):
        return "afternoon"
    return _PARTS.get(key.rsplit(" ", 1)[-1])


def _alt(words: object) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


_WD = _alt(_WEEKDAYS)
_MON = _alt(_MONTHS)
_MON_EN = _alt(_EN_MONTHS)
_NUM = rf"\d{{1,2}}|{_alt(_NUMBERS)}"
_PART = r"matin(?:ee)?|morning|apres[\s-]midi|afternoon|soir(?:ee)?|evening|nuit|night"
_B = r"(?<![\w'-])"  # start of a word
_E = r"(?![\w])"  # end of a word
_ORD = r"(?:er|re|st|nd|rd|th|e|eme)?"

_ABSOLUTE = re.compile(
    rf"{_B}(?:(?:le|du|au|on|the)\s+){{0,2}}(?P<body>(?:(?P<wd>{_WD})\s*,?\s+)?(?:"
    rf"(?<![\d/.\-])(?P<nd>\d{{1,2}})\s*(?P<s>[/.\-])\s*(?P<nm>\d{{1,2}})\s*(?P=s)\s*(?P<ny>\d{{4}}|\d{{2}})"
    rf"(?![\w]|[/.\-]\d)"
    rf"|(?<![\d/.\-])(?P<iy>\d{{4}})(?P<s2>[/\-])(?P<im>\d{{1,2}})(?P=s2)(?P<id>\d{{1,2}})(?![\w]|[/.\-]\d)"
    rf"|(?P<td>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<tm>{_MON})\.?(?:\s*,?\s*(?P<ty>(?:19|20)\d\d))?{_E}"
    rf"|(?P<em>{_MON_EN})\.?\s+(?:the\s+)?(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<ey>(?:19|20)\d\d))?{_E}"
    r"))(?!\s*(?:[:h]\s*\d|%|000))"
)
_DAY_WORDS = re.compile(
    rf"{_B}(?P<w>apres[\s-]demain|avant[\s-]hier|aujourd'?\s?hui|ce\s+jour(?![\s-]+la{_E})|demain|hier"
    r"|the\s+day\s+after\s+tomorrow|the\s+day\s+before\s+yesterday|today|tomorrow|yesterday)"
    rf"(?:\s+(?:(?P<part>{_PART})|dans\s+la\s+(?P<part2>nuit|soiree|matinee)){_E})?{_E}"
)
_DAY_OFFSETS = {"demain": 1, "hier": -1, "tomorrow": 1, "yesterday": -1, "today": 0, "ce": 0, "aujourd": 0}
_DEICTIC = re.compile(
    rf"{_B}(?:ce\s+soir|cette\s+nuit|ce\s+matin|cet\s+apres[\s-]midi|cette\s+apres[\s-]midi"
    rf"|la\s+nuit\s+(?:derniere|passee)|tonight|this\s+(?:morning|afternoon|evening)|last\s+night){_E}"
)
_WEEKDAY = re.compile(
    rf"{_B}(?:(?P<night>(?:dans\s+)?la\s+nuit\s+(?:de|du)|(?:le|the)\s+(?:soir|matin|night|morning)\s+(?:de|du|of))\s+"
    r"|(?P<pre>le|ce|on|this|next|last|coming)\s+(?:(?P<pre2>next|last)\s+)?)?"
    rf"(?P<wd>{_WD})(?:\s+(?P<mod>prochaine?|derniere?|passee?|qui\s+vient|next|last){_E})?"
    rf"(?:\s+(?P<part>{_PART})|\s+(?:dans\s+la|au|in\s+the)\s+(?P<part2>nuit|soir|matin|night|morning))?"
    rf"(?:\s+(?:a|au|to)\s+(?:{_WD}))?{_E}"
)
_PERIOD = re.compile(
    rf"{_B}(?:(?:la\s+)?semaine\s+(?P<wfr>prochaine|derniere|passee)|cette\s+semaine"
    r"|(?P<wen>next|last|this)\s+week|(?:le\s+)?mois\s+(?P<mfr>prochain|dernier|passe)|ce\s+mois(?:-ci)?"
    r"|(?P<men>next|last|this)\s+month"
    rf"|(?P<end>(?:a\s+la\s+|(?:at|by|before)\s+the\s+)?(?:fin|end)\s+(?:du|de|of\s+the|of)\s+(?:mois|month))){_E}"
)
_OFFSET = re.compile(
    rf"{_B}(?:(?:dans|d'ici|in)\s+(?P<n>{_NUM})\s+(?P<u>jours?|semaines?|mois|days?|weeks?|months?)"
    rf"|il\s+y\s+a\s+(?P<n2>{_NUM})\s+(?P<u2>jours?|semaines?|mois)"
    rf"|(?P<n3>{_NUM})\s+(?P<u3>days?|weeks?|months?)\s+ago){_E}"
    r"(?!\s+(?:de\s+(?:route|marche|voyage|trajet|piste)|of\s+(?:driving|walking|travel)))"
)
_NOT_A_YEAR = (
    r"(?!\s*(?:\d|[.,/:]\d|%|f\b|fcfa|cfa|francs?|xof|euros?|naira|dinars?|cedis?|dirhams?|dollars?|usd|mille"
    r"|millions?|personnes|km|kg|metres|migrants|passagers|litres|h\b|heures?)"
    r"|\s+(?:a|et|to|and|-)\s+\d[\d\s.,]*(?:f\b|fcfa|cfa|francs?|euros?|naira|dinars?|cedis?|dollars?|mille))"
)
# Month and year, or a year after a preposition: a period, not a day ("janvier 2024", "depuis 2019").
_PERIOD_ABSOLUTE = re.compile(
    rf"{_B}(?:(?P<mon>{_MON})\s+(?:de\s+l'annee\s+)?|(?:en|depuis|de|a|jusqu'en|in|since|from|to|until"
    rf"|between|entre|et|and|annee|year)\s+)(?P<y>(?:19[5-9]|20[0-4])\d){_E}{_NOT_A_YEAR}"
)
# Day/month without a year ("fixé au 24/03"): only after a word that announces a date.
_DAY_MONTH = re.compile(
    r"(?<![\w'-])(?:le|du|au|depuis|jusqu'au|on|since|until)\s+(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?![\d/]|\.\d)"
)
# Relative to a moment of the story, not to the document: a mention whose date cannot be computed here.
_STORY_RELATIVE = re.compile(
    rf"{_B}(?:le\s+lendemain|la\s+veille|the\s+(?:next|following|previous)\s+day|the\s+day\s+before){_E}"
)
_DAY_OF_MONTH = re.compile(
    rf"{_B}(?:le\s+(?P<d>\d{{1,2}})(?:er)?|on\s+the\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th))"
    r"(?:\s+(?:du\s+mois|de\s+ce\s+mois(?:-ci)?|of\s+(?:the|this)\s+month))?"
    r"(?=\s*(?:$|[.,;:!?)\n](?!\d)|(?:a|au|vers|pour|et|ou|on|il|elle|je|j'|nous|vous|ils|prochain|matin|soir|dans"
    r"|at|in|we|i|he|she|they|to|for|and|or)(?:\s|$|'|,)))"
)
_PREP = (
    r"a|vers|des|avant|apres|jusqu'a|aux\s+alentours\s+de|autour\s+de"
    r"|at|around|about|by|from|until|before|after"
)
_TIME = re.compile(
    rf"(?<![\w:/.\-])(?:(?P<prep>{_PREP})\s+)?(?P<core>"
    r"(?P<h3>1[0-2]|0?[1-9])(?:[:h.](?P<m3>[0-5]\d))?\s*(?P<ap>[ap])(?:\.\s?m\.|\s?m)(?![a-z])"
    r"|(?P<h>[01]?\d|2[0-3])\s*(?:h|:)\s*(?P<m>[0-5]\d)(?!\s*(?:[:'\d]|mi?n|s(?:ec)?\b))"
    r"|(?P<h2>[01]?\d|2[0-4])\s*(?:heures?|hrs?|h)(?![\w'])(?!\s*\d)"
    r"|(?P<named>minuit|midi|midnight|noon)(?![\w-]))"
    r"(?:\s+(?P<suf>du\s+matin|du\s+soir|de\s+l'apres[\s-]midi|de\s+la\s+nuit"
    r"|in\s+the\s+(?:morning|afternoon|evening)|at\s+night))?"
    r"(?!\s+(?:de\s+(?:route|marche|voyage|trajet|piste|temps)|of\s+(?:driving|walking|travel)))"
)
_DURATION_BEFORE = re.compile(r"(?:pendant|durant|duree|during|for|lasted|dure|environ)\s+$")
_JOIN_GAP = re.compile(r"[\s,\-]{0,4}")

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


@dataclass
class _Found:
    start: int
    end: int
    day: date | None
    relative: bool
    confidence: float
    time: str | None = None
    part: str | None = None
    is_time: bool = False
    lead: int = -1  # a time's start including its preposition ("à 21h"), for joining it to a date


def resolve_weekday(doc_date: date, weekday: int, direction: str) -> date:
    """The `weekday` (0 = Monday) nearest `doc_date` in `direction`: "future" (on or after), "next"
    (strictly after) or "past" (strictly before)."""
    if direction == "past":
        return doc_date - timedelta(days=(doc_date.weekday() - weekday) % 7 or 7)
    ahead = (weekday - doc_date.weekday()) % 7
    if direction == "next" and ahead == 0:
        ahead = 7
    return doc_date + timedelta(days=ahead)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _tense(low: str, start: int, end: int) -> str | None:
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


def _nearest_year(doc: date, month: int, day: int) -> date | None:
    options = []
    for year in (doc.year - 1, doc.year, doc.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - doc).days)) if options else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _absolute(m: re.Match[str], text: str, doc: date | None) -> _Found | None:
    found = _absolute_date(m, text, doc)
    if found is not None:
        found.start = m.start("body")  # "le 13 avril" -> "13 avril": the article is not the date
        if m[0].endswith("."):
            found.end -= 1  # "le 13 sept." ends a sentence more often than it abbreviates
    return found


def _absolute_date(m: re.Match[str], text: str, doc: date | None) -> _Found | None:
    if m["nd"]:
        found = _safe_date(two_digit_year(int(m["ny"])), int(m["nm"]), int(m["nd"]))
        return _Found(m.start(), m.end(), found, False, 1.0) if found else None
    if m["iy"]:
        found = _safe_date(int(m["iy"]), int(m["im"]), int(m["id"]))
        return _Found(m.start(), m.end(), found, False, 1.0) if found else None
    if m["td"]:
        day, month_name, year = int(m["td"]), m["tm"], m["ty"]
    else:
        day, month_name, year = int(m["ed"]), m["em"], m["ey"]
        # "may" and "march" are also verbs: only a capitalised month name counts.
        if month_name in ("may", "mar", "march") and not text[m.start("em")].isupper():
            return None
    month = _MONTHS[month_name]
    if year:
        found = _safe_date(int(year), month, day)
        return _Found(m.start(), m.end(), found, False, 1.0) if found else None
    if not 1 <= day <= 31 or _safe_date(2024, month, day) is None:
        return None
    return _Found(m.start(), m.end(), _nearest_year(doc, month, day) if doc else None, True, 0.8)


def _weekday(m: re.Match[str], low: str, doc: date | None) -> _Found:
    night = m["night"]
    part = _part_of(night.rsplit(" ", 1)[0]) if night else None
    token = m["part"] or m["part2"]
    if token:
        part = _part_of(token)
    mods = " ".join(x for x in (m["pre"], m["pre2"], m["mod"]) if x)
    if re.search(r"\b(?:dernier|derniere|passe|passee|last)\b", mods):
        direction, confidence = "past", 0.95
    elif re.search(r"\b(?:prochain|prochaine|next|qui vient|coming)\b", mods):
        direction, confidence = "next", 0.9
    else:
        direction, confidence = ("past" if _tense(low, m.start(), m.end()) == "past" else "future"), 0.8
    day = resolve_weekday(doc, _WEEKDAYS[m["wd"]], direction) if doc else None
    start = m.start("wd") if m["pre"] in ("le", "on") and not m["pre2"] else m.start()
    return _Found(start, m.end(), day, True, confidence, part=part)


def _period(m: re.Match[str], doc: date | None) -> _Found:
    if m["end"]:
        day = date(doc.year, doc.month, calendar.monthrange(doc.year, doc.month)[1]) if doc else None
        return _Found(m.start(), m.end(), day, True, 0.6)
    word = m["wfr"] or m["wen"] or m["mfr"] or m["men"] or ""
    step = 1 if word in ("prochaine", "prochain", "next") else -1 if word else 0
    if doc is None:
        day = None
    elif "semaine" in m[0] or "week" in m[0]:
        day = doc - timedelta(days=doc.weekday()) + timedelta(weeks=step)
    else:
        day = _add_months(doc.replace(day=1), step)
    return _Found(m.start(), m.end(), day, True, 0.6)


def _offset(m: re.Match[str], doc: date | None) -> _Found:
    sign = 1 if m["n"] else -1
    raw = m["n"] or m["n2"] or m["n3"]
    unit = (m["u"] or m["u2"] or m["u3"])[0]
    n = int(raw) if raw.isdigit() else _NUMBERS[raw]
    day = None
    if doc is not None:
        if unit == "m":
            day = _add_months(doc, sign * n)
        else:
            day = doc + timedelta(days=sign * n * (7 if unit in "sw" else 1))
    return _Found(m.start(), m.end(), day, True, 0.9)


def _day_of_month(m: re.Match[str], low: str, doc: date | None) -> _Found | None:
    number = int(m["d"] or m["d2"])
    if not 1 <= number <= 31:
        return None
    day = None
    if doc is not None:
        past = _tense(low, m.start(), m.end()) == "past"
        step = -1 if past else 1
        first = doc.replace(day=1)
        for months in range(0, 13 * step, step):
            month = _add_months(first, months)
            candidate = _safe_date(month.year, month.month, number)
            if candidate and (candidate <= doc if past else candidate >= doc):
                day = candidate
                break
    return _Found(m.start(), m.end(), day, True, 0.75)


def _time(m: re.Match[str], folded: str) -> _Found | None:
    suffix = m["suf"]
    if m["h2"] is not None and not (m["prep"] or suffix):
        return None  # "2h de route", "3 heures": a duration, not a clock time
    duration = _DURATION_BEFORE.search(folded, max(0, m.start() - 14), m.start())
    if m["h"] is not None and not m["prep"] and duration:
        return None
    if m["named"]:
        named = m["named"]
        hour, minute = (0, 0) if named in ("minuit", "midnight") else (12, 0)
        part = "night" if hour == 0 else None
    else:
        hour = int(m["h"] or m["h2"] or m["h3"])
        minute = int(m["m"] or m["m3"] or 0)
        part = None
        if m["ap"]:
            hour = hour % 12 + (12 if m["ap"] == "p" else 0)
        if hour == 24:
            hour = 0
    if suffix:
        part = _part_of(suffix)
        if part == "morning" and hour == 12:
            hour = 0
        elif hour < 12 and (part in ("evening", "afternoon") or (part == "night" and hour >= 7)):
            hour += 12
    start = m.start("core")
    clock = f"{hour:02d}:{minute:02d}"
    return _Found(start, m.end(), None, False, 0.9, time=clock, part=part, is_time=True, lead=m.start())


def _join(dates: list[_Found], folded: str) -> list[_Found]:
    """Attach each time to a date right before or after it ("demain à 21h", "21h le 13/04/2025")."""
    out: list[_Found] = []
    for item in dates:
        prev = out[-1] if out else None
        if prev is not None and prev.is_time != item.is_time:
            time_item, date_item = (item, prev) if item.is_time else (prev, item)
            gap_end = item.lead if item.is_time else item.start
            if date_item.time is None and _JOIN_GAP.fullmatch(folded, prev.end, gap_end):
                merged = _Found(
                    prev.start,
                    item.end,
                    date_item.day,
                    date_item.relative,
                    min(prev.confidence, item.confidence),
                    time=time_item.time,
                    part=date_item.part or time_item.part,
                )
                out[-1] = merged
                continue
        out.append(item)
    return out


def find_dates(text: str, ctx: Context) -> list[Mention]:
    """Date and time mentions of `text`, resolved against `ctx.doc_date` when there is one."""
    if not text:
        return []
    folded = fold_text(text)
    doc = ctx.doc_date
    low: str | None = None
    candidates: list[_Found] = []
    for m in _ABSOLUTE.finditer(folded):
        if found := _absolute(m, text, doc):
            candidates.append(found)
    for m in _DAY_WORDS.finditer(folded):
        word = m["w"]
        offset = 2 if "apres" in word or "after" in word else -2 if "avant" in word or "before" in word else 0
        offset = offset or _DAY_OFFSETS.get(word.split()[0].split("'")[0], 0)
        part_word = m["part"] or m["part2"]
        part = _part_of(part_word) if part_word else None
        day = doc + timedelta(days=offset) if doc else None
        candidates.append(_Found(m.start(), m.end(), day, True, 0.95, part=part))
    for m in _DEICTIC.finditer(folded):
        words = m[0].split()
        previous = words[-1] in ("derniere", "passee") or words[0] == "last"
        part = _part_of(m[0]) or "night"  # "tonight", "la nuit dernière"
        day = doc - timedelta(days=1) if doc and previous else doc
        candidates.append(_Found(m.start(), m.end(), day, True, 0.9, part=part))
    for m in _WEEKDAY.finditer(folded):
        low = low if low is not None else text.lower()
        candidates.append(_weekday(m, low, doc))
    for m in _PERIOD.finditer(folded):
        candidates.append(_period(m, doc))
    for m in _OFFSET.finditer(folded):
        candidates.append(_offset(m, doc))
    for m in _PERIOD_ABSOLUTE.finditer(folded):
        if m["mon"] and m["mon"] in ("may", "mar", "march") and not text[m.start()].isupper():
            continue
        start = m.start() if m["mon"] else m.start("y")
        candidates.append(_Found(start, m.end(), None, False, 0.6))
    for m in _DAY_MONTH.finditer(folded):
        month, number = int(m["m"]), int(m["d"])
        if 1 <= month <= 12 and _safe_date(2024, month, number):
            day = _nearest_year(doc, month, number) if doc else None
            candidates.append(_Found(m.start("d"), m.end(), day, True, 0.7))
    for m in _STORY_RELATIVE.finditer(folded):
        candidates.append(_Found(m.start(), m.end(), None, True, 0.5))
    for m in _DAY_OF_MONTH.finditer(folded):
        low = low if low is not None else text.lower()
        if found := _day_of_month(m, low, doc):
            candidates.append(found)
    for m in _TIME.finditer(folded):
        if found := _time(m, folded):
            candidates.append(found)
    if not candidates:
        return []
    kept: list[_Found] = []
    for item in sorted(candidates, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    mentions = []
    for item in _join(kept, folded):
        value = {
            "date": item.day.isoformat() if item.day else None,
            "time": item.time,
            "part_of_day": item.part,
            "relative": item.relative,
        }
        mentions.append(
            Mention("date", item.start, item.end, text[item.start : item.end], value, SOURCE, item.confidence)
        )
    return mentions
