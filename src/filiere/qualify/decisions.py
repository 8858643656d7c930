"""An investigator's word on an element (`filiere qualify set`): stored, audited, replayed by every run."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select

from filiere.cases import Case
from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.qualify.elements import CONTRADICTED, SUPPORTED
from filiere.store.tables import qualify_decisions
from filiere.workspace import Workspace

DECISIONS = ("confirmed", "rejected")


def set_decision(
    ws: Workspace, case: Case, person: int, offence: str, element: str, decision: str | None, note: str | None
) -> None:
    """Record (or, with decision None, withdraw) a decision on one element of one person."""
    if decision is not None and decision not in DECISIONS:
        raise FiliereError(_("decision must be one of: {choices}").format(choices=", ".join(DECISIONS)))
    key = dict(case_id=case.id, person=person, offence=offence.upper(), element=element)
    with ws.write() as conn:
        conn.execute(delete(qualify_decisions).filter_by(**key))
        if decision:
            conn.execute(
                qualify_decisions.insert().values(
                    **key,
                    decision=decision,
                    note=note,
                    actor=ws.actor,
                    at=datetime.now(UTC).replace(tzinfo=None),
                )
            )
        ws.log(
            conn,
            "qualify.decision",
            "person",
            person,
            case_id=case.id,
            offence=key["offence"],
            element=element,
            decision=decision,
            note=note,
        )


def load_decisions(ws: Workspace, case: Case) -> dict[tuple[int, str, str], dict]:
    with ws.engine.connect() as conn:
        rows = conn.execute(select(qualify_decisions).where(qualify_decisions.c.case_id == case.id)).all()
    return {
        (r.person, r.offence, r.element): {
            "decision": r.decision,
            "note": r.note,
            "by": r.actor,
            "at": r.at.isoformat(),
        }
        for r in rows
    }


def apply_decisions(person: int, offence: str, elements: list[dict], decisions: dict) -> None:
    for item in elements:
        decided = decisions.get((person, offence, item["element"]))
        if decided:
            item["decision"] = decided
            item["status"] = SUPPORTED if decided["decision"] == "confirmed" else CONTRADICTED
