"""Requests kept in the case: stored when drafted, frozen when sent, followed up until executed or refused,
and linked to the evidence that came back. Every step is a row of `mla_events` and of the audit log.

A draft may be edited (the officer corrects request.json and renders it again); once sent, the stored
body is the request as sent, named by its SHA-256 in the audit log, and no longer changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from filiere.cases import Case
from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.mla.followup import CLOSED, check_transition, next_due, parse_day, parse_due, status_label
from filiere.mla.request import Request, from_dict
from filiere.store.tables import evidence, mla_events, mla_received, mla_requests
from filiere.workspace import Workspace


class RequestNotFound(FiliereError):
    """No request with that number in the case."""


@dataclass
class Event:
    kind: str  # drafted, edited, status, follow_up, received, unlinked
    on: dt.date
    actor: str
    at: dt.datetime
    status: str | None = None
    note: str | None = None
    evidence_id: int | None = None
    body_sha256: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "on": self.on.isoformat(),
            "status": self.status,
            "note": self.note,
            "evidence_id": self.evidence_id,
            "body_sha256": self.body_sha256,
            "by": self.actor,
            "at": self.at.isoformat(timespec="seconds"),
        }


@dataclass
class Received:
    evidence_id: int
    name: str
    sha256: str
    kind: str
    received_on: dt.date
    note: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "evidence_id": self.evidence_id,
            "name": self.name,
            "sha256": self.sha256,
            "kind": self.kind,
            "received_on": self.received_on.isoformat(),
            "note": self.note,
        }


@dataclass
class TrackedRequest:
    id: int
    number: int
    reference: str
    requested_state: str
    language: str
    status: str
    body: dict[str, Any]
    body_sha256: str
    deadline: dt.date | None
    due_on: dt.date | None
    foreign_reference: str | None
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    events: list[Event] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    @property
    def request(self) -> Request:
        return from_dict(self.body, f"request {self.number}")

    def day_of(self, status: str) -> dt.date | None:
        """The day the request entered `status` (None if it never did)."""
        return next((e.on for e in self.events if e.kind == "status" and e.status == status), None)

    def overdue(self, today: dt.date | None = None) -> bool:
        return bool(self.due_on and self.due_on < (today or dt.date.today()))

    def as_json(self, today: dt.date | None = None) -> dict[str, Any]:
        return {
            "number": self.number,
            "reference": self.reference,
            "requested_state": self.requested_state,
            "language": self.language,
            "status": self.status,
            "drafted_on": self.created_at.date().isoformat(),
            "sent_on": _iso(self.day_of("sent")),
            "acknowledged_on": _iso(self.day_of("acknowledged")),
            "closed_on": _iso(self.day_of("executed") or self.day_of("refused")),
            "deadline": _iso(self.deadline),
            "follow_up_due": _iso(self.due_on),
            "overdue": self.overdue(today),
            "follow_ups": sum(e.kind == "follow_up" for e in self.events),
            "foreign_reference": self.foreign_reference,
            "body_sha256": self.body_sha256,
            "received": [r.as_json() for r in self.received],
            "events": [e.as_json() for e in self.events],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _deadline(request: Request) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.time_limit) if request.time_limit else None
    except ValueError:
        return None


def _unique_reference(conn: Connection, case: Case, reference: str, number: int) -> str:
    """Two drafts to the same State on the same day get the same default reference: number the second."""
    taken = conn.execute(
        select(mla_requests.c.id).where(
            mla_requests.c.case_id == case.id, mla_requests.c.reference == reference
        )
    ).first()
    return f"{reference}-{number}" if taken else reference


def store_draft(ws: Workspace, case: Case, request: Request) -> TrackedRequest:
    """Keep a new request in the case as a draft; gives it its number (written into the request too)."""
    if request.case != case.slug:
        raise FiliereError(
            _("this request belongs to case {other}, not {case}").format(other=request.case, case=case.slug)
        )
    now = _now()
    with ws.write() as conn:
        number = (
            conn.execute(
                select(func.max(mla_requests.c.number)).where(mla_requests.c.case_id == case.id)
            ).scalar()
            or 0
        ) + 1
        request.number = number
        request.reference = _unique_reference(conn, case, request.reference or case.slug.upper(), number)
        digest = request.digest()
        request_id = conn.execute(
            mla_requests.insert().values(
                case_id=case.id,
                number=number,
                reference=request.reference,
                requested_state=request.requested_state,
                language=request.language,
                status="draft",
                body=request.to_dict(),
                body_sha256=digest,
                deadline=_deadline(request),
                due_on=None,
                created_at=now,
                created_by=ws.actor,
                updated_at=now,
            )
        ).inserted_primary_key[0]
        _event(ws, conn, case, request_id, number, "drafted", now.date(), body_sha256=digest)
    return get_request(ws, case, number)


def update_draft(ws: Workspace, case: Case, request: Request) -> TrackedRequest:
    """Replace a draft's body with the officer's edited version; a sent request no longer changes."""
    tracked = get_request(ws, case, request.number)
    if tracked.status != "draft":
        raise FiliereError(
            _(
                "request {number} was sent on {day}: the stored copy is the request as sent and stays as it "
                "is; draft a new request to change it"
            ).format(number=tracked.number, day=_iso(tracked.day_of("sent")))
        )
    digest = request.digest()
    if digest == tracked.body_sha256:
        return tracked
    now = _now()
    with ws.write() as conn:
        conn.execute(
            mla_requests.update()
            .where(mla_requests.c.id == tracked.id)
            .values(
                reference=request.reference,
                requested_state=request.requested_state,
                language=request.language,
                body=request.to_dict(),
                body_sha256=digest,
                deadline=_deadline(request),
                updated_at=now,
            )
        )
        _event(ws, conn, case, tracked.id, tracked.number, "edited", now.date(), body_sha256=digest)
    return get_request(ws, case, tracked.number)


def set_status(
    ws: Workspace,
    case: Case,
    number: int,
    status: str,
    on: str | dt.date | None = None,
    note: str | None = None,
    foreign_reference: str | None = None,
    due: str | dt.date | None = None,
) -> TrackedRequest:
    """Move a request to its next step on the day it happened; the next follow-up date follows."""
    tracked = get_request(ws, case, number)
    check_transition(tracked.status, status)
    day = parse_day(on, "--on")
    _not_before_last_step(tracked, day)
    chosen_due = parse_due(due)
    urgent = bool(tracked.body.get("urgent"))
    values: dict[str, Any] = {
        "status": status,
        "due_on": None if status in CLOSED else chosen_due or next_due(status, day, urgent, tracked.deadline),
        "updated_at": _now(),
    }
    if foreign_reference:
        values["foreign_reference"] = foreign_reference.strip()
    with ws.write() as conn:
        conn.execute(mla_requests.update().where(mla_requests.c.id == tracked.id).values(**values))
        _event(
            ws, conn, case, tracked.id, number, "status", day,
            status=status, note=note, body_sha256=tracked.body_sha256,
            due=_iso(values["due_on"]), foreign_reference=values.get("foreign_reference"),
        )  # fmt: skip
    return get_request(ws, case, number)


def mark_sent_allowed(tracked: TrackedRequest, despite_errors: str | None, note: str | None) -> str | None:
    """A request the checker finds wrong is not marked sent by accident; when the officer sent it anyway,
    the reason and the errors go into the step's note (and so into the audit log)."""
    from filiere.mla.check import check_request

    errors = [f for f in check_request(tracked.request) if f.severity == "error"]
    if not errors:
        return note
    codes = ", ".join(sorted({f.code for f in errors}))
    if not despite_errors:
        raise FiliereError(
            _(
                "request {number} still has checker errors ({codes}): fix them and render it again "
                "(`filiere mla show` lists them), or mark it sent with --despite-errors REASON"
            ).format(number=tracked.number, codes=codes)
        )
    reason = _("sent despite checker errors ({codes}): {reason}").format(codes=codes, reason=despite_errors)
    return f"{note}; {reason}" if note else reason


def record_follow_up(
    ws: Workspace,
    case: Case,
    number: int,
    on: str | dt.date | None = None,
    note: str | None = None,
    due: str | dt.date | None = None,
) -> TrackedRequest:
    """A reminder was sent (letter, call, liaison magistrate): the next one falls due later."""
    tracked = get_request(ws, case, number)
    if tracked.status == "draft" or tracked.status in CLOSED:
        raise FiliereError(
            _("request {number} is {status}: only a sent or acknowledged request is followed up").format(
                number=number, status=status_label(tracked.status)
            )
        )
    day = parse_day(on, "--on")
    _not_before_last_step(tracked, day)
    urgent = bool(tracked.body.get("urgent"))
    due_on = parse_due(due) or next_due(tracked.status, day, urgent, tracked.deadline)
    with ws.write() as conn:
        conn.execute(
            mla_requests.update()
            .where(mla_requests.c.id == tracked.id)
            .values(due_on=due_on, updated_at=_now())
        )
        _event(ws, conn, case, tracked.id, number, "follow_up", day, note=note, due=_iso(due_on))
    return get_request(ws, case, number)


def link_received(
    ws: Workspace,
    case: Case,
    number: int,
    evidence_ids: list[int],
    on: str | dt.date | None = None,
    note: str | None = None,
) -> TrackedRequest:
    """Link evidence of the case (already ingested, so hashed and audited) as received under the request."""
    tracked = get_request(ws, case, number)
    if tracked.status == "draft":
        raise FiliereError(
            _("request {number} has not been sent: nothing can have come back under it yet").format(
                number=number
            )
        )
    day = parse_day(on, "--on")
    known = {r.evidence_id for r in tracked.received}
    with ws.write() as conn:
        for evidence_id in dict.fromkeys(evidence_ids):
            _case_evidence(conn, case, evidence_id)
            if evidence_id in known:
                continue
            conn.execute(
                mla_received.insert().values(
                    request_id=tracked.id,
                    evidence_id=evidence_id,
                    received_on=day,
                    note=note,
                    actor=ws.actor,
                    at=_now(),
                )
            )
            _event(ws, conn, case, tracked.id, number, "received", day, note=note, evidence_id=evidence_id)
    return get_request(ws, case, number)


def unlink_received(
    ws: Workspace, case: Case, number: int, evidence_id: int, note: str | None
) -> TrackedRequest:
    """Undo a wrong link (the evidence itself stays in the case); the audit log keeps both steps."""
    tracked = get_request(ws, case, number)
    if evidence_id not in {r.evidence_id for r in tracked.received}:
        raise FiliereError(
            _("evidence #{id} is not linked to request {number}").format(id=evidence_id, number=number)
        )
    with ws.write() as conn:
        conn.execute(
            mla_received.delete().where(
                mla_received.c.request_id == tracked.id, mla_received.c.evidence_id == evidence_id
            )
        )
        _event(
            ws, conn, case, tracked.id, number, "unlinked", _now().date(), note=note, evidence_id=evidence_id
        )
    return get_request(ws, case, number)


def export_stored(
    ws: Workspace, case: Case, tracked: TrackedRequest, out: str | Path, shown_as: str | None = None
) -> dict[str, Any]:
    """Write the stored version (the one sent, once sent) as DOCX, PDF and JSON, and audit the export as
    `mla.export` with the name the reader receives (the DOCX written, or the web download's name)."""
    from filiere.mla.outputs import write_request

    result = write_request(tracked.request, out)
    with ws.write() as conn:
        ws.log(conn, "mla.export", "mla_request", tracked.id, case_id=case.id, number=tracked.number,
               body_sha256=tracked.body_sha256, output=shown_as or Path(result["output"]).name)  # fmt: skip
    return result


def _case_evidence(conn: Connection, case: Case, evidence_id: int) -> None:
    found = conn.execute(
        select(evidence.c.id).where(evidence.c.id == evidence_id, evidence.c.case_id == case.id)
    ).first()
    if not found:
        raise FiliereError(
            _(
                "evidence #{id} is not in case {case}; ingest it first (`filiere mla receive` can do both)"
            ).format(id=evidence_id, case=case.slug)
        )


def _not_before_last_step(tracked: TrackedRequest, day: dt.date) -> None:
    last = max((e.on for e in tracked.events if e.kind in ("status", "follow_up")), default=None)
    if last and day < last:
        raise FiliereError(
            _("--on {day} is before the request's last step ({last})").format(
                day=day.isoformat(), last=last.isoformat()
            )
        )


def _event(
    ws: Workspace,
    conn: Connection,
    case: Case,
    request_id: int,
    number: int,
    kind: str,
    on: dt.date,
    status: str | None = None,
    note: str | None = None,
    evidence_id: int | None = None,
    body_sha256: str | None = None,
    **details: Any,
) -> None:
    conn.execute(
        mla_events.insert().values(
            request_id=request_id,
            kind=kind,
            status=status,
            on=on,
            note=note,
            evidence_id=evidence_id,
            body_sha256=body_sha256,
            actor=ws.actor,
            at=_now(),
        )
    )
    extra = {k: v for k, v in details.items() if v is not None}
    ws.log(
        conn, f"mla.{kind}", "mla_request", request_id, case_id=case.id, number=number, on=on.isoformat(),
        status=status, note=note, evidence_id=evidence_id, body_sha256=body_sha256, **extra,
    )  # fmt: skip


def _tracked(row: Any) -> TrackedRequest:
    return TrackedRequest(
        id=row.id,
        number=row.number,
        reference=row.reference,
        requested_state=row.requested_state,
        language=row.language,
        status=row.status,
        body=row.body,
        body_sha256=row.body_sha256,
        deadline=row.deadline,
        due_on=row.due_on,
        foreign_reference=row.foreign_reference,
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
    )


def list_requests(
    ws: Workspace, case: Case, status: str | None = None, number: int | None = None
) -> list[TrackedRequest]:
    """The case's requests by number, each with its history and the evidence received."""
    query = select(mla_requests).where(mla_requests.c.case_id == case.id).order_by(mla_requests.c.number)
    if status:
        query = query.where(mla_requests.c.status == status)
    if number is not None:
        query = query.where(mla_requests.c.number == number)
    with ws.engine.connect() as conn:
        requests = [_tracked(row) for row in conn.execute(query)]
        by_id = {r.id: r for r in requests}
        if not by_id:
            return []
        events = conn.execute(
            select(mla_events).where(mla_events.c.request_id.in_(by_id)).order_by(mla_events.c.id)
        )
        for e in events:
            by_id[e.request_id].events.append(
                Event(e.kind, e.on, e.actor, e.at, e.status, e.note, e.evidence_id, e.body_sha256)
            )
        received = conn.execute(
            select(mla_received, evidence.c.original_name, evidence.c.sha256, evidence.c.kind)
            .join(evidence, evidence.c.id == mla_received.c.evidence_id)
            .where(mla_received.c.request_id.in_(by_id))
            .order_by(mla_received.c.id)
        )
        for r in received:
            by_id[r.request_id].received.append(
                Received(r.evidence_id, r.original_name, r.sha256, r.kind, r.received_on, r.note)
            )
    return requests


def get_request(ws: Workspace, case: Case, number: int | None) -> TrackedRequest:
    if number is None:
        raise RequestNotFound(_("this request is not stored in a case yet (it has no number)"))
    found = next(iter(list_requests(ws, case, number=number)), None)
    if found is None:
        raise RequestNotFound(
            _("no request {number} in case {case}; `filiere mla list --case {case}` lists them").format(
                number=number, case=case.slug
            )
        )
    return found
