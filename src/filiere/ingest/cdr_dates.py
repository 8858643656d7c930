"""Call dates and durations in CDRs: find the date columns and their format, then read them fast.

Speed matters, so the row loop avoids per-row regexes and datetime objects: timestamps are rewritten by
slicing, with the date-and-hour prefix ("25/03/2024 14") and the ":MM:SS" tail looked up in small
dictionaries of values already validated. Anything those miss goes through the slower general reader
(`parse_timestamp`) for that row only.

Timestamps are kept as the wall-clock time written by the operator; a zone suffix (Z, +01:00) is
ignored. A date without a time is written "YYYY-MM-DD 00:00:00", as datetimes.iso_local does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.csvsniff import CsvLayout
from filiere.ingest.datetimes import parse_datetime, parse_duration

SAMPLE_OK = 0.5  # share of the first rows a date reading must explain
CACHE_LIMIT = 200_000

_CLOCK_TAILS = {f":{m:02d}:{s:02d}": f":{m:02d}:{s:02d}" for m in range(60) for s in range(60)}
_CLOCK_TAILS.update({f":{m:02d}": f":{m:02d}:00" for m in range(60)})
_COMPACT_TAILS = {f"{m:02d}{s:02d}": f":{m:02d}:{s:02d}" for m in range(60) for s in range(60)}
_COMPACT_TAILS.update({f"{m:02d}": f":{m:02d}:00" for m in range(60)})
_DATE_TAILS = {"": " 00:00:00"}


@dataclass(frozen=True)
class FastFormat:
    """A timestamp format read by slicing: prefix (date + hour) looked up, then a tail (":MM:SS")."""

    name: str
    cut: int
    prefix: re.Pattern[str]
    tails: dict[str, str]

    def read_prefix(self, key: str) -> str | None:
        match = self.prefix.fullmatch(key)
        if not match:
            return None
        day = _valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if day is None:
            return None
        hour = match.groupdict().get("h")
        if hour is None:
            return day
        return f"{day} {hour}" if int(hour) < 24 else None

    def read(self, text: str) -> str | None:
        head = self.read_prefix(text[: self.cut])
        tail = self.tails.get(text[self.cut :])
        return head + tail if head is not None and tail is not None else None


_DMY = r"(?P<d>\d\d)([/.-])(?P<m>\d\d)\2(?P<y>\d{4})"
_YMD = r"(?P<y>\d{4})([/.-])(?P<m>\d\d)\2(?P<d>\d\d)"
FAST_FORMATS: tuple[FastFormat, ...] = (
    FastFormat("dd/mm/yyyy hh:mm:ss", 13, re.compile(_DMY + r"[ T](?P<h>\d\d)", re.ASCII), _CLOCK_TAILS),
    FastFormat("yyyy-mm-dd hh:mm:ss", 13, re.compile(_YMD + r"[ T](?P<h>\d\d)", re.ASCII), _CLOCK_TAILS),
    FastFormat(
        "yyyymmddhhmmss",
        10,
        re.compile(r"(?P<y>\d{4})(?P<m>\d\d)(?P<d>\d\d)(?P<h>\d\d)", re.ASCII),
        _COMPACT_TAILS,
    ),
    FastFormat("dd/mm/yyyy", 10, re.compile(_DMY, re.ASCII), _DATE_TAILS),
    FastFormat("yyyy-mm-dd", 10, re.compile(_YMD, re.ASCII), _DATE_TAILS),
    FastFormat("yyyymmdd", 8, re.compile(r"(?P<y>\d{4})(?P<m>\d\d)(?P<d>\d\d)", re.ASCII), _DATE_TAILS),
)

_CLOCK = r"(?:[ T]+(?P<H>\d{1,2})[:hH](?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,]\d+)?)?)?"
_ZONE = r"(?:\s*(?:Z|UTC|GMT|[+-]\d\d:?\d\d))?"
_GENERAL = (
    re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d\d)" + _CLOCK + _ZONE, re.ASCII),
    re.compile(r"(?P<y>\d{4})[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})" + _CLOCK + _ZONE, re.ASCII),
    re.compile(
        r"(?P<y>\d{4})(?P<m>\d\d)(?P<d>\d\d)(?:[ T]?(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)?)?" + _ZONE, re.ASCII
    ),
)


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_timestamp(text: str) -> str | None:
    """Read any supported date or date-and-time as "YYYY-MM-DD HH:MM:SS" (slow path; None if unreadable)."""
    value = text.strip()
    for pattern in _GENERAL:
        match = pattern.fullmatch(value)
        if match:
            year = int(match["y"])
            day = _valid_date(year + 2000 if len(match["y"]) == 2 else year, int(match["m"]), int(match["d"]))
            hour, minute, second = (int(match[g] or 0) for g in "HMS")
            if day is None or hour > 23 or minute > 59 or second > 59:
                return None
            return f"{day} {hour:02d}:{minute:02d}:{second:02d}"
    parsed = parse_datetime(value) if any(c.isalpha() for c in value) else None
    if parsed is None:
        return None
    day_, clock = parsed
    return f"{day_.isoformat()} {clock.strftime('%H:%M:%S') if clock else '00:00:00'}"


def read_duration(text: str) -> int | None:
    """Seconds from "125", "125.0", "02:05", "00:02:05" or "2 min 5 s"; -1 when unreadable, None if empty."""
    value = text.strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return int(value)
    match = re.fullmatch(r"(\d+)[.,](\d+)", value)
    if match:
        return int(match[1])
    seconds = parse_duration(value)
    return -1 if seconds is None else seconds


def choose_timestamp(
    layout: CsvLayout, columns: dict[str, int], listed: str
) -> tuple[tuple[int, ...], FastFormat]:
    """The timestamp columns and fast format that explain the first rows best."""
    start, day, clock = columns.get("start"), columns.get("date"), columns.get("time")
    combos = [c for c in ((start,), (day, clock), (day, start), (start, clock), (day,)) if None not in c]
    combos = [c for c in combos if len(set(c)) == len(c)]
    if not combos:
        raise EvidenceError(
            layout.path,
            _("no date column: found columns {columns}; name the call date column Date or Date/Heure").format(
                columns=listed
            ),
            layout.header_line,
        )
    best: tuple[tuple[int, int], tuple[int, ...], list[str]] | None = None
    for order, combo in enumerate(combos):
        values = [v for v in (_joined(cells, combo) for _, cells in layout.sample) if v.strip()]
        read = [s for s in map(parse_timestamp, values) if s is not None]
        if len(read) < SAMPLE_OK * len(values):
            continue
        timed = sum(not s.endswith(" 00:00:00") for s in read)
        # rank: 2 = dates with times, 1 = dates only, 0 = no values in the sample to judge by
        rank = (2 if timed >= SAMPLE_OK * len(read) else 1) if values else 0
        if best is None or (rank, -order) > best[0]:
            best = ((rank, -order), combo, values)
    if best is not None:
        return best[1], _fast_for(best[2])
    first = next((v for v in (_joined(c, combos[0]) for _, c in layout.sample) if v.strip()), "")
    raise EvidenceError(
        layout.path,
        _(
            "the call dates are in an unknown format (first value: '{value}'); expected e.g. "
            "25/03/2024 14:05:00, 2024-03-25 14:05:00 or 20240325140500"
        ).format(value=first),
        layout.sample[0][0] if layout.sample else layout.header_line,
    )


def _joined(cells: Sequence[str], combo: tuple[int, ...]) -> str:
    if max(combo) >= len(cells):
        return ""
    return " ".join(cells[i] for i in combo)


def _fast_for(values: list[str]) -> FastFormat:
    hits = [sum(f.read(v) is not None for v in values) for f in FAST_FORMATS]
    return FAST_FORMATS[hits.index(max(hits))]


def slow_stamp_reader(fast: FastFormat, prefixes: dict[str, str]) -> Callable[[str], str | None]:
    """Per-row fallback: learn a new date-and-hour prefix, else read the value in full.

    Returns the timestamp, None for an empty value, or "" when the value is unreadable.
    """

    def slow(text: str) -> str | None:
        if not text.strip():
            return None
        key = text[: fast.cut]
        head = fast.read_prefix(key) if key not in prefixes else prefixes[key]
        if head is not None and len(prefixes) < CACHE_LIMIT:
            prefixes[key] = head
        tail = fast.tails.get(text[fast.cut :])
        if head is not None and tail is not None:
            return head + tail
        return parse_timestamp(text) or ""

    return slow
