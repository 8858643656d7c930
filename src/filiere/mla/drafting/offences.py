"""The offences from the qualification, with the text of the national provisions, and the statement that the
facts are punishable in the requested State too (dual criminality), from the legal library."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from filiere.mla.request import Offence, Provision
from filiere.mla.texts import country_name, list_separator, word
from filiere.workspace import Workspace

CRIME_TYPES = {
    "TIP": "tip",
    "SOM": "som",
    "CORRUPTION": "corruption",
    "ORGANISED_GROUP": "organised_crime",
    "DOCUMENT_FRAUD": "document_fraud",
}


def _text(value: Any, lang: str) -> str:
    """A text field of a law record, in `lang` when it has it."""
    if isinstance(value, dict):
        return value.get(lang) or next((v for v in value.values() if v), "")
    return "" if value is None else str(value)


def _provisions(ws: Workspace, laws: Iterable[dict], requesting: str, lang: str) -> list[Provision]:
    """The national provisions (the requesting State's own), else the international ones."""
    from filiere.law.store import LawRecordNotFound, get_record

    national, international, seen = [], [], set()
    for law in laws:
        key = (law.get("instrument"), law.get("article"))
        if key in seen or not law.get("instrument"):
            continue
        seen.add(key)
        try:
            record = get_record(ws, law["instrument"])
        except LawRecordNotFound:
            record = {}
        if record.get("repeals") and not any(a.get("offence") for a in record.get("articles", [])):
            continue  # a repealing text punishes nothing
        article = next((a for a in record.get("articles", []) if a.get("number") == law.get("article")), None)
        text = _text((article or {}).get("summary"), lang) or _text(record.get("summary"), lang)
        provision = Provision(
            record=law["instrument"],
            title=_text(law.get("title") or record.get("title"), lang),
            number=law.get("number") or record.get("number", ""),
            article=law.get("article") or "",
            heading=_text(law.get("heading") or (article or {}).get("heading"), lang),
            text=text,
            status=law.get("status") or record.get("status", ""),
        )
        (national if record.get("country") == requesting else international).append(provision)
    return national or international


def qualified_offences(ws, qualification, concerned: set[int], requesting: str, lang: str) -> list[Offence]:
    """The offences qualified against the suspects, then those possible against the persons
    concerned, each with its provisions and a few of the evidence items that support it."""
    by_code: dict[str, Offence] = {}
    laws: dict[str, list[dict]] = {}
    for suspect in qualification.get("suspects", []):
        for key, qualified in (("offences", True), ("possible_offences", False)):
            for o in suspect.get(key, []):
                if not qualified and suspect["person"] not in concerned:
                    continue
                code = o["offence"]
                offence = by_code.setdefault(
                    code, Offence(code, word(f"offences.{code}", lang), qualified=False)
                )
                if qualified:
                    offence.qualified = True
                    offence.persons.append(suspect["person"])
                laws.setdefault(code, []).extend(o.get("law", []))
                if suspect["person"] in concerned:
                    offence.evidence.extend(
                        ev["evidence"] for el in o.get("elements", []) for ev in el.get("evidence", [])
                    )
    order = list(CRIME_TYPES)
    out = sorted(
        by_code.values(), key=lambda o: (not o.qualified, order.index(o.code) if o.code in order else 9)
    )
    for offence in out:
        offence.provisions = _provisions(ws, laws.get(offence.code, []), requesting, lang)
        offence.evidence = sorted(set(offence.evidence))[:6]
    return out


def dual_criminality(ws, offences: list[Offence], requested: str, lang: str) -> tuple[str, list[str]]:
    """A statement that the offences are punishable in the requested State too, from its laws in the
    library; and the offences for which none was found."""
    from filiere.law.store import all_records, display_title

    records = [
        r
        for r in all_records(ws)
        if r.get("country") == requested and r.get("kind") == "legislation" and r.get("status") != "repealed"
    ]
    found, gaps = [], []
    for offence in offences:
        crime = CRIME_TYPES.get(offence.code, offence.code.lower())
        matches = []
        for record in records:
            articles = [a for a in record.get("articles", []) if a.get("offence") == crime]
            if articles:
                numbers = ", ".join(a["number"] for a in articles)
                matches.append(f"{record.get('number') or display_title(record, lang)}, art. {numbers}")
            elif crime in record.get("crime_types", []) and not record.get("repeals"):
                matches.append(record.get("number") or display_title(record, lang))
        if matches:
            found.append(f"{offence.label} ({list_separator(lang).join(dict.fromkeys(matches))})")
        else:
            gaps.append(offence.label)
    state = country_name(requested, lang)
    parts = []
    if found:
        parts.append(
            word("text.dual_criminality", lang, requested=state, laws=list_separator(lang).join(found))
        )
    if found and gaps:
        parts.append(word("text.dual_criminality_gap", lang, requested=state, offences=", ".join(gaps)))
    return "\n\n".join(parts), gaps
