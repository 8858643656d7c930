"""Read side of resolution and the manual actions on it: show, merge, split (each then re-resolves)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from filiere.cases import Case
from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.resolve.resolver import record_decision, resolve_case
from filiere.store.tables import entities, merge_log, observations
from filiere.workspace import Workspace


def list_entities(ws: Workspace, case: Case) -> list[dict[str, Any]]:
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(entities).where(entities.c.case_id == case.id).order_by(entities.c.id)
        ).all()
    return [
        {
            "id": r.id,
            "name": r.name,
            "aliases": r.details["aliases"],
            "phones": sorted(r.details["phones"]),
            "observations": r.details["observations"],
        }
        for r in rows
    ]


def entity_detail(ws: Workspace, case: Case, entity_id: int) -> dict[str, Any]:
    with ws.engine.connect() as conn:
        row = conn.execute(
            select(entities).where(entities.c.case_id == case.id, entities.c.id == entity_id)
        ).first()
        if row is None:
            raise FiliereError(
                _("No entity #{id} in case {case}; see `filiere entity list --case {case}`").format(
                    id=entity_id, case=case.slug
                )
            )
        obs = conn.execute(
            select(observations).where(observations.c.entity_id == entity_id).order_by(observations.c.id)
        ).all()
        log = conn.execute(
            select(merge_log).where(merge_log.c.entity_id == entity_id).order_by(merge_log.c.id)
        ).all()
    phones = [{"number": number, "links": links} for number, links in sorted(row.details["phones"].items())]
    return {
        "id": row.id,
        "name": row.name,
        "aliases": row.details["aliases"],
        "phones": phones,
        "documents": row.details.get("documents", []),
        "mentions": [
            {
                "key": o.key,
                "kind": o.kind,
                "name": o.name,
                "alias": o.alias,
                "phone": o.phone_e164,
                "link": o.phone_link,
                "evidence": o.evidence_id,
                "mention": o.mention_id,
            }
            for o in obs
        ],
        "merge_log": [
            {"rule": m.rule, "reason": m.reason, "joined": m.keys, "evidence": m.evidence_ids} for m in log
        ],
    }


def _first_key(ws: Workspace, case: Case, entity_id: int) -> str:
    with ws.engine.connect() as conn:
        key = conn.execute(
            select(observations.c.key)
            .where(observations.c.case_id == case.id, observations.c.entity_id == entity_id)
            .order_by(observations.c.id)
            .limit(1)
        ).scalar()
    if key is None:
        raise FiliereError(
            _("No entity #{id} in case {case}; see `filiere entity list --case {case}`").format(
                id=entity_id, case=case.slug
            )
        )
    return key


def merge_entities(ws: Workspace, case: Case, a: int, b: int) -> dict[str, Any]:
    record_decision(ws, case, "merge", _first_key(ws, case, a), _first_key(ws, case, b))
    resolve_case(ws, case)
    return entity_detail(ws, case, _entity_of_key(ws, case, _first_key_any(ws, case, a, b)))


def split_mention(ws: Workspace, case: Case, entity_id: int, mention: str) -> dict[str, Any]:
    """Take one observation (a key such as "mention:12", or a bare mention id) out of an entity."""
    key = mention if ":" in mention else f"mention:{mention}"
    with ws.engine.connect() as conn:
        owner = conn.execute(
            select(observations.c.entity_id).where(
                observations.c.case_id == case.id, observations.c.key == key
            )
        ).scalar()
    if owner != entity_id:
        raise FiliereError(
            _("{key} is not an observation of entity #{id}; see `filiere entity show {id}`").format(
                key=key, id=entity_id
            )
        )
    record_decision(ws, case, "split", key, None)
    resolve_case(ws, case)
    return {"entity": entity_id, "split": key, "now_in": _entity_of_key(ws, case, key)}


def _entity_of_key(ws: Workspace, case: Case, key: str) -> int:
    with ws.engine.connect() as conn:
        return conn.execute(
            select(observations.c.entity_id).where(
                observations.c.case_id == case.id, observations.c.key == key
            )
        ).scalar_one()


def _first_key_any(ws: Workspace, case: Case, a: int, b: int) -> str:
    with ws.engine.connect() as conn:
        return conn.execute(
            select(observations.c.key)
            .where(observations.c.case_id == case.id, observations.c.entity_id.in_((a, b)))
            .order_by(observations.c.id)
            .limit(1)
        ).scalar_one()
