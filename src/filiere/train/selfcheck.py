"""`filiere train selfcheck`: generate a case, run Filière's whole chain on it, and score the automatic
analysis with the trainees' scorer — the honest measure of how well the product reads a case.

The analysis becomes an answer sheet (every analysed person who is not a traveller is put forward as a
member, with the role the analysis gave), scored against truth.json like a trainee's. One figure only the
machine is asked for: `members_resolved`, the share of members that came out as exactly one entity holding
all of their numbers and no other member's.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filiere.extract.language import fold_text
from filiere.i18n import _
from filiere.network.roles import TRAVELLER_ROLES

TIP_ROLES = ("organiser", "ghetto_keeper", "exploiter")


def selfcheck(
    seed: int,
    size: str = "small",
    language: str = "fr",
    keep: Path | None = None,
    db_url: str | None = None,
    step: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    step = step or (lambda _label: None)
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        return _run(keep, seed, size, language, db_url, step)
    with tempfile.TemporaryDirectory(prefix="filiere-selfcheck-") as tmp:
        return _run(Path(tmp), seed, size, language, db_url, step)


def _run(root: Path, seed: int, size: str, language: str, db_url: str | None, step) -> dict[str, Any]:
    from filiere.cases import create_case
    from filiere.extract.run import extract_case
    from filiere.ingest.pipeline import ingest
    from filiere.network.analyze import analyze_case
    from filiere.qualify.run import qualify_case
    from filiere.resolve.resolver import resolve_case
    from filiere.train.generate import generate_case
    from filiere.workspace import Workspace

    truth = generate_case(root / "case", seed, size, language, force=True, step=step)
    ws = Workspace.open(root / "workspace", db_url)
    slug = f"selfcheck-{seed}-{size}-{language}"
    case = create_case(
        ws, slug, title=_("Self-check on generated data"), country=truth["case_country"], exist_ok=True
    )
    step(_("Ingesting"))
    report = ingest(ws, case, [root / "case" / "evidence"], None)
    step(_("Extracting"))
    extract_case(ws, case, None, False)
    step(_("Resolving"))
    resolve_case(ws, case)
    step(_("Analysing"))
    analysis = analyze_case(ws, case)
    step(_("Qualifying"))
    qualification = qualify_case(ws, case)
    ingest_errors = report.as_json()["errors"]
    return score_analysis(analysis, truth, qualification) | {
        "seed": seed,
        "size": size,
        "language": language,
        "ingest_errors": len(ingest_errors),
    }


def score_analysis(
    analysis: dict[str, Any], truth: dict[str, Any], qualification: dict[str, Any] | None = None
) -> dict[str, Any]:
    from filiere.train.score import score_answers

    sheet = answers_from_analysis(analysis, truth, qualification)
    scored = score_answers(sheet, truth)
    whole, detail = members_resolved(analysis, truth)
    return {
        "members_resolved": whole,
        "key_player": scored["key_player"],
        "roles": scored["roles"],
        "offences": scored["offences"],
        "members": scored["members"],
        "route": scored["route"],
        "score": scored["score"],
        "details": {"members": detail, "items": scored["items"], "route": analysis.get("route", [])},
    }


# the answer key's names for the qualification's aggravating circumstances
KEY_AGGRAVATING = {
    "endangering_life_or_safety": "endangering_lives",
    "inhuman_or_degrading_treatment": "inhuman_treatment",
}


def answers_from_analysis(
    analysis: dict[str, Any], truth: dict[str, Any], qualification: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The analysis written as a trainee would fill the answer sheet; offences from the qualification
    assistant when it ran (the answer key names SOM and TIP only), else from roles."""
    people = {p["id"]: p for p in analysis["people"]}
    members = [
        p
        for p in analysis["people"]
        if p["role"] not in TRAVELLER_ROLES and (p["phones"] or p["role"] != "unknown")
    ]
    exploitation_seen = any(p["role"] == "victim" for p in analysis["people"])
    offences = []
    for person in members:
        if person["role"] == "unknown":
            continue
        found = ["SOM"] + (["TIP"] if exploitation_seen and person["role"] in TIP_ROLES else [])
        offences.append({"suspect": person["name"], "offences": found, "aggravating": [], "evidence": []})
    if qualification is not None:
        offences = [
            {
                "suspect": s["name"],
                "offences": [o["offence"] for o in s["offences"] if o["offence"] in ("SOM", "TIP")],
                "aggravating": sorted(
                    {
                        KEY_AGGRAVATING.get(a["circumstance"], a["circumstance"])
                        for o in s["offences"]
                        if o["offence"] in ("SOM", "TIP")
                        for a in o["aggravating"]
                    }
                ),
                "evidence": [],
            }
            for s in qualification["suspects"]
        ]
    top = people.get(analysis["key_players"][0]) if analysis.get("key_players") else None
    return {
        "trainee": "filiere selfcheck",
        "case": truth.get("unit", ""),
        "members": [
            {
                "name": p["name"],
                "aliases": p["aliases"],
                "phones": p["phones"],
                "role": p["role"],
                "evidence": [],
            }
            for p in members
        ],
        "key_player": top["name"] if top else "",
        "route": analysis.get("route", []),
        "offences": offences,
    }


def members_resolved(analysis: dict[str, Any], truth: dict[str, Any]) -> tuple[float, list[dict[str, Any]]]:
    """Share of members held by exactly one analysed person, who holds no other member."""
    holders: dict[str, list[int]] = {}
    for member in truth["members"]:
        forms = _name_forms(member)
        holders[member["id"]] = [
            p["id"]
            for p in analysis["people"]
            if set(p["phones"]) & set(member["phones"]) or _names_of(p) & forms
        ]
    held_by: dict[int, set[str]] = {}
    for member_id, ids in holders.items():
        for pid in ids:
            held_by.setdefault(pid, set()).add(member_id)
    detail = []
    for member in truth["members"]:
        ids = holders[member["id"]]
        whole = len(ids) == 1 and held_by[ids[0]] == {member["id"]}
        detail.append(
            {
                "member": member["id"],
                "role": member["role"],
                "entities": ids,
                "whole": whole,
                "shared_with": sorted(set().union(*(held_by[i] for i in ids)) - {member["id"]})
                if ids
                else [],
            }
        )
    count = len(truth["members"]) or 1
    return round(sum(d["whole"] for d in detail) / count, 3), detail


def _name_forms(member: dict[str, Any]) -> set[str]:
    given, family = member.get("given", ""), member.get("family", "")
    forms = {member["name"], f"{given} {family}", f"{family} {given}", *member.get("aliases", [])}
    # a member's given name is nobody else's in a generated case (cast.py), so it identifies them
    return {fold_text(f).strip() for f in forms if f.strip()}


def _names_of(person: dict[str, Any]) -> set[str]:
    return {fold_text(n).strip() for n in [person["name"], *person.get("aliases", [])] if n}
