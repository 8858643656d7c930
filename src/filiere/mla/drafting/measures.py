"""The measures sought: what is asked for each target, over which period, by which procedure, and how it
serves the proceedings (Art. 18(15)(d) and (f))."""

from __future__ import annotations

from filiere.mla.drafting.people import (
    FREE_TEXT_MEASURES,
    People,
    add_person,
    number_evidence,
    resolve_target,
)
from filiere.mla.request import NUMBER_MEASURES, Measure, Request
from filiere.mla.texts import long_date, measure_word, offence_list, word


def fill_measures(ws, case, request: Request, specs, people: People, victims, suspects) -> None:
    """One measure per KIND:TARGET, adding the person it concerns to the request."""
    lang = request.language
    for kind, target in specs:
        number, person = resolve_target(kind, target, people, request.requesting_state)
        if kind in NUMBER_MEASURES or (kind == "mobile_money" and number):
            shown = number
        elif person is not None and kind not in FREE_TEXT_MEASURES:
            shown = person["name"]
        else:
            shown = target
        measure = Measure(kind=kind, target=target, person=person["id"] if person else None, number=number)
        if kind in ("traffic", "bank", "mobile_money"):
            dates = sorted(t["time"][:10] for t in people.timeline if t.get("time"))
            if dates:
                measure.period_from, measure.period_to = dates[0], dates[-1]
        period = (
            word(
                "text.period",
                lang,
                start=long_date(measure.period_from, lang),
                end=long_date(measure.period_to, lang),
            )
            if measure.period_from
            else ""
        )
        measure.description = measure_word(kind, "description", lang, target=shown, period=period)
        measure.procedure = measure_word(kind, "procedure", lang)
        if person is not None:
            if number:
                measure.evidence = number_evidence(ws, person["id"], number)
            add_person(ws, case, request, kind, person, victims, suspects)
        request.measures.append(measure)


def fill_links(request: Request, names: dict[int, str], lang: str) -> None:
    """How each measure serves the proceedings: the offences it helps to prove."""
    crimes = offence_list([o.label for o in request.offences], lang) or word("text.facts_crime_default", lang)
    for i, measure in enumerate(request.measures, 1):
        shown = measure.number or (names.get(measure.person) if measure.person else "") or measure.target
        purpose = measure_word(measure.kind, "purpose", lang, target=shown)
        own = [o.label for o in request.offences if measure.person in o.persons]
        concerned = request.person(measure.person)
        person = ""
        if concerned is not None and concerned.capacity == "suspect":
            person = word("text.link_person", lang, name=concerned.name)
        measure.link = word(
            "text.link",
            lang,
            n=i,
            purpose=purpose[:1].upper() + purpose[1:],
            offences=offence_list(own, lang) if own else crimes,
            person=person,
        )
