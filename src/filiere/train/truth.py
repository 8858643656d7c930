"""truth.json: the answer of a generated case, and for each fact the generated files that show it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from filiere.train.files import FileRecord
from filiere.train.offences import offences
from filiere.train.scenario import Scenario

ABOUT = (
    "GENERATED DATA: the answer key of a Filière training case. Every person, number, document and event was "
    "drawn at random by the generator; any resemblance to real persons or cases is chance."
)


def build_truth(scenario: Scenario, files: list[FileRecord], noise_numbers: list[str]) -> dict[str, Any]:
    files_of_event: dict[str, list[str]] = defaultdict(list)
    files_of_person: dict[str, list[str]] = defaultdict(list)
    for record in files:
        for event_id in sorted(record.shows):
            files_of_event[event_id].append(record.name)
        for person_id in sorted(record.people):
            files_of_person[person_id].append(record.name)
    place = scenario.place_name
    return {
        "generated": True,
        "about": ABOUT,
        "seed": scenario.seed,
        "size": scenario.size,
        "language": scenario.language,
        "case_country": scenario.case_country,
        "unit": scenario.unit,
        "period": [scenario.events[0].when.date().isoformat(), scenario.events[-1].when.date().isoformat()],
        "route": [place(p) for p in scenario.route_places()],
        "route_ids": scenario.route_places(),
        "key_player": scenario.key_player,
        "trafficking": scenario.trafficking,
        "members": [
            {
                "id": m.id,
                "name": m.name,
                "given": m.given,
                "family": m.family,
                "aliases": [*m.nicknames, m.given],
                "phones": list(m.phones),
                "role": m.role,
                "country": m.country,
                "town": place(m.town),
                "evidence": files_of_person[m.id],
            }
            for m in scenario.members()
        ],
        "relatives": [
            {
                "id": r.id,
                "name": r.name,
                "relative_of": r.relative_of,
                "subscriber_of": sorted(n for n, line in scenario.lines.items() if line.subscriber == r.id),
            }
            for r in scenario.by_role("relative")
        ],
        "victims": [_traveller(p, files_of_person) for p in scenario.by_role("victim")],
        "migrants": [_traveller(p, files_of_person) for p in scenario.by_role("migrant")],
        "offences": offences(scenario, files_of_event),
        "facts": [
            {
                "id": e.id,
                "kind": e.kind,
                "when": e.when.isoformat(),
                "place": place(e.place),
                "actors": e.actors,
                "people": e.people,
                **({"amount": e.amount, "currency": e.currency} if e.amount else {}),
                **({"channel": e.channel} if e.channel else {}),
                "files": files_of_event.get(e.id, []),
            }
            for e in scenario.events
        ],
        "noise_numbers": noise_numbers,
        "files": [
            {"name": f.name, "kind": f.kind, **({"records": f.records} if f.records is not None else {})}
            for f in files
        ],
    }


def _traveller(person, files_of_person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "minor": person.minor,
        "birth": person.birth.isoformat(),
        "nationality": person.country,
        "convoy": person.convoy,
        "phones": list(person.phones),
        **({"exploitation": person.exploitation} if person.exploitation else {}),
        "evidence": files_of_person[person.id],
    }
