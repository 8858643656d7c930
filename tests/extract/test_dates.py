"""Dates and times in evidence, resolved against the document date (fictional dialogue lines)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.extract.dates import find_dates
from filiere.extract.mention import Context
from filiere.extract.relative_dates import resolve_weekday

TUESDAY = date(2025, 4, 15)
THURSDAY = date(2025, 4, 17)
FRIDAY = date(2025, 4, 18)
DOC_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


def _one(text: str, doc: date | None = TUESDAY) -> dict:
    found = find_dates(text, Context(doc_date=doc))
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start : m.end] == m.text
    return {**m.value, "text": m.text}


@pytest.mark.parametrize(
    ("text", "span", "day", "clock"),
    [
        ("On se voit le 13/04/2025 à 21h04.", "13/04/2025 à 21h04", "2025-04-13", "21:04"),
        ("Il est arrivé le 13 avril 2025 avec les filles.", "13 avril 2025", "2025-04-13", None),
        ("Le paiement du 2025-03-02 est confirmé.", "2025-03-02", "2025-03-02", None),
        ("Le camion est parti le 1er mars.", "1er mars", "2025-03-01", None),
        ("He called me on April 13 about the boat.", "April 13", "2025-04-13", None),
        ("She arrived on the 13th of April.", "13th of April", "2025-04-13", None),
        ("We met on April 13th, 2024 at the garage.", "April 13th, 2024", "2024-04-13", None),
        ("Rendez-vous le jeudi 17 avril 2025 au garage.", "jeudi 17 avril 2025", "2025-04-17", None),
    ],
)
def test_absolute_dates(text: str, span: str, day: str, clock: str | None) -> None:
    value = _one(text)
    assert (value["text"], value["date"], value["time"]) == (span, day, clock)
    assert value["relative"] is (span in ("1er mars", "April 13", "13th of April"))


@pytest.mark.parametrize(
    ("text", "span", "day", "part"),
    [
        ("Ok, on part demain.", "demain", "2025-04-16", None),
        ("Le chauffeur arrive après-demain inch'allah.", "après-demain", "2025-04-17", None),
        ("Il a appelé hier.", "hier", "2025-04-14", None),
        ("Ils sont passés avant-hier à Arlit.", "avant-hier", "2025-04-13", None),
        ("Aujourd'hui le colis est à Agadez.", "Aujourd'hui", "2025-04-15", None),
        ("Ce soir tout le monde monte.", "Ce soir", "2025-04-15", "evening"),
        ("On roule cette nuit.", "cette nuit", "2025-04-15", "night"),
        ("Je t'appelle demain matin.", "demain matin", "2025-04-16", "morning"),
        ("Le convoi part jeudi.", "jeudi", "2025-04-17", None),
        ("On bouge jeudi nuit.", "jeudi nuit", "2025-04-17", "night"),
        (
            "Ils partent dans la nuit du jeudi au vendredi.",
            "dans la nuit du jeudi au vendredi",
            "2025-04-17",
            "night",
        ),
        ("Ça sera pour jeudi prochain.", "jeudi prochain", "2025-04-17", None),
        ("Lundi dernier il a payé.", "Lundi dernier", "2025-04-14", None),
        ("On verra la semaine prochaine.", "la semaine prochaine", "2025-04-21", None),
        ("Il sera là dans deux jours.", "dans deux jours", "2025-04-17", None),
        ("Ils sont partis il y a trois jours.", "il y a trois jours", "2025-04-12", None),
        ("On se voit le 15 à Niamey.", "le 15", "2025-04-15", None),
        ("Il faut payer avant la fin du mois.", "fin du mois", "2025-04-30", None),
        ("Yes, tomorrow at the station.", "tomorrow", "2025-04-16", None),
        ("He left yesterday.", "yesterday", "2025-04-14", None),
        ("We move tonight.", "tonight", "2025-04-15", "night"),
        ("We go on Thursday.", "Thursday", "2025-04-17", None),
        ("The boat leaves Thursday night.", "Thursday night", "2025-04-17", "night"),
        ("Send it next week.", "next week", "2025-04-21", None),
        ("I saw him last Monday.", "last Monday", "2025-04-14", None),
        ("The money comes in two days.", "in two days", "2025-04-17", None),
        ("They crossed three days ago.", "three days ago", "2025-04-12", None),
        ("Call me the day after tomorrow.", "the day after tomorrow", "2025-04-17", None),
        ("Il est rentré la nuit dernière.", "la nuit dernière", "2025-04-14", "night"),
    ],
)
def test_relative_dates(text: str, span: str, day: str, part: str | None) -> None:
    value = _one(text)
    assert (value["text"], value["date"], value["part_of_day"], value["relative"]) == (span, day, part, True)


def test_without_document_date_relative_dates_are_kept_with_null_date() -> None:
    value = _one("On part demain à 21h.", doc=None)
    assert value == {
        "date": None,
        "time": "21:00",
        "part_of_day": None,
        "relative": True,
        "text": "demain à 21h",
    }
    assert _one("Le 13/04/2025.", doc=None)["date"] == "2025-04-13"
    assert _one("le 1er mars", doc=None)["date"] is None


@pytest.mark.parametrize(
    ("text", "span", "day", "clock", "part"),
    [
        ("On part demain à 21h.", "demain à 21h", "2025-04-16", "21:00", None),
        ("Jeudi vers 3 heures du matin.", "Jeudi vers 3 heures du matin", "2025-04-17", "03:00", "morning"),
        ("We leave tomorrow at 7 pm.", "tomorrow at 7 pm", "2025-04-16", "19:00", None),
        ("À 21h demain, tout le monde à l'autogare.", "21h demain", "2025-04-16", "21:00", None),
        ("Ce soir vers 22h30.", "Ce soir vers 22h30", "2025-04-15", "22:30", "evening"),
        ("Il a appelé à 21h.", "21h", None, "21:00", None),
        ("Le départ est à 4h30.", "4h30", None, "04:30", None),
        ("Be there at 7 pm.", "7 pm", None, "19:00", None),
        ("Be there at 7 p.m. sharp.", "7 p.m.", None, "19:00", None),
        ("Vers minuit, le pick-up est arrivé.", "minuit", None, "00:00", "night"),
        ("à 8 heures du soir", "8 heures du soir", None, "20:00", "evening"),
    ],
)
def test_times_join_adjacent_dates(
    text: str, span: str, day: str | None, clock: str, part: str | None
) -> None:
    value = _one(text)
    assert (value["text"], value["date"], value["time"], value["part_of_day"]) == (span, day, clock, part)


@pytest.mark.parametrize(
    "text",
    [
        "Appelle-moi au 76 12 34 56 ou au +223-76-12-34-56.",
        "Le numéro c'est 20.11.23.45.",
        "J'ai envoyé 150 000 F et 1.500.000 FCFA.",
        "Durée : 3 min 12 s.",
        "Durée de l'appel 00:03:12.",
        "Ils ont fait en 2 jours de route jusqu'à Dirkou.",
        "Ça fait 2h de route.",
        "Le 15 000 F est arrivé.",
        "Il y a trois jours de marche dans le désert.",
        "I may 5 times ask him.",
        "pendant 21:04 minutes",
        "Le camion a 3 places.",
        "Le prix va de 2000 à 3000 francs.",
        "J'ai payé 2000 F à Gao.",
        "Le score était 3/4.",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, Context(doc_date=TUESDAY)) == []


@pytest.mark.parametrize(
    ("doc", "text", "day"),
    [
        (THURSDAY, "On part jeudi.", THURSDAY),
        (THURSDAY, "On part jeudi prochain.", THURSDAY + timedelta(days=7)),
        (THURSDAY, "Il est venu jeudi dernier.", THURSDAY - timedelta(days=7)),
        (THURSDAY, "Il est venu jeudi.", THURSDAY - timedelta(days=7)),
        (THURSDAY, "On part vendredi.", FRIDAY),
        (FRIDAY, "On part jeudi.", THURSDAY + timedelta(days=7)),
        (FRIDAY, "Il est arrivé jeudi.", THURSDAY),
        (FRIDAY, "Ils ont payé jeudi, il partira demain.", THURSDAY),
        (FRIDAY, "Il m'a dit qu'il viendra jeudi.", THURSDAY + timedelta(days=7)),
        (FRIDAY, "We paid on Thursday.", THURSDAY),
        (FRIDAY, "He will come on Thursday.", THURSDAY + timedelta(days=7)),
        (FRIDAY, "On part vendredi.", FRIDAY),
    ],
)
def test_weekday_edges(doc: date, text: str, day: date) -> None:
    first = find_dates(text, Context(doc_date=doc))[0]
    assert first.value["date"] == day.isoformat()


@pytest.mark.parametrize(
    ("doc", "text", "day"),
    [
        (date(2024, 2, 10), "fin du mois", "2024-02-29"),
        (date(2025, 2, 10), "fin du mois", "2025-02-28"),
        (date(2024, 1, 31), "dans un mois", "2024-02-29"),
        (date(2025, 2, 10), "On se voit le 29 à Gao.", "2025-03-29"),
        (date(2024, 2, 10), "On se voit le 29 à Gao.", "2024-02-29"),
        (date(2025, 4, 5), "le 31 on part", "2025-05-31"),
        (date(2025, 4, 20), "Il est arrivé le 3.", "2025-04-03"),
        (date(2025, 12, 30), "le 2 on part", "2026-01-02"),
        (date(2025, 12, 30), "demain", "2025-12-31"),
        (date(2025, 12, 31), "demain", "2026-01-01"),
        (date(2025, 1, 10), "le 28 décembre", "2024-12-28"),
        (date(2025, 12, 20), "le 3 janvier", "2026-01-03"),
        (date(2025, 3, 1), "hier", "2025-02-28"),
        (date(2024, 3, 1), "hier", "2024-02-29"),
    ],
)
def test_month_and_year_ends(doc: date, text: str, day: str) -> None:
    assert _one(text, doc)["date"] == day


@settings(max_examples=200, deadline=None)
@given(DOC_DATES, st.integers(0, 6), st.sampled_from(["future", "next", "past"]))
def test_resolve_weekday(doc: date, weekday: int, direction: str) -> None:
    found = resolve_weekday(doc, weekday, direction)
    delta = (found - doc).days
    assert found.weekday() == weekday
    assert {"future": range(0, 7), "next": range(1, 8), "past": range(-7, 0)}[direction].count(delta) == 1


@settings(max_examples=150, deadline=None)
@given(DOC_DATES, st.integers(1, 30))
def test_relative_words_for_any_document_date(doc: date, n: int) -> None:
    assert _one("demain", doc)["date"] == (doc + timedelta(days=1)).isoformat()
    assert _one("avant-hier", doc)["date"] == (doc - timedelta(days=2)).isoformat()
    assert _one(f"dans {n} jours", doc)["date"] == (doc + timedelta(days=n)).isoformat()
    assert _one(f"{n} days ago", doc)["date"] == (doc - timedelta(days=n)).isoformat()
    end = date.fromisoformat(_one("fin du mois", doc)["date"])
    assert (end.year, end.month, end.day) == (
        doc.year,
        doc.month,
        calendar.monthrange(doc.year, doc.month)[1],
    )
    week = date.fromisoformat(_one("la semaine prochaine", doc)["date"])
    assert week.weekday() == 0 and 1 <= (week - doc).days <= 7


@settings(max_examples=150, deadline=None)
@given(DOC_DATES, st.integers(1, 31))
def test_day_of_month_is_the_next_such_day(doc: date, number: int) -> None:
    found = date.fromisoformat(_one(f"On part le {number}.", doc)["date"])
    assert found.day == number and found >= doc
    between = (doc + timedelta(days=i) for i in range((found - doc).days))
    assert all(d.day != number for d in between)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2069, 12, 31)), st.sampled_from(["/", ".", "-"]))
def test_numeric_dates_round_trip(day: date, sep: str) -> None:
    text = f"Fait le {day.day:02d}{sep}{day.month:02d}{sep}{day.year} à Niamey."
    assert _one(text)["date"] == day.isoformat()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 /.-:hjdemainlunsoirà,'F", max_size=40), DOC_DATES)
def test_spans_always_point_into_the_text(text: str, doc: date) -> None:
    for m in find_dates(text, Context(doc_date=doc)):
        assert text[m.start : m.end] == m.text and m.start < m.end
        assert m.value["date"] is None or date.fromisoformat(m.value["date"])


@pytest.mark.parametrize(
    ("text", "span", "day"),
    [
        ("En janvier 2024, un homme l'a recruté.", "janvier 2024", None),
        ("He worked there in May 2024.", "May 2024", None),
        ("Je conduis pour eux depuis 2019.", "2019", None),
        ("Rendez-vous fixé au 24/03 avec la victime.", "24/03", "2025-03-24"),
        ("Le lendemain, le camion est parti.", "Le lendemain", None),
        ("The next day we crossed.", "The next day", None),
    ],
)
def test_periods_and_story_relative_dates(text: str, span: str, day: str | None) -> None:
    value = _one(text)
    assert (value["text"], value["date"]) == (span, day)
