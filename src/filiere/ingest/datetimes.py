"""Dates, clock times and durations as investigators write them (French and English, day first).

Every parser reads the same handwritten-looking values ("13 avril 2025", "21h04", "3mn12s"), so the
rules live here once. Functions return None for what they cannot read; callers decide whether that is a
warning. West African usage is day first, so "04/05/2025" is the 4th of May, always.

Public API (stable, also used by the CDR parser):
    parse_date(text) -> date | None
    parse_time(text) -> time | None
    parse_datetime(text) -> tuple[date, time | None] | None
    find_date(text) -> tuple[date, int, int] | None
    parse_duration(text) -> int | None          (seconds)
    iso_local(date, time | None) -> str         ("YYYY-MM-DD HH:MM:SS")
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time

__all__ = [
    "find_date",
    "iso_local",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "parse_time",
    "two_digit_year",
]

# Two-digit years below this pivot are 20xx, the others 19xx ("13/04/25" -> 2025, "02/01/88" -> 1988).
YEAR_PIVOT = 70

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "janvier jan janv january",
        "fevrier fev fevr february feb",
        "mars mar march",
        "avril avr april apr",
        "mai may",
        "juin jun june",
        "juillet juil jul july",
        "aout aou august aug",
        "septembre sept sep september",
        "octobre oct october",
        "novembre nov november",
        "decembre dec december",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_WEEKDAYS = [
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
]

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORDINAL = r"(?:er|re|eme|e|st|nd|rd|th)?"

# Patterns over the folded text (lower case, no accents; spaces kept as written).
_NUMERIC_DMY = re.compile(r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4}|\d{2})(?!\d)")
_NUMERIC_YMD = re.compile(r"(?P<y>\d{4})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<d>\d{1,2})(?!\d)")
_TEXT_DMY = re.compile(
    rf"(?P<d>\d{{1,2}}){_ORDINAL}(?:\s+of)?(?:\s+|\s*[/.\-]\s*)(?P<mon>{_MONTH_RE})\.?"
    rf"(?:\s*[/.\-,]\s*|\s+)(?P<y>\d{{4}}|\d{{2}})(?!\d)"
)
_TEXT_MDY = re.compile(rf"(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}){_ORDINAL}\s*,?\s*(?P<y>\d{{4}})(?!\d)")
_DATE_PATTERNS = (_NUMERIC_YMD, _NUMERIC_DMY, _TEXT_DMY, _TEXT_MDY)

_PREFIX_RE = re.compile(
    rf"^\s*(?:(?:le|du|on|the|en date du|dated?)\s+)?(?:(?:{'|'.join(_WEEKDAYS)})\s*,?\s+)?(?:the\s+)?"
)

_AMPM = r"(?P<ampm>a\.?\s*m\.?|p\.?\s*m\.?)"
_TIME_RE = re.compile(
    r"(?P<h>\d{1,2})\s*(?:(?P<colon>:)|heures?|hrs?|h)\s*"
    r"(?:(?P<m>\d{2})\s*(?:minutes?|mins?|mn|')?"
    r"(?:\s*(?::|et)?\s*(?P<s>\d{2})\s*(?:secondes?|seconds?|sec|s|''|\")?)?)?"
    rf"(?:\s*{_AMPM})?"
)
_TIME_AMPM_ONLY = re.compile(rf"(?P<h>\d{{1,2}})\s*{_AMPM}")
_DATETIME_JOIN = re.compile(r"^(?:\s*(?:a partir de|around|vers|at|a|t|,|-)\s*|\s+)")

_DURATION_CLOCK = re.compile(r"(?:(?P<h>\d{1,3})\s*:\s*)?(?P<m>\d{1,3})\s*:\s*(?P<s>\d{2})")
_DURATION_QUOTES = re.compile(r"(?:(?P<m>\d{1,4})\s*'(?!')\s*)?(?:(?P<s>\d{1,2})\s*(?P<mark>''|\")?)?")
_DURATION_UNIT = re.compile(
    r"(?P<n>\d{1,6})\s*(?P<u>heures?|hours?|hrs?|h|minutes?|mins?|mn|m|secondes?|seconds?|secs?|s)?\.?"
)
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}


_CHAR_MAP = {"\u2019": "'", "\u2032": "'", "\u2018": "'", "\u2033": '"', "\u201d": '"', "\u201c": '"'}


def _fold(text: str) -> str:
    """Lower case, accents removed, typographic quotes made plain; one character for one character.

    Keeping the length lets find_date() give offsets into the original text.
    """
    out = []
    for char in text:
        if char in _CHAR_MAP:
            out.append(_CHAR_MAP[char])
            continue
        if char.isascii():
            out.append(char.lower())
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
        out.append(base if len(base) == 1 else char)
    return "".join(out)


def two_digit_year(year: int) -> int:
    """Expand a two-digit year with the pivot YEAR_PIVOT (25 -> 2025, 88 -> 1988)."""
    if year >= 100:
        return year
    return 2000 + year if year < YEAR_PIVOT else 1900 + year


def _make_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if len(groups["y"]) == 2:
        year = two_digit_year(year)
    month = _MONTHS[groups["mon"]] if groups.get("mon") else int(groups["m"])
    try:
        return date(year, month, int(groups["d"]))
    except ValueError:
        return None


def _trim(text: str) -> str:
    return text.strip(" \t\r\n.,;")


def _strip_date_text(folded: str) -> str:
    folded = _PREFIX_RE.sub("", folded, count=1)
    return _trim(folded)


def parse_date(text: str) -> date | None:
    """Read a date that is the whole of `text` ("13/04/2025", "le 1er mars 2025", "April 13, 2025")."""
    folded = _strip_date_text(_fold(text))
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(folded)
        if match:
            return _make_date(match)
    return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """Find the first readable date inside `text`; returns (date, start, end) offsets into `text`.

    Folding keeps one character for one character, so the offsets point into the original text.
    """
    folded = _fold(text)
    best: tuple[int, re.Match[str]] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            if match.start() > 0 and folded[match.start() - 1].isalnum():
                continue
            if _make_date(match) is None:
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), match)
            break
    if best is None:
        return None
    match = best[1]
    found = _make_date(match)
    assert found is not None
    return found, match.start(), match.end()


def _time_from(match: re.Match[str]) -> time | None:
    hour = int(match["h"])
    minute = int(match["m"]) if match.groupdict().get("m") else 0
    second = int(match["s"]) if match.groupdict().get("s") else 0
    ampm = re.sub(r"[.\s]", "", match["ampm"] or "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    """Read a clock time that is the whole of `text` ("21:04", "21h04", "21 h 04", "9:05 PM", "21H04mn")."""
    folded = _trim(_fold(text))
    folded = re.sub(r"^(?:a|at|vers|around)\s+", "", folded)
    match = _TIME_RE.fullmatch(folded)
    if match and (match["m"] or not match["colon"]):
        return _time_from(match)
    match = _TIME_AMPM_ONLY.fullmatch(folded)
    if match:
        return _time_from(match)
    return None


def parse_datetime(text: str) -> tuple[date, time | None] | None:
    """Read "date [à|at|,|T] time" or a date alone ("13/04/2025 à 21h04", "2025-04-13T21:04:33")."""
    folded = _strip_date_text(_fold(text))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(folded)
        if not match:
            continue
        found = _make_date(match)
        if found is None:
            return None
        rest = folded[match.end() :]
        if not _trim(rest):
            return found, None
        rest = _DATETIME_JOIN.sub("", rest, count=1)
        clock = parse_time(rest)
        return (found, clock) if clock is not None else None
    return None


def parse_duration(text: str) -> int | None:
    """Read a call duration in seconds ("00:03:12", "3 min 12 s", "3'12''", "192", "2 min")."""
    folded = _trim(" ".join(_fold(text).split()))
    if not folded:
        return None
    match = _DURATION_CLOCK.fullmatch(folded)
    if match:
        seconds = int(match["s"])
        minutes = int(match["m"])
        if seconds >= 60 or (match["h"] is not None and minutes >= 60):
            return None
        return int(match["h"] or 0) * 3600 + minutes * 60 + seconds
    match = _DURATION_QUOTES.fullmatch(folded)
    if match and (match["mark"] or (match["m"] and "'" in folded)):
        minutes = int(match["m"] or 0)
        seconds = int(match["s"] or 0)
        return None if seconds >= 60 and match["m"] else minutes * 60 + seconds
    return _unit_duration(folded)


def _unit_duration(folded: str) -> int | None:
    """Sum "<n> <unit>" parts; a last bare number counts in the unit below the previous one."""
    folded = re.sub(r"\b(?:et|and)\b|,", " ", folded)
    folded = " ".join(folded.split())
    total = 0
    pos = 0
    last_unit: str | None = None
    while pos < len(folded):
        if folded[pos] == " ":
            pos += 1
            continue
        match = _DURATION_UNIT.match(folded, pos)
        if not match or match.end() == pos:
            return None
        end = match.end()
        if end < len(folded) and folded[end].isalpha():
            return None
        unit = (match["u"] or "")[:1]
        if not unit:
            unit = {"h": "m", "m": "s"}.get(last_unit or "", "s")
            if last_unit == "s":
                return None
        if last_unit and _UNIT_SECONDS[unit] >= _UNIT_SECONDS[last_unit]:
            return None
        total += int(match["n"]) * _UNIT_SECONDS[unit]
        last_unit = unit
        pos = end
    return total if last_unit else None


def iso_local(day: date, clock: time | None = None) -> str:
    """The CallRow.started_at form "YYYY-MM-DD HH:MM:SS"; a missing time is written 00:00:00."""
    clock = clock or time(0, 0, 0)
    return f"{day.isoformat()} {clock.hour:02d}:{clock.minute:02d}:{clock.second:02d}"
