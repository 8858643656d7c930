"""Which audited actions throw the cached analysis away: data changes do, reads and outputs do not."""

from __future__ import annotations

from filiere.cases import create_case
from filiere.web.snapshot import data_version


def test_outputs_keep_the_analysis_and_data_changes_renew_it(workspace) -> None:
    case = create_case(workspace, "snap", country="NE")
    start = data_version(workspace)
    assert start > 0  # the case's creation changed data
    with workspace.write() as conn:
        for action in ("mla.draft", "mla.status", "report.write", "export.write", "read.search"):
            workspace.log(conn, action, "case", case.id, case_id=case.id)
    assert data_version(workspace) == start
    with workspace.write() as conn:
        workspace.log(conn, "entity.merge", "case", case.id, case_id=case.id)
    assert data_version(workspace) > start
