"""Dates, times and durations as written in police records: listed forms, round trips, no crash."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.ingest.datetimes import (
    find_date,
    iso_local,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_time,
    two_digit_year,
)

APRIL_13 = date(2025, 4, 13)


@pytest.mark.parametrize(
    "text",
    [
        "13/04/2025",
        "13-04-2025",
        "13.04.2025",
        "2025-04-13",
        "2025/04/13",
        "13 avril 2025",
        "13 Avril 2025",
        "le 13 avril 2025",
        "Le dimanche 13 avril 2025",
        "April 13, 2025",
        "Apr. 13 2025",
        "13 April 2025",
        "Sunday, 13 April 2025",
        "the 13th of April 2025",
        "13-Apr-2025",
        "13 avr. 2025",
        "13/04/25",
        " 13 / 04 / 2025. ",
    ],
)
def test_dates_as_written(text: str) -> None:
    assert parse_date(text) == APRIL_13


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1er mars 2025", date(2025, 3, 1)),
        ("04/05/2025", date(2025, 5, 4)),  # day first, always
        ("2 août 2024", date(2024, 8, 2)),
        ("2 aout 2024", date(2024, 8, 2)),
        ("14 févr. 2025", date(2025, 2, 14)),
        ("1 décembre 1999", date(1999, 12, 1)),
        ("02/01/88", date(1988, 1, 2)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates_with_expected_value(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "hier", "31/02/2025", "13/13/2025", "2025", "13 avril", "13/04/2025 à 21h04", "32 mai 2025"]
)
def test_unreadable_dates(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:04", time(21, 4)),
        ("21h04", time(21, 4)),
        ("21 h 04", time(21, 4)),
        ("21:04:33", time(21, 4, 33)),
        ("9:05 PM", time(21, 5)),
        ("9:05 p.m.", time(21, 5)),
        ("12:30 AM", time(0, 30)),
        ("12:30 PM", time(12, 30)),
        ("21H04mn", time(21, 4)),
        ("21h", time(21, 0)),
        ("7 pm", time(19, 0)),
        ("à 07h45", time(7, 45)),
        ("21 heures 04", time(21, 4)),
    ],
)
def test_times_as_written(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["", "24:00", "21:60", "21:", "13:05 PM", "nuit", "2104"])
def test_unreadable_times(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:03:12", 192),
        ("03:12", 192),
        ("3 min 12 s", 192),
        ("3mn12s", 192),
        ("3 mn 12", 192),
        ("192 s", 192),
        ("192", 192),
        ("3'12''", 192),
        ("3’12’’", 192),
        ("3'12\"", 192),
        ("3 minutes 12 secondes", 192),
        ("3 minutes et 12 secondes", 192),
        ("2 min", 120),
        ("1 h 02 min 05 s", 3725),
        ("1:02:05", 3725),
        ("45''", 45),
        ("0", 0),
    ],
)
def test_durations_as_written(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "long", "3 12", "12 s 3 min", "03:75", "1:75:00", "3 min 12 s 4"])
def test_unreadable_durations(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13/04/2025 à 21h04", (APRIL_13, time(21, 4))),
        ("2025-04-13T21:04:33", (APRIL_13, time(21, 4, 33))),
        ("2025-04-13 21:04:33", (APRIL_13, time(21, 4, 33))),
        ("13/04/2025, 21:04", (APRIL_13, time(21, 4))),
        ("April 13, 2025 at 9:05 PM", (APRIL_13, time(21, 5))),
        ("13 avril 2025", (APRIL_13, None)),
    ],
)
def test_datetimes(text: str, expected: tuple[date, time | None]) -> None:
    assert parse_datetime(text) == expected


def test_datetime_with_unreadable_time_is_none() -> None:
    assert parse_datetime("13/04/2025 vers minuit") is None


def test_find_date_gives_offsets_into_the_text() -> None:
    text = "Né le 12 mars 1990 à Gao"
    found = find_date(text)
    assert found is not None
    day, start, end = found
    assert day == date(1990, 3, 12)
    assert text[start:end] == "12 mars 1990"
    assert find_date("rien ici") is None


def test_iso_local() -> None:
    assert iso_local(APRIL_13, time(21, 4)) == "2025-04-13 21:04:00"
    assert iso_local(APRIL_13, time(21, 4, 33, 999)) == "2025-04-13 21:04:33"
    assert iso_local(APRIL_13, None) == "2025-04-13 00:00:00"


def test_two_digit_year_pivot() -> None:
    assert two_digit_year(25) == 2025
    assert two_digit_year(69) == 2069
    assert two_digit_year(70) == 1970
    assert two_digit_year(2025) == 2025


# --- properties -----------------------------------------------------------------------------------

FR_MONTHS = (
    *("janvier", "février", "mars", "avril", "mai", "juin"),
    *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
)
EN_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
case = st.sampled_from([str, str.upper, str.lower, str.title])


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[date, str]:
    day = draw(st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
    style = draw(st.integers(0, 6))
    sep = draw(st.sampled_from("/-."))
    if style == 0:
        text = f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}"
    elif style == 1:
        text = f"{day.day}{sep}{day.month}{sep}{day.year % 100:02d}"
    elif style == 2:
        text = f"{day.year}-{day.month:02d}-{day.day:02d}"
    elif style == 3:
        first = "1er" if day.day == 1 else str(day.day)
        prefix = draw(st.sampled_from(["", "le ", "Le "]))
        text = f"{prefix}{first} {draw(case)(FR_MONTHS[day.month - 1])} {day.year}"
    elif style == 4:
        text = f"{draw(case)(EN_MONTHS[day.month - 1])} {day.day}, {day.year}"
    elif style == 5:
        text = f"{day.day} {draw(case)(EN_MONTHS[day.month - 1])} {day.year}"
    else:
        text = f"{day.day:02d} {EN_MONTHS[day.month - 1][:3]} {day.year}"
    return day, text


@given(written_dates())
def test_generated_dates_round_trip(case_: tuple[date, str]) -> None:
    day, text = case_
    assert parse_date(text) == day
    assert parse_datetime(text) == (day, None)


@given(written_dates(), st.times(), st.sampled_from([" à ", " ", ", ", " at "]))
def test_generated_datetimes_round_trip(case_: tuple[date, str], clock: time, joiner: str) -> None:
    day, text = case_
    clock = clock.replace(microsecond=0)
    written = f"{text}{joiner}{clock.hour:02d}:{clock.minute:02d}:{clock.second:02d}"
    assert parse_datetime(written) == (day, clock)
    started = iso_local(day, clock)
    assert datetime.strptime(started, "%Y-%m-%d %H:%M:%S") == datetime.combine(day, clock)


@given(written_dates(), st.text(alphabet="abc xyz", max_size=8), st.text(alphabet="abc xyz", max_size=8))
def test_find_date_inside_text(case_: tuple[date, str], before: str, after: str) -> None:
    day, text = case_
    found = find_date(f"{before} {text} {after}")
    assert found is not None and found[0] == day


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59), st.integers(0, 3))
def test_generated_times_round_trip(hour: int, minute: int, second: int, style: int) -> None:
    if style == 0:
        text, expected = f"{hour:02d}:{minute:02d}:{second:02d}", time(hour, minute, second)
    elif style == 1:
        text, expected = f"{hour}h{minute:02d}", time(hour, minute)
    elif style == 2:
        text, expected = f"{hour} H {minute:02d} mn", time(hour, minute)
    else:
        twelve = hour % 12 or 12
        text, expected = f"{twelve}:{minute:02d} {'PM' if hour >= 12 else 'AM'}", time(hour, minute)
    assert parse_time(text) == expected


@given(st.integers(0, 5 * 3600), st.integers(0, 4))
def test_generated_durations_round_trip(seconds: int, style: int) -> None:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if style == 0:
        text = f"{h:02d}:{m:02d}:{s:02d}"
    elif style == 1:
        text = f"{h * 60 + m} min {s} s"
    elif style == 2:
        text = f"{h * 60 + m}'{s:02d}''"
    elif style == 3:
        text = str(seconds)
    else:
        text = f"{h} h {m} mn {s} secondes"
    assert parse_duration(text) == seconds


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(text: str) -> None:
    for parse in (parse_date, parse_time, parse_duration, parse_datetime, find_date):
        parse(text)
