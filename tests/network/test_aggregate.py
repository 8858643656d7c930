"""Calls become weighted edges in SQL, on SQLite and PostgreSQL; rows that make no edge are counted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from filiere.cases import create_case
from filiere.ingest.pipeline import ingest
from filiere.network.aggregate import CallEdge, SkippedCalls, call_edges, skipped_calls
from filiere.workspace import Workspace

# fictional Niger numbers (+227), fictional calls
CDR_APRIL = """Appelant;Appelé;Date/Heure;Durée (s);Type
90451127;96123456;01/04/2025 08:20:14;44;VOIX
96123456;90451127;02/04/2025 09:12:40;60;VOIX
90451127;96123456;03/04/2025 10:00:00;;SMS
90451127;90451127;03/04/2025 11:00:00;5;VOIX
90451127;;03/04/2025 12:00:00;5;VOIX
90451127;96000001;04/04/2025 12:00:00;;DATA
97450318;96123456;05/04/2025 19:40:02;121;VOIX
"""
CDR_MAY = """Appelant;Appelé;Date/Heure;Durée (s);Type
96123456;90451127;02/05/2025 07:00:00;30;VOIX
"""


def _ingest(ws: Workspace, tmp_path: Path, files: dict[str, str], slug: str = "agadez-2025"):
    case = create_case(ws, slug, country="NE")
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    report = ingest(ws, case, paths)
    assert report.errors == []
    return case, {Path(f.path).name: f.evidence_id for f in report.files}


def test_calls_grouped_by_unordered_pair_with_counts_dates_and_evidence(workspace, tmp_path: Path) -> None:
    case, ids = _ingest(workspace, tmp_path, {"april.csv": CDR_APRIL, "may.csv": CDR_MAY})
    with workspace.engine.connect() as conn:
        items = list(call_edges(conn, case.id))
    edges, summary = items[:-1], items[-1]
    assert edges == [
        CallEdge(
            a="+22790451127",
            b="+22796123456",
            calls=3,
            sms=1,
            total_duration=134,
            first=datetime(2025, 4, 1, 8, 20, 14),
            last=datetime(2025, 5, 2, 7, 0),
            evidence_ids=tuple(sorted((ids["april.csv"], ids["may.csv"]))),
        ),
        CallEdge(
            a="+22796123456",
            b="+22797450318",
            calls=1,
            sms=0,
            total_duration=121,
            first=datetime(2025, 4, 5, 19, 40, 2),
            last=datetime(2025, 4, 5, 19, 40, 2),
            evidence_ids=(ids["april.csv"],),
        ),
    ]
    assert summary == SkippedCalls(rows=8, missing_number=1, self_calls=1, other_type=1)


def test_a_case_without_calls_gives_only_the_summary(workspace, tmp_path: Path) -> None:
    case = create_case(workspace, "empty-case", country="ML")
    with workspace.engine.connect() as conn:
        assert list(call_edges(conn, case.id)) == [SkippedCalls()]


def test_calls_of_another_case_stay_out(workspace, tmp_path: Path) -> None:
    _ingest(workspace, tmp_path, {"april.csv": CDR_APRIL}, slug="case-a")
    other = create_case(workspace, "case-b", country="NE")
    with workspace.engine.connect() as conn:
        assert skipped_calls(conn, other.id) == SkippedCalls()
        assert list(call_edges(conn, other.id)) == [SkippedCalls()]
