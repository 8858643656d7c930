"""`draw_scenario(seed, size, language)`: the whole scenario of one generated case, from the seed alone."""

from __future__ import annotations

from datetime import date, timedelta

from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.train.cast import CastDrawer, draw_members, draw_travellers
from filiere.train.scenario import LANGUAGES, SIZE_TABLE, Call, Event, Scenario, rng_for, routes
from filiere.train.story import StoryDrawer

FIRST_DAY = date(2025, 1, 6)


def draw_scenario(seed: int, size: str = "medium", language: str = "fr") -> Scenario:
    if size not in SIZE_TABLE:
        raise FiliereError(_("unknown size {size}: use small, medium or large").format(size=size))
    if language not in LANGUAGES:
        raise FiliereError(_("unknown language {lang}: use fr, en or mixed").format(lang=language))
    rng = rng_for(seed, "scenario")
    route = rng.choice([r for r in routes() if language in r["languages"]])
    start = FIRST_DAY + timedelta(days=rng.randrange(600))
    trafficking = rng.random() < 0.7
    spec = SIZE_TABLE[size]
    cast = CastDrawer(rng, language, start)
    draw_members(cast, route, spec, trafficking)
    draw_travellers(cast, route, spec, trafficking)
    if not any(p.role == "victim" for p in cast.people.values()):
        trafficking = False
        for person in list(cast.people.values()):
            if person.role == "exploiter":
                _drop(cast, person.id)
    story = StoryDrawer(rng, route, cast.people, trafficking, start)
    day = start
    for convoy in range(1, spec.convoys + 1):
        story.convoy(convoy, day)
        day += timedelta(days=rng.randint(7, 14))
    events = sorted(story.events, key=lambda e: (e.when, e.id))
    calls = sorted(story.calls, key=lambda c: (c.when, c.id))
    tapped = {number for number, line in cast.lines.items() if line.tapped}
    for call in _intercepted(rng, calls, tapped, spec.transcripts):
        call.intercepted = True
    case_country = route["hub"]["country"] if language != "en" else route["origin"]["country"]
    return Scenario(
        seed=seed,
        size=size,
        language=language,
        route=route,
        case_country=case_country,
        unit=_unit(language, route),
        trafficking=trafficking,
        people=cast.people,
        lines=cast.lines,
        events=events,
        calls=calls,
        key_player="M01",
        start=start,
    )


def _intercepted(rng, calls: list[Call], tapped: set[str], count: int) -> list[Call]:
    """The calls the unit transcribed: at least one with each member heard on a tapped line (an analyst
    transcribes the call that shows a new voice), then a random choice among the others."""
    on_tap = [c for c in calls if c.caller_line in tapped or c.callee_line in tapped]
    chosen: list[Call] = []
    covered: set[str] = set()
    for call in rng.sample(on_tap, k=len(on_tap)):
        if len(chosen) < count and not {call.caller, call.callee} <= covered:
            chosen.append(call)
            covered |= {call.caller, call.callee}
    rest = [c for c in on_tap if c not in chosen]
    return chosen + rng.sample(rest, k=max(0, min(count - len(chosen), len(rest))))


def heard(scenario: Scenario, count: int) -> list[tuple[str, Event]]:
    """Who is heard and after which event: victims and minors first, one or more per convoy."""
    last_event = {}
    for ev in scenario.events:
        for pid in ev.people:
            last_event[pid] = ev
    travellers = sorted(
        scenario.travellers(), key=lambda p: (p.role != "victim", not p.minor, p.convoy or 0, p.id)
    )
    chosen = travellers[:count]
    return [(p.id, last_event[p.id]) for p in sorted(chosen, key=lambda p: p.id) if p.id in last_event]


def _unit(language: str, route: dict) -> str:
    from filiere.extract.gazetteer import place

    if language == "en":
        town = place(route["origin"]["place"])
        return (
            f"Anti-Human Trafficking Unit, {town.name if town else route['origin']['place']} (fictional unit)"
        )
    town = place(route["hub"]["place"])
    name = town.name if town else route["hub"]["place"]
    of = "d'" if name[:1].upper() in "AEIOUÉÈ" else "de "
    return f"Brigade de recherches {of}{name} (unité fictive)"


def _drop(cast: CastDrawer, person_id: str) -> None:
    person = cast.people.pop(person_id)
    for number in person.phones:
        cast.lines.pop(number, None)
