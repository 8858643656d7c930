"""The hash-chained audit log detects edits, deletions and truncation."""

from __future__ import annotations

from sqlalchemy import delete, update

from filiere.store import audit
from filiere.store.tables import audit_log
from filiere.verify import verify_workspace
from filiere.workspace import Workspace


def _log_three(ws: Workspace) -> None:
    for n in range(3):
        with ws.write() as conn:
            ws.log(conn, "test.event", "thing", n, note=f"event {n}")


def test_rows_chain_and_verify(workspace: Workspace) -> None:
    _log_three(workspace)
    rows = list(audit.iter_rows(workspace.engine))
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert rows[0]["prev_hash"] == audit.GENESIS
    assert rows[1]["prev_hash"] == rows[0]["row_hash"]
    assert rows[2]["actor"].startswith("test-officer@")
    report = verify_workspace(workspace)
    assert report.ok and report.rows_checked == 3


def test_edited_row_is_named(workspace: Workspace) -> None:
    _log_three(workspace)
    with workspace.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.id == 2).values(actor="someone-else"))
    report = verify_workspace(workspace)
    assert not report.ok
    assert report.problems[0].where == "audit row 2"
    assert "changed" in report.problems[0].message


def test_deleted_row_is_named(workspace: Workspace) -> None:
    _log_three(workspace)
    with workspace.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.id == 2))
    report = verify_workspace(workspace)
    assert not report.ok
    assert report.problems[0].where == "audit row 2"
    assert "deleted" in report.problems[0].message


def test_rehashed_forgery_is_still_detected(workspace: Workspace) -> None:
    """Someone who edits a row and recomputes its hash breaks the link of the next row."""
    _log_three(workspace)
    rows = list(audit.iter_rows(workspace.engine))
    forged = {**rows[1], "actor": "forger"}
    forged["row_hash"] = audit.row_hash(forged)
    with workspace.engine.begin() as conn:
        conn.execute(
            update(audit_log).where(audit_log.c.id == 2).values(actor="forger", row_hash=forged["row_hash"])
        )
    report = verify_workspace(workspace)
    assert [p.where for p in report.problems] == ["audit row 3"]


def test_truncated_log_is_detected_by_the_anchor(workspace: Workspace) -> None:
    _log_three(workspace)
    with workspace.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.id == 3))
    report = verify_workspace(workspace)
    assert not report.ok
    assert report.problems[0].where == "audit row 3"
    assert "end of the log" in report.problems[0].message


def test_concurrent_writers_keep_one_chain(workspace: Workspace) -> None:
    """Writers in threads (separate connections) never fork the chain."""
    from concurrent.futures import ThreadPoolExecutor

    def write(n: int) -> None:
        with workspace.write() as conn:
            workspace.log(conn, "test.event", "thing", n)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(20)))
    checked, problems = audit.check_chain(workspace.engine)
    assert checked == 20 and problems == []
