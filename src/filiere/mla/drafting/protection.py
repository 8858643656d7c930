"""Who the request must not name: victims and migrants no measure concerns, kept as digests of their
names' words so the facts, the timeline events and the annex can be screened without storing the names."""

from __future__ import annotations

from sqlalchemy import select

from filiere.cases import Case
from filiere.mla.drafting.people import PROTECTED_ROLES, person_names
from filiere.mla.request import Protected, name_tokens, token_digest
from filiere.store.tables import evidence, observations
from filiere.workspace import Workspace


def protected_names(analysis, qualification, heard: dict[int, str], concerned: set[int]) -> list[Protected]:
    """Victims and migrants the request does not concern, as digests of their names' words."""
    names: dict[int, list[str]] = {}
    for p in analysis["people"]:
        if p["role"] in PROTECTED_ROLES or "victim" in (heard.get(p["id"]) or "").lower():
            names[p["id"]] = person_names(p)
    for v in qualification.get("victims", []):
        person = next((p for p in analysis["people"] if p["id"] == v.get("person")), None)
        names[v.get("person")] = person_names(person) if person else [v.get("name", "")]
    out = []
    for pid, variants in names.items():
        if pid in concerned:
            continue
        for variant in dict.fromkeys(variants):
            tokens = sorted({token_digest(t) for t in name_tokens(variant)})
            if len(tokens) >= 2 and tokens not in [p.tokens for p in out]:
                out.append(Protected("victim", tokens))
    return out


def heard_status(ws: Workspace, case: Case) -> dict[int, str]:
    """The status each heard person gave in their hearing record ("victim", "witness"…)."""
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(observations.c.entity_id, evidence.c.details)
            .join(evidence, evidence.c.id == observations.c.evidence_id)
            .where(observations.c.case_id == case.id, observations.c.kind == "heard")
        ).all()
    return {r.entity_id: ((r.details or {}).get("header") or {}).get("status") or "" for r in rows}


def names_protected(text: str, protected: list[Protected]) -> bool:
    """Whether `text` holds every name word of a protected person."""
    words = {token_digest(t) for t in name_tokens(text)}
    return any(p.tokens and set(p.tokens) <= words for p in protected)
