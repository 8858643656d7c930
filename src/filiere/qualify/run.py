"""`filiere qualify`: every suspect's offences and every victim's status, element by element, with the
passages that prove them and the articles that apply. The JSON contract is in docs/qualify.md."""

from __future__ import annotations

from datetime import date
from typing import Any

from filiere.cases import Case
from filiere.law.store import all_records
from filiere.network.analyze import analyze_case
from filiere.qualify.decisions import apply_decisions, load_decisions
from filiere.qualify.elements import SUPPORTED
from filiere.qualify.findings import CueIndex
from filiere.qualify.law import applicable_law
from filiere.qualify.passages import case_text
from filiere.qualify.suspects import (
    CaseFacts,
    assess_suspect,
    is_suspect,
    organised_group,
    qualify_offences,
)
from filiere.qualify.victims import assess_victim, is_traveller, victim_status
from filiere.workspace import Workspace

VICTIM = "VICTIM"


def qualify_case(
    ws: Workspace, case: Case, facts_date: date | None = None, analysis: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`analysis` is `analyze_case`'s result when the caller already has it (it is computed otherwise)."""
    analysis = analysis or analyze_case(ws, case)
    people = analysis["people"]
    phone_users = {p["number"]: p["users"][0] for p in analysis["phones"] if len(p["users"]) == 1}
    with ws.engine.connect() as conn:
        text = case_text(conn, case.id, phone_users)
    facts_date = facts_date or min((d for d in text.dates.values() if d), default=None) or date.today()
    status_of = {subject: (text.headers.get(ev) or {}).get("status") for ev, subject in text.heard.items()}
    cues = CueIndex(text.passages)
    decisions = load_decisions(ws, case)

    victims = [
        assess_victim(p, text, cues, facts_date) for p in people if is_traveller(p, status_of.get(p["id"]))
    ]
    for v in victims:
        apply_decisions(v.person, VICTIM, v.elements, decisions)
        victim_status(v)
    everyone = cues.findings(text.passages)
    # an irregular crossing: no papers or visa, a checkpoint passed for a bribe, forged papers
    crossing = everyone.support("som.illegal_crossing", "corruption.act_or_omission", "document.forged")
    facts = CaseFacts(crossing[:3], everyone.support("som.fee")[:3], victims)
    travellers = {v.person for v in victims}
    suspects = [
        assess_suspect(p, text, cues, facts)
        for p in people
        if p["id"] not in travellers and is_suspect(p, status_of.get(p["id"]))
    ]
    for s in suspects:
        for o in s.offences:
            apply_decisions(s.person, o["offence"], o["elements"], decisions)
        qualify_offences(s)
    organised_group(suspects, text, cues)
    for s in suspects:
        apply_decisions(s.person, "ORGANISED_GROUP", s.offences[-1]["elements"], decisions)
        qualify_offences(s)
    records = all_records(ws)
    return {
        "case": case.slug,
        "country": case.country,
        "facts_date": facts_date.isoformat(),
        "suspects": [_suspect_json(s, records, case.country, facts_date) for s in suspects],
        "victims": [_victim_json(v) for v in victims],
    }


def _suspect_json(s, records: list[dict], country: str | None, on: date) -> dict:
    grouped = any(o["offence"] == "ORGANISED_GROUP" and o["qualified"] for o in s.offences)
    offences, possible = [], []
    for o in s.offences:
        o["law"] = applicable_law(records, country, o["offence"], on)
        if grouped and o["offence"] in ("SOM", "TIP") and o["qualified"]:
            o["aggravating"].append({"circumstance": "organised_group", "evidence": []})
        if o["qualified"]:
            offences.append(o)
        elif any(e["status"] == SUPPORTED for e in o["elements"]):
            possible.append(o)
    return {
        "person": s.person,
        "name": s.name,
        "role": s.role,
        "offences": offences,
        "possible_offences": possible,
        "victims": [v.person for v in s.linked_victims],
    }


def _victim_json(v) -> dict:
    return {
        "person": v.person,
        "name": v.name,
        "minor": v.minor,
        "age": v.age,
        "exploitation": v.exploitation,
        "status": v.status,
        "elements": v.elements,
        "missing": v.missing,
    }
