"""The offences each generated suspect committed, from what they did in the scenario (the trainer's key).

Smuggling of migrants (UN Smuggling Protocol Art. 3, 6): everyone who helps move the migrants across borders
for money — recruiting, driving, guiding, lodging on the way, collecting the fees, forging papers
(Art. 6(1)(b)), taking a bribe to let the vehicle through. Aggravating (Art. 6(3)): endangering lives
(the desert crossing with the breakdown or the thirst), inhuman or degrading treatment (holding
people until they pay).
Trafficking in persons (Trafficking Protocol Art. 3): those who harbour or receive the victims for their
exploitation (ghetto keeper, exploiter), the organiser who arranges it, and the recruiter who recruited them
by deception. A child victim aggravates (and dispenses with the means element).
Organised group: three or more acting in concert (UNTOC Art. 2(a)); abuse of office: a public official.
"""

from __future__ import annotations

from collections import defaultdict

from filiere.train.scenario import Event, Scenario

SMUGGLING_ACTS = {
    "organiser": ("order", "ghetto", "recruitment", "arrival", "debt"),
    "recruiter": ("recruitment", "departure", "handover", "commission"),
    "transporter": ("order", "checkpoint", "breakdown", "thirst", "arrival"),
    "guide": ("breakdown", "thirst", "order"),
    "financier": ("payment", "commission"),
    "ghetto_keeper": ("arrival", "debt"),
    "forger": ("documents",),
    "corrupt_official": ("checkpoint",),
}
DANGER = ("breakdown", "thirst")
EXPLOITATION = ("forced_work", "debt", "escape")


def offences(scenario: Scenario, files_of_event: dict[str, list[str]]) -> list[dict]:
    """Per member: [{"offence": "SOM"|"TIP", "aggravating": [...], "evidence": [files]}]."""
    acted: dict[str, list[Event]] = defaultdict(list)
    for ev in scenario.events:
        for actor in ev.actors:
            acted[actor].append(ev)
    victims = {p.id for p in scenario.travellers() if p.role == "victim"}
    minors = {p.id for p in scenario.travellers() if p.minor}
    organised = len(scenario.members()) >= 3
    result = []
    for member in scenario.members():
        mine = acted[member.id]
        items = []
        smuggling = [e for e in mine if e.kind in SMUGGLING_ACTS.get(member.role, ())]
        if member.role == "organiser":
            smuggling = list(scenario.events)  # he arranges every stage: all of it is his
        if smuggling:
            aggravating = []
            if any(e.kind in DANGER for e in smuggling):
                aggravating.append("endangering_lives")
            if member.role in ("ghetto_keeper", "organiser") and any(e.kind == "debt" for e in smuggling):
                aggravating.append("inhuman_treatment")
            if organised:
                aggravating.append("organised_group")
            if member.role == "corrupt_official":
                aggravating.append("abuse_of_office")
            items.append(_item("SOM", aggravating, smuggling, files_of_event))
        trafficking = _trafficking_events(scenario, member.role, mine, victims)
        if trafficking:
            aggravating = []
            if any(set(e.people) & victims & minors for e in trafficking):
                aggravating.append("minor_victim")
            if organised:
                aggravating.append("organised_group")
            items.append(_item("TIP", aggravating, trafficking, files_of_event))
        if items:
            result.append({"suspect": member.id, "offences": items})
    return result


def _trafficking_events(scenario: Scenario, role: str, mine: list[Event], victims: set[str]) -> list[Event]:
    if not scenario.trafficking:
        return []
    with_victims = [e for e in scenario.events if set(e.people) & victims]
    if role == "organiser":
        return [e for e in with_victims if e.kind in EXPLOITATION]
    if role in ("exploiter", "ghetto_keeper"):
        return [e for e in mine if e.kind in EXPLOITATION and set(e.people) & victims]
    if role == "recruiter":
        return [e for e in mine if e.kind == "recruitment" and set(e.people) & victims]
    return []


def _item(offence: str, aggravating: list[str], events: list[Event], files_of_event: dict) -> dict:
    files = sorted({f for e in events for f in files_of_event.get(e.id, [])})
    return {
        "offence": offence,
        "aggravating": aggravating,
        "facts": [e.id for e in events],
        "evidence": files,
    }
