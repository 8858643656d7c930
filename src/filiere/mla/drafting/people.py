"""From a measure's target to the person it concerns, and from the evidence to that person's identity data.

A target is a number, an entity number or a name; the analysis (network.analyze) knows who uses or
subscribes each number. A person goes into the request only when a measure concerns them, with the identity
data the hearing records and the operators' subscriber lists hold.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from filiere.cases import Case
from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.ingest.datetimes import parse_date
from filiere.mla.request import NUMBER_MEASURES, Person, Request, name_tokens
from filiere.model.phones import normalise_phone
from filiere.store.tables import entities, evidence, observations, subscribers
from filiere.workspace import Workspace

PROTECTED_ROLES = ("victim", "migrant")
FREE_TEXT_MEASURES = frozenset({"search", "seizure"})


class People:
    """The analysis people, found by entity id, number or name."""

    def __init__(self, analysis: dict[str, Any], case: Case):
        self.case = case
        self.by_id = {p["id"]: p for p in analysis["people"]}
        self.numbers = {row["number"]: row for row in analysis["phones"]}
        self.timeline = analysis["timeline"]

    def by_number(self, number: str) -> dict | None:
        row = self.numbers.get(number) or {}
        users = row.get("users") or []
        found = users[0] if len(users) == 1 else row.get("subscriber")
        if found is None:
            found = next((p["id"] for p in self.by_id.values() if number in p["phones"]), None)
        return self.by_id.get(found) if found is not None else None

    def find(self, target: str) -> dict:
        text = target.strip().lstrip("#")
        if text.isdigit() and int(text) in self.by_id:
            return self.by_id[int(text)]
        wanted = " ".join(name_tokens(text))
        exact = [
            p for p in self.by_id.values() if wanted in {" ".join(name_tokens(n)) for n in person_names(p)}
        ]
        if not exact:
            words = set(wanted.split())
            exact = [
                p
                for p in self.by_id.values()
                if any(words <= set(name_tokens(n)) for n in person_names(p)) and words
            ]
        if len(exact) == 1:
            return exact[0]
        if exact:
            raise FiliereError(
                _("{target!r} names several people of case {case}: {names}; give the entity number").format(
                    target=target,
                    case=self.case.slug,
                    names=", ".join(f"#{p['id']} {p['name']}" for p in exact),
                )
            )
        raise FiliereError(
            _("No person {target!r} in case {case}; see `filiere entity list --case {case}`").format(
                target=target, case=self.case.slug
            )
        )


def person_names(person: dict) -> list[str]:
    """The name and the aliases: a target or a timeline entry may use any of them."""
    return [person["name"], *person.get("aliases", [])]


def resolve_target(kind: str, target: str, people: People, region: str) -> tuple[str, dict | None]:
    """(E.164 number or "", person or None) for one measure."""
    number = normalise_phone(target, region)
    if kind in NUMBER_MEASURES:
        if number is None:
            raise FiliereError(
                _("--measure {kind}:{target}: a telephone number is expected, e.g. +22376315842").format(
                    kind=kind, target=target
                )
            )
        return number, people.by_number(number)
    if number is not None:
        return number, people.by_number(number)
    if kind in FREE_TEXT_MEASURES:
        try:
            return "", people.find(target)
        except FiliereError:
            return "", None  # a place or an object, not a person
    return "", people.find(target)


def _capacity(kind: str, person: dict, victims: set[int], suspects: set[int]) -> str:
    """Why the person is named: witness, suspect, victim or other."""
    if kind == "witness":
        return "witness"
    if kind == "suspect" or person["id"] in suspects:
        return "suspect"
    if person["id"] in victims or person.get("role") in PROTECTED_ROLES:
        return "victim"
    return "suspect" if person.get("role") not in (None, "", "unknown") else "other"


def _identity(ws: Workspace, case: Case, entity_id: int) -> dict[str, Any]:
    """Identity data the evidence holds: the hearing record's header, the operator's subscriber list."""
    out: dict[str, Any] = {"documents": [], "evidence": []}
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(observations.c.kind, observations.c.key, observations.c.evidence_id).where(
                observations.c.case_id == case.id,
                observations.c.entity_id == entity_id,
                observations.c.kind.in_(("heard", "subscriber")),
            )
        ).all()
        for row in rows:
            if row.kind == "heard":
                details = conn.execute(
                    select(evidence.c.details).where(evidence.c.id == row.evidence_id)
                ).scalar()
                header = (details or {}).get("header") or {}
                born = parse_date(header["birth_date"]) if header.get("birth_date") else None
                out.setdefault("birth_date", born.isoformat() if born else "")
                out.setdefault("birth_place", header.get("birth_place") or "")
                out.setdefault("nationality", header.get("nationality") or "")
                out["evidence"].append(row.evidence_id)
            else:
                parts = row.key.split(":")
                if len(parts) != 3:
                    continue
                sub = conn.execute(
                    select(subscribers).where(
                        subscribers.c.evidence_id == int(parts[1]), subscribers.c.line == int(parts[2])
                    )
                ).first()
                if sub is not None:
                    if sub.id_document and sub.id_document not in out["documents"]:
                        out["documents"].append(sub.id_document)
                    out.setdefault("address", sub.address or "")
                    out["evidence"].append(row.evidence_id)
    return out


def number_evidence(ws: Workspace, entity_id: int, number: str) -> list[int]:
    """The evidence that links the person to the number (user or subscriber)."""
    with ws.engine.connect() as conn:
        details = conn.execute(select(entities.c.details).where(entities.c.id == entity_id)).scalar()
    links = ((details or {}).get("phones") or {}).get(number) or {}
    return sorted({e for ids in links.values() for e in ids})


def add_person(ws, case, request: Request, kind: str, person: dict, victims, suspects) -> None:
    """List the person a measure concerns once, with the identity data the evidence holds."""
    capacity = _capacity(kind, person, victims, suspects)
    existing = request.person(person["id"])
    if existing is not None:
        if capacity in ("witness", "suspect"):
            existing.capacity = capacity
        return
    identity = _identity(ws, case, person["id"])
    phone_evidence = [e for n in person["phones"] for e in number_evidence(ws, person["id"], n)]
    request.persons.append(
        Person(
            name=person["name"],
            id=person["id"],
            capacity=capacity,
            role=person.get("role") or "",
            aliases=[a for a in person.get("aliases", []) if a != person["name"]][:5],
            phones=list(person["phones"]),
            nationality=identity.get("nationality", ""),
            birth_date=identity.get("birth_date", ""),
            birth_place=identity.get("birth_place", ""),
            address=identity.get("address", ""),
            documents=identity["documents"],
            evidence=sorted(set(phone_evidence + identity["evidence"]))[:6],
        )
    )
