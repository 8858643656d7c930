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

from filiere.extract.date_patterns import (
    ABSOLUTE,
    DAY_MONTH,
    DAY_OF_MONTH,
    DAY_OFFSETS,
    DAY_WORDS,
    DEICTIC,
    DURATION_BEFORE,
    JOIN_GAP,
    MONTHS,
    NUMBERS,
    OFFSET,
    PERIOD,
    PERIOD_ABSOLUTE,
    STORY_RELATIVE,
    TIME,
    WEEKDAY,
    WEEKDAYS,
    part_of,
)
from filiere.extract.language import fold_text
from filiere.extract.mention import Context, Mention
from filiere.extract.relative_dates import add_months, nearest_year, resolve_weekday, safe_date, tense
from filiere.ingest.datetimes import two_digit_year

__all__ = ["find_dates"]

SOURCE = "rule:date"


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


def _absolute(m: re.Match[str], text: str, doc: date | None) -> _Found | None:
    found = _absolute_date(m, text, doc)
    if found is not None:
        found.start = m.start("body")  # "le 13 avril" -> "13 avril": the article is not the date
        if m[0].endswith("."):
            found.end -= 1  # "le 13 sept." ends a sentence more often than it abbreviates
    return found


def _absolute_date(m: re.Match[str], text: str, doc: date | None) -> _Found | None:
    if m["nd"]:
        found = safe_date(two_digit_year(int(m["ny"])), int(m["nm"]), int(m["nd"]))
        return _Found(m.start(), m.end(), found, False, 1.0) if found else None
    if m["iy"]:
        found = safe_date(int(m["iy"]), int(m["im"]), int(m["id"]))
        return _Found(m.start(), m.end(), found, False, 1.0) if found else None
    if m["td"]:
        day, month_name, year = int(m["td"]), m["tm"], m["ty"]
    else:
        day, month_name, year = int(m["ed"]), m["em"], m["ey"]
        # "may" and "march" are also verbs: only a capitalised month name counts.
        if month_name in ("may", "mar", "march") and not text[m.start("em")].isupper():
            return None
    month = MONTHS[month_name]
    if year:
        found = safe_date(int(year), month, day)
        return _Found(m.start(), m.end(), found, False, 1.0) if found else None
    if not 1 <= day <= 31 or safe_date(2024, month, day) is None:
        return None
    return _Found(m.start(), m.end(), nearest_year(doc, month, day) if doc else None, True, 0.8)


def _weekday(m: re.Match[str], low: str, doc: date | None) -> _Found:
    night = m["night"]
    part = part_of(night.rsplit(" ", 1)[0]) if night else None
    token = m["part"] or m["part2"]
    if token:
        part = part_of(token)
    mods = " ".join(x for x in (m["pre"], m["pre2"], m["mod"]) if x)
    if re.search(r"\b(?:dernier|derniere|passe|passee|last)\b", mods):
        direction, confidence = "past", 0.95
    elif re.search(r"\b(?:prochain|prochaine|next|qui vient|coming)\b", mods):
        direction, confidence = "next", 0.9
    else:
        direction, confidence = ("past" if tense(low, m.start(), m.end()) == "past" else "future"), 0.8
    day = resolve_weekday(doc, WEEKDAYS[m["wd"]], direction) if doc else None
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
        day = add_months(doc.replace(day=1), step)
    return _Found(m.start(), m.end(), day, True, 0.6)


def _offset(m: re.Match[str], doc: date | None) -> _Found:
    sign = 1 if m["n"] else -1
    raw = m["n"] or m["n2"] or m["n3"]
    unit = (m["u"] or m["u2"] or m["u3"])[0]
    n = int(raw) if raw.isdigit() else NUMBERS[raw]
    day = None
    if doc is not None:
        if unit == "m":
            day = add_months(doc, sign * n)
        else:
            day = doc + timedelta(days=sign * n * (7 if unit in "sw" else 1))
    return _Found(m.start(), m.end(), day, True, 0.9)


def _day_of_month(m: re.Match[str], low: str, doc: date | None) -> _Found | None:
    number = int(m["d"] or m["d2"])
    if not 1 <= number <= 31:
        return None
    day = None
    if doc is not None:
        past = tense(low, m.start(), m.end()) == "past"
        step = -1 if past else 1
        first = doc.replace(day=1)
        for months in range(0, 13 * step, step):
            month = add_months(first, months)
            candidate = safe_date(month.year, month.month, number)
            if candidate and (candidate <= doc if past else candidate >= doc):
                day = candidate
                break
    return _Found(m.start(), m.end(), day, True, 0.75)


def _time(m: re.Match[str], folded: str) -> _Found | None:
    suffix = m["suf"]
    if m["h2"] is not None and not (m["prep"] or suffix):
        return None  # "2h de route", "3 heures": a duration, not a clock time
    duration = DURATION_BEFORE.search(folded, max(0, m.start() - 14), m.start())
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
        part = part_of(suffix)
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
            if date_item.time is None and JOIN_GAP.fullmatch(folded, prev.end, gap_end):
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
    for m in ABSOLUTE.finditer(folded):
        if found := _absolute(m, text, doc):
            candidates.append(found)
    for m in DAY_WORDS.finditer(folded):
        word = m["w"]
        offset = 2 if "apres" in word or "after" in word else -2 if "avant" in word or "before" in word else 0
        offset = offset or DAY_OFFSETS.get(word.split()[0].split("'")[0], 0)
        part_word = m["part"] or m["part2"]
        part = part_of(part_word) if part_word else None
        day = doc + timedelta(days=offset) if doc else None
        candidates.append(_Found(m.start(), m.end(), day, True, 0.95, part=part))
    for m in DEICTIC.finditer(folded):
        words = m[0].split()
        previous = words[-1] in ("derniere", "passee") or words[0] == "last"
        part = part_of(m[0]) or "night"  # "tonight", "la nuit dernière"
        day = doc - timedelta(days=1) if doc and previous else doc
        candidates.append(_Found(m.start(), m.end(), day, True, 0.9, part=part))
    for m in WEEKDAY.finditer(folded):
        low = low if low is not None else text.lower()
        candidates.append(_weekday(m, low, doc))
    for m in PERIOD.finditer(folded):
        candidates.append(_period(m, doc))
    for m in OFFSET.finditer(folded):
        candidates.append(_offset(m, doc))
    for m in PERIOD_ABSOLUTE.finditer(folded):
        if m["mon"] and m["mon"] in ("may", "mar", "march") and not text[m.start()].isupper():
            continue
        start = m.start() if m["mon"] else m.start("y")
        candidates.append(_Found(start, m.end(), None, False, 0.6))
    for m in DAY_MONTH.finditer(folded):
        month, number = int(m["m"]), int(m["d"])
        if 1 <= month <= 12 and safe_date(2024, month, number):
            day = nearest_year(doc, month, number) if doc else None
            candidates.append(_Found(m.start("d"), m.end(), day, True, 0.7))
    for m in STORY_RELATIVE.finditer(folded):
        candidates.append(_Found(m.start(), m.end(), None, True, 0.5))
    for m in DAY_OF_MONTH.finditer(folded):
        low = low if low is not None else text.lower()
        if found := _day_of_month(m, low, doc):
            candidates.append(found)
    for m in TIME.finditer(folded):
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
