"""The articles each offence falls under: the national law of the case's country in force on the date of
the facts, and the UN instruments. Read from the legal library, never written here."""

from __future__ import annotations

from datetime import date
from typing import Any

CRIME_TYPE = {
    "TIP": "tip",
    "SOM": "som",
    "CORRUPTION": "corruption",
    "DOCUMENT_FRAUD": "document_fraud",
    "ORGANISED_GROUP": "organised_crime",
}
INTERNATIONAL = ("INT",)
NOT_AN_OFFENCE = {"migrant_not_liable"}  # Smuggling Protocol Art. 5 protects the migrant


def _as_date(value: Any) -> date | None:
    """Dates come as date objects from YAML and as ISO text from the database."""
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def in_force(record: dict[str, Any], on: date) -> bool:
    """Was the instrument in force on that date (entered into force, not yet repealed)?"""
    start = _as_date(record.get("in_force_from") or record.get("date"))
    if start and start > on:
        return False
    if record.get("status") == "repealed":
        ended = _as_date(record.get("repealed_on"))
        return ended is not None and ended > on
    return True


def applicable_law(records: list[dict[str, Any]], country: str | None, offence: str, on: date) -> list[dict]:
    crime = CRIME_TYPE[offence]
    out: list[dict] = []
    national = [
        r
        for r in records
        if r["kind"] == "legislation" and r["country"] == country and crime in r["crime_types"]
    ]
    treaties = [r for r in records if r["kind"] == "treaty" and r["country"] in INTERNATIONAL]
    for record in [*sorted(national, key=lambda r: r["id"]), *treaties]:
        if not in_force(record, on):
            continue
        articles = [
            a
            for a in record.get("articles") or []
            if a.get("offence") == crime and not set(a.get("elements") or ()) & NOT_AN_OFFENCE
        ]
        if record["kind"] == "treaty" and not articles:
            continue
        base = {
            "instrument": record["id"],
            "number": record.get("number"),
            "title": record["title"],
            "status": record["status"],
            "verified": record["verified"],
        }
        if not articles:  # the law covers the crime but its article is not encoded yet
            out.append({**base, "article": None})
        out.extend({**base, "article": a["number"], "heading": a.get("heading")} for a in articles)
    return out
