"""Requests kept in the case: numbered drafts, edits until sent, status steps on the day they happened,
follow-up dates, evidence received linked, and every step in the audit log — on SQLite and PostgreSQL.

The request is the hand-built Niger→Mali request of tests/mla/test_request.py (case "exo-ml", time limit
8 September 2025); the evidence received is a statement written here (fictional).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from filiere.cases import create_case
from filiere.errors import FiliereError
from filiere.ingest.pipeline import ingest
from filiere.mla.followup import next_due
from filiere.mla.request import LegalBasis
from filiere.mla.tracking import (
    RequestNotFound,
    get_request,
    link_received,
    list_requests,
    mark_sent_allowed,
    record_follow_up,
    set_status,
    store_draft,
    unlink_received,
    update_draft,
)
from filiere.store.tables import audit_log
from filiere.verify import verify_workspace
from filiere.workspace import Workspace
from tests.mla.test_request import sample_request

DAY = dt.date


@pytest.fixture
def case(workspace: Workspace):
    return create_case(workspace, "exo-ml", country="NE")


def received_file(tmp_path: Path, name: str = "reponse-mali.txt") -> Path:
    path = tmp_path / name
    path.write_text(
        "PROCÈS-VERBAL D'EXÉCUTION (données fictives)\nAbonné du +22376315842 : DIARRA Abdoulaye.\n",
        encoding="utf-8",
    )
    return path


def test_a_draft_is_numbered_and_kept_with_its_digest(workspace: Workspace, case) -> None:
    first = store_draft(workspace, case, sample_request())
    second = store_draft(workspace, case, sample_request())
    assert (first.number, second.number) == (1, 2)
    assert first.status == "draft" and first.due_on is None
    assert first.reference != second.reference, "the same default reference is numbered the second time"
    assert first.request.number == 1 and first.body_sha256 == first.request.digest()
    assert first.deadline == DAY(2025, 9, 8)
    assert [e.kind for e in first.events] == ["drafted"]
    assert [r.number for r in list_requests(workspace, case)] == [1, 2]
    with pytest.raises(RequestNotFound, match="no request 9 in case exo-ml"):
        get_request(workspace, case, 9)


def test_a_request_of_another_case_is_refused(workspace: Workspace, case) -> None:
    create_case(workspace, "other", country="NE")
    request = sample_request()
    request.case = "other"
    with pytest.raises(FiliereError, match="belongs to case other, not exo-ml"):
        store_draft(workspace, case, request)


def test_a_draft_can_be_edited_until_it_is_sent(workspace: Workspace, case) -> None:
    request = store_draft(workspace, case, sample_request()).request
    request.facts += " Fait ajouté après relecture."
    edited = update_draft(workspace, case, request)
    assert edited.body["facts"].endswith("Fait ajouté après relecture.")
    assert edited.body_sha256 == request.digest()
    assert [e.kind for e in edited.events] == ["drafted", "edited"]
    sent = set_status(workspace, case, 1, "sent", on="2025-08-01")
    assert sent.events[-1].body_sha256 == edited.body_sha256, "the version sent is named by its digest"
    request.facts += " Encore un fait."
    with pytest.raises(FiliereError, match=r"was sent on 2025-08-01.*draft a new request"):
        update_draft(workspace, case, request)
    assert get_request(workspace, case, 1).body_sha256 == edited.body_sha256, "the sent copy is unchanged"


def test_status_steps_follow_ups_and_due_dates(workspace: Workspace, case) -> None:
    store_draft(workspace, case, sample_request())
    with pytest.raises(FiliereError, match="cannot become executed; next steps: sent"):
        set_status(workspace, case, 1, "executed")
    with pytest.raises(FiliereError, match="unknown status posted"):
        set_status(workspace, case, 1, "posted")
    with pytest.raises(FiliereError, match="only a sent or acknowledged request is followed up"):
        record_follow_up(workspace, case, 1)

    sent = set_status(workspace, case, 1, "sent", on="2025-07-01", note="par la valise diplomatique")
    assert sent.due_on == DAY(2025, 7, 31), "a month after sending"
    with pytest.raises(FiliereError, match="is before the request's last step"):
        record_follow_up(workspace, case, 1, on="2025-06-30")
    with pytest.raises(FiliereError, match="is in the future"):
        record_follow_up(workspace, case, 1, on=(dt.date.today() + dt.timedelta(days=1)).isoformat())
    with pytest.raises(FiliereError, match="'31/07/2025' is not a date"):
        record_follow_up(workspace, case, 1, on="31/07/2025")

    followed = record_follow_up(workspace, case, 1, on="2025-08-20", note="appel à l'autorité centrale")
    assert followed.due_on == DAY(2025, 9, 8), "never after the time limit the request gave"
    assert followed.overdue(DAY(2025, 9, 9)) and not followed.overdue(DAY(2025, 9, 8))

    acknowledged = set_status(
        workspace, case, 1, "acknowledged", on="2025-08-25", foreign_reference="ML/EJ/77"
    )
    assert acknowledged.foreign_reference == "ML/EJ/77"
    assert acknowledged.due_on == DAY(2025, 9, 8)
    chosen = record_follow_up(workspace, case, 1, on="2025-09-10", due="2025-12-01")
    assert chosen.due_on == DAY(2025, 12, 1), "a date the officer sets wins"

    done = set_status(workspace, case, 1, "executed", on="2025-10-02")
    assert done.due_on is None and not done.overdue()
    with pytest.raises(FiliereError, match="none, the request is closed"):
        set_status(workspace, case, 1, "refused")
    data = done.as_json()
    assert (data["sent_on"], data["acknowledged_on"], data["closed_on"]) == (
        "2025-07-01",
        "2025-08-25",
        "2025-10-02",
    )
    assert data["follow_ups"] == 2 and data["status"] == "executed"
    assert [e["kind"] for e in data["events"]] == [
        "drafted",
        "status",
        "follow_up",
        "status",
        "follow_up",
        "status",
    ]


def test_due_dates_of_urgent_requests_and_past_time_limits() -> None:
    assert next_due("sent", DAY(2025, 1, 1), True, None) == DAY(2025, 1, 8)
    assert next_due("acknowledged", DAY(2025, 1, 1), True, None) == DAY(2025, 1, 15)
    assert next_due("acknowledged", DAY(2025, 1, 1), False, None) == DAY(2025, 3, 2)
    assert next_due("sent", DAY(2025, 1, 1), False, DAY(2024, 12, 1)) == DAY(2025, 1, 31), (
        "a past limit is ignored"
    )
    assert next_due("draft", DAY(2025, 1, 1), False, None) is None
    assert next_due("executed", DAY(2025, 1, 1), False, None) is None


def test_a_request_with_checker_errors_is_not_marked_sent_by_accident(workspace: Workspace, case) -> None:
    request = sample_request()
    request.legal_bases = []
    tracked = store_draft(workspace, case, request)
    with pytest.raises(FiliereError, match=r"checker errors \(NO_LEGAL_BASIS\).*--despite-errors"):
        mark_sent_allowed(tracked, None, None)
    note = mark_sent_allowed(tracked, "accord verbal de l'autorité centrale", "remis en main propre")
    assert note == (
        "remis en main propre; sent despite checker errors (NO_LEGAL_BASIS): "
        "accord verbal de l'autorité centrale"
    )
    complete = store_draft(workspace, case, sample_request())
    assert mark_sent_allowed(complete, None, "ok") == "ok"


def test_evidence_received_is_linked_and_can_be_unlinked(workspace: Workspace, case, tmp_path: Path) -> None:
    store_draft(workspace, case, sample_request())
    report = ingest(workspace, case, [received_file(tmp_path)])
    evidence_id = report.files[0].evidence_id
    with pytest.raises(FiliereError, match="has not been sent"):
        link_received(workspace, case, 1, [evidence_id])
    set_status(workspace, case, 1, "sent", on="2025-07-01")

    other = create_case(workspace, "other", country="NE")
    foreign = ingest(workspace, other, [received_file(tmp_path, "autre.txt")]).files[0].evidence_id
    with pytest.raises(FiliereError, match=f"evidence #{foreign} is not in case exo-ml"):
        link_received(workspace, case, 1, [evidence_id, foreign])
    assert get_request(workspace, case, 1).received == [], "nothing is linked when one of them is refused"

    linked = link_received(workspace, case, 1, [evidence_id, evidence_id], on="2025-09-30", note="par DHL")
    again = link_received(workspace, case, 1, [evidence_id])
    assert [r.evidence_id for r in again.received] == [evidence_id], "linked once"
    item = linked.received[0]
    assert (item.name, item.received_on, item.note) == ("reponse-mali.txt", DAY(2025, 9, 30), "par DHL")
    assert item.sha256 == report.files[0].sha256
    assert linked.status == "sent", "evidence coming back does not close the request by itself"

    unlinked = unlink_received(workspace, case, 1, evidence_id, "mauvaise demande")
    assert unlinked.received == [] and unlinked.events[-1].kind == "unlinked"
    with pytest.raises(FiliereError, match=f"evidence #{evidence_id} is not linked to request 1"):
        unlink_received(workspace, case, 1, evidence_id, None)


def test_every_step_is_in_the_audit_chain(workspace: Workspace, case, tmp_path: Path) -> None:
    store_draft(workspace, case, sample_request())
    set_status(workspace, case, 1, "sent", on="2025-07-01")
    evidence_id = ingest(workspace, case, [received_file(tmp_path)]).files[0].evidence_id
    link_received(workspace, case, 1, [evidence_id], on="2025-07-20")
    set_status(workspace, case, 1, "refused", on="2025-07-21", note="double incrimination")
    with workspace.engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.action, audit_log.c.details)
            .where(audit_log.c.action.like("mla.%"))
            .order_by(audit_log.c.id)
        ).all()
    assert [r.action for r in rows] == ["mla.drafted", "mla.status", "mla.received", "mla.status"]
    details = [json.loads(r.details) for r in rows]  # stored as canonical JSON text (hashed)
    assert details[1]["status"] == "sent" and details[1]["on"] == "2025-07-01"
    assert details[1]["body_sha256"] == get_request(workspace, case, 1).body_sha256
    assert details[3]["note"] == "double incrimination"
    assert verify_workspace(workspace).ok


def test_the_legal_basis_model_is_unchanged_by_tracking() -> None:
    """Storing adds the number only: a request saved before tracking still reads back."""
    data = sample_request().to_dict()
    data.pop("number")
    from filiere.mla.request import from_dict

    assert from_dict(data).number is None
    assert isinstance(from_dict(data).legal_bases[0], LegalBasis)
