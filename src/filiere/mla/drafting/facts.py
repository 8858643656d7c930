"""The summary of the facts (Art. 18(15)(c)): the network, its members, then what the evidence says of each
person the request concerns, every statement citing its evidence; protected persons are counted, not named."""

from __future__ import annotations

from typing import Any

from filiere.mla.drafting.people import PROTECTED_ROLES, person_names
from filiere.mla.drafting.protection import names_protected
from filiere.mla.request import Offence, Person, Protected
from filiere.mla.texts import cite, join_words, list_separator, long_date, offence_list, word
from filiere.report.labels import role_name

MAX_SUSPECTS, MAX_EVENTS = 8, 6


def facts_summary(
    analysis,
    persons: list[Person],
    offences: list[Offence],
    kinds: list[str],
    lang: str,
    protected: list[Protected],
    protected_count: int,
    only_service: bool,
) -> tuple[str, list[int]]:
    """The summary of facts and the evidence it cites: the network, its members, then what the evidence
    says of each person the request concerns."""
    if only_service:
        return word("text.facts_service", lang), []
    dates = sorted(t["time"][:10] for t in analysis["timeline"] if t.get("time"))
    crimes = offence_list([o.label for o in offences if o.qualified], lang) or word(
        "text.facts_crime_default", lang
    )
    route = " – ".join(analysis["route"])
    route_text = word("text.facts_route", lang, route=route) if route else ""
    kinds_text = ", ".join(kinds)
    if dates:
        opening = word(
            "text.facts_network",
            lang,
            kinds=kinds_text,
            offences=crimes,
            route=route_text,
            first=long_date(dates[0], lang),
            last=long_date(dates[-1], lang),
        )
    else:
        opening = word(
            "text.facts_network_undated", lang, kinds=kinds_text, offences=crimes, route=route_text
        )
    paragraphs = [opening]
    suspects = [
        p
        for p in analysis["people"]
        if p["role"] not in ("unknown", *PROTECTED_ROLES) and p.get("rank") is not None
    ][:MAX_SUSPECTS]
    if suspects:
        named = [f"{p['name']} ({role_name(p['role'], lang)})" for p in suspects]
        paragraphs.append(word("text.facts_suspects", lang, people=list_separator(lang).join(named)))
    cited: list[int] = []
    by_id = {p["id"]: p for p in analysis["people"]}
    for person in persons:
        aliases = (
            word("text.facts_alias", lang, aliases=", ".join(person.aliases[:3])) if person.aliases else ""
        )
        role = (
            role_name(person.role, lang)
            if person.role not in ("", "unknown") and person.capacity != "witness"
            else word(f"capacities.{person.capacity}", lang)
        )
        numbers = person.phones
        if numbers:
            number_text = (
                word("text.facts_number", lang, number=numbers[0])
                if len(numbers) == 1
                else word("text.facts_numbers", lang, numbers=join_words(numbers, lang))
            )
            line = word(
                "text.facts_person",
                lang,
                name=person.name,
                aliases=aliases,
                role=role,
                numbers=number_text,
                cite=_cite(person.evidence, lang),
            )
        else:
            line = word(
                "text.facts_person_no_number",
                lang,
                name=person.name,
                aliases=aliases,
                role=role,
                cite=_cite(person.evidence, lang),
            )
        cited += person.evidence
        source = by_id.get(person.id)
        events = _events(analysis, source, protected) if source else []
        if events:
            lines = [word("text.facts_events_intro", lang, name=person.name)]
            for event in events:
                cited.append(event["evidence"])
                lines.append(
                    "– "
                    + word(
                        "text.facts_event",
                        lang,
                        date=long_date(event["time"][:10], lang),
                        summary=event["summary"].rstrip("."),
                        cite=_cite([event["evidence"]], lang),
                    )
                )
            paragraphs.append(line + "\n\n" + "\n".join(lines))
        else:
            paragraphs.append(line)
    if protected_count:
        paragraphs.append(word("text.facts_protected", lang, count=protected_count))
    return "\n\n".join(paragraphs), cited


def _cite(ids: list[int], lang: str) -> str:
    return cite([i for i in ids if i is not None], lang)


def _events(analysis: dict[str, Any], person: dict, protected: list[Protected]) -> list[dict]:
    """The timeline entries naming the person (calls, payments), oldest first, a few at most."""
    names = [n for n in person_names(person) if n and len(n) > 2]
    found = [
        t
        for t in analysis["timeline"]
        if t.get("kind") in ("call", "sms", "payment")
        and t.get("evidence") is not None
        and any(n in t.get("summary", "") for n in names)
        and not names_protected(t.get("summary", ""), protected)
    ]
    return found[:MAX_EVENTS]
