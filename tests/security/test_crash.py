"""kill -9 during `filiere ingest` leaves no partial record; a re-ingest then gives exactly a clean ingest.

A "partial record" is any of: an evidence row whose record_count differs from the rows stored for it
(calls, subscribers, turns, pages, links by kind) or whose pages are missing; records, pages or
unreadable-row notes without their evidence row; an evidence row without its ingest row in the audit
log or without its original in the blob store; an extraction whose mention_count differs from the
mentions stored, or mentions without their extraction. One file is one transaction (ingest) and one
original one transaction (extraction), so none of these may ever be seen, whenever the process dies.

The audit anchor (audit-head.json) is moved after each commit: a kill between the two leaves it one
or more rows behind the database, which `audit verify` accepts (the rows it names still match); only
an anchor pointing past the end, or at a changed row, is tampering.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from sqlalchemy import func, select

from filiere.cases import create_case
from filiere.ingest.pipeline import ingest
from filiere.store import audit
from filiere.store.database import writing
from filiere.store.tables import (
    calls,
    evidence,
    evidence_pages,
    extractions,
    ingest_issues,
    links,
    mentions,
    subscribers,
    turns,
)
from filiere.train.generate import generate_case
from filiere.verify import verify_workspace
from filiere.workspace import Workspace
from tests.conftest import BACKENDS, new_database_url
from tests.support.cli import CliRunner

SEED = 20250413
KILLS = 5
CASE = "crash"
RECORD_TABLES = {
    "transcript": (turns, calls),
    "interview": (turns,),
    "document": (evidence_pages,),
    "cdr": (calls,),
    "subscribers": (subscribers,),
    "links": (links,),
}
COUNTED = (evidence, evidence_pages, turns, calls, subscribers, ingest_issues, links, extractions, mentions)


@pytest.fixture(scope="module")
def evidence_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated case (transcripts, hearing records, CDRs, subscribers) plus one PDF and one DOCX."""
    root = tmp_path_factory.mktemp("crash-input")
    truth = generate_case(root / "case", seed=7, size="small", language="fr", cdr_rows=6000)
    (root / "country").write_text(truth["case_country"])
    folder = root / "case" / "evidence"
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for page in range(3):
        pdf.add_page()
        pdf.multi_cell(
            w=0, text=f"Rapport de synthèse, page {page + 1} : le convoi part d'Agadès vers Dirkou."
        )
    (folder / "rapport_synthese.pdf").write_bytes(bytes(pdf.output()))
    document = docx.Document()
    document.add_paragraph("Note : Moussa Ibrahim a versé 150 000 F au coxeur à l'autogare de Niamey.")
    out = io.BytesIO()
    document.save(out)
    (folder / "note_service.docx").write_bytes(out.getvalue())
    return folder


def _command(ws_dir: Path, db_url: str | None, *args: str) -> list[str]:
    command = [sys.executable, "-m", "filiere.cli.app", "--workspace", str(ws_dir)]
    if db_url:
        command += ["--db", db_url]
    return [*command, *args]


def _new_workspace(ws_dir: Path, db_url: str | None, folder: Path) -> None:
    ws = Workspace.open(ws_dir, db_url)
    create_case(ws, CASE, country=(folder.parent.parent / "country").read_text())
    ws.close()


@pytest.fixture(scope="module")
def reference(evidence_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A clean, uninterrupted ingest in its own workspace: its records, and the time it spends per unit
    of work (a file stored or an original extracted) once started."""
    ws_dir = tmp_path_factory.mktemp("reference") / "ws"
    _new_workspace(ws_dir, None, evidence_folder)
    ws = Workspace.open(ws_dir)
    process = subprocess.Popen(
        _command(ws_dir, None, "ingest", "--case", CASE, "--json", str(evidence_folder)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = None
    while process.poll() is None:
        if first is None and _done_units(ws) > 0:
            first = time.monotonic()
        time.sleep(0.01)
    working = time.monotonic() - (first or time.monotonic())
    stdout, stderr = process.communicate()
    try:
        assert process.returncode == 0, stderr
        assert json.loads(stdout)["added"] == len(list(evidence_folder.iterdir()))
        units = _done_units(ws)
        return {"units": units, "per_unit": max(working / units, 0.02), "records": _records(ws)}
    finally:
        ws.close()


def _done_units(ws: Workspace) -> int:
    """Files stored plus originals extracted: how far an ingest has gone."""
    with ws.engine.connect() as conn:
        return sum(
            conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (evidence, extractions)
        )


def _records(ws: Workspace) -> dict:
    """What an ingest leaves, independent of ids and times: table sizes, files, mentions by file."""
    with ws.engine.connect() as conn:
        counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in COUNTED}
        files = sorted(
            tuple(r)
            for r in conn.execute(
                select(evidence.c.original_name, evidence.c.sha256, evidence.c.kind, evidence.c.record_count)
            )
        )
        found = Counter(
            (r.sha256, r.type)
            for r in conn.execute(
                select(evidence.c.sha256, mentions.c.type).join(
                    evidence, evidence.c.id == mentions.c.evidence_id
                )
            )
        )
        logged = conn.execute(
            select(func.count())
            .select_from(audit.audit_log)
            .where(audit.audit_log.c.action == "evidence.ingest")
        ).scalar_one()
    return {"counts": counts, "files": files, "mentions": dict(found), "ingest_rows": logged}


def _partial_records(ws: Workspace) -> list[str]:
    """Every partial record (see the module docstring), described; empty when there is none."""
    found: list[str] = []
    with ws.engine.connect() as conn:

        def count(table, evidence_id: int) -> int:
            query = select(func.count()).select_from(table).where(table.c.evidence_id == evidence_id)
            return conn.execute(query).scalar_one()

        known = set()
        for item in conn.execute(select(evidence)).mappings():
            known.add(item["id"])
            stored = sum(count(t, item["id"]) for t in RECORD_TABLES[item["kind"]])
            if stored != item["record_count"]:
                found.append(
                    f"{item['original_name']}: {stored} records stored, {item['record_count']} recorded"
                )
            if item["kind"] in ("transcript", "interview", "document") and not count(
                evidence_pages, item["id"]
            ):
                found.append(f"{item['original_name']}: no pages")
            if count(ingest_issues, item["id"]) != min(item["issue_count"], 10_000):
                found.append(f"{item['original_name']}: unreadable-row notes do not match issue_count")
            if not ws.blobs.exists(item["sha256"]):
                found.append(f"{item['original_name']}: original missing from the blob store")
        for table in (evidence_pages, turns, calls, subscribers, ingest_issues, links, mentions, extractions):
            orphans = set(conn.execute(select(table.c.evidence_id).distinct()).scalars()) - known
            if orphans:
                found.append(f"{table.name}: rows of evidence {sorted(orphans)} that does not exist")
        extracted = dict(conn.execute(select(extractions.c.evidence_id, extractions.c.mention_count)).all())
        for evidence_id, n in extracted.items():
            if count(mentions, evidence_id) != n:
                found.append(
                    f"evidence {evidence_id}: {count(mentions, evidence_id)} mentions stored, {n} recorded"
                )
        without = set(conn.execute(select(mentions.c.evidence_id).distinct()).scalars()) - set(extracted)
        if without:
            found.append(f"mentions of evidence {sorted(without)} without their extraction")
    return found


def _kill_after(command: list[str], ws: Workspace, units: int, delay: float) -> str:
    """Run `command`; once `units` units of work are done, wait `delay` seconds more and SIGKILL it."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while process.poll() is None and _done_units(ws) < units and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    if process.poll() is not None:
        return "finished"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return "killed"


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_kill_9_during_ingest_leaves_no_partial_record_and_a_reingest_completes_it(
    backend: str, evidence_folder: Path, reference: dict, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db_url = new_database_url(backend, request)
    ws_dir = tmp_path / "ws"
    _new_workspace(ws_dir, db_url, evidence_folder)
    cli = CliRunner(ws_dir, db_url)
    command = _command(ws_dir, db_url, "ingest", "--case", CASE, "--json", str(evidence_folder))
    rng = random.Random(SEED)
    # Kill points: after a random number of units of work (files stored, originals extracted), plus a
    # random part of the time one unit takes, so that each kill falls inside some file's transaction
    # or extraction. Each run resumes the previous one. (Kill times alone mostly fell in the start-up
    # of Python and spaCy, which takes longer than the work on a loaded machine.)
    targets = sorted(rng.sample(range(reference["units"]), KILLS))
    outcomes = []
    for target in targets:
        ws = Workspace.open(ws_dir, db_url)
        try:
            delay = rng.uniform(0, 1.5) * reference["per_unit"]
            outcomes.append((_kill_after(command, ws, target, delay), _done_units(ws)))
            verified = cli("audit", "verify", "--json", check=False)
            assert verified.exit_code == 0, verified.stdout
            assert _partial_records(ws) == []
            anchor, newest = ws.anchor.read(), audit.head(ws.engine)
            assert anchor is None or (newest is not None and anchor[0] <= newest[0])
        finally:
            ws.close()
    assert [o for o, _units in outcomes].count("killed") >= KILLS - 1, outcomes

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["errors"] == []
    ws = Workspace.open(ws_dir, db_url)
    try:
        assert _partial_records(ws) == []
        assert _records(ws) == reference["records"]
    finally:
        ws.close()
    assert cli("audit", "verify", "--json").json()["ok"] is True


def test_an_anchor_left_behind_by_a_kill_after_commit_is_not_tampering(workspace: Workspace) -> None:
    """The state a kill between the commit and the anchor update leaves: rows newer than the anchor."""
    with workspace.write() as conn:
        workspace.log(conn, "test.write", "thing", 1)
    anchored = workspace.anchor.read()
    for n in (2, 3):
        with writing(workspace.engine) as conn:  # committed, but the process "dies" before the anchor
            workspace.log(conn, "test.write", "thing", n)
    assert workspace.anchor.read() == anchored
    assert audit.head(workspace.engine)[0] == anchored[0] + 2
    assert verify_workspace(workspace).ok
    with workspace.write() as conn:  # the next write brings the anchor up to date
        workspace.log(conn, "test.write", "thing", 4)
    assert workspace.anchor.read() == audit.head(workspace.engine)
    assert verify_workspace(workspace).ok


def test_copies_left_half_written_by_a_killed_ingest_are_swept(workspace: Workspace, tmp_path: Path) -> None:
    tmp = workspace.blobs.tmp
    tmp.mkdir(parents=True, exist_ok=True)
    stale, fresh, busy = (tmp / name for name in ("incoming-a", "incoming-b", "incoming-c"))
    for path in (stale, fresh, busy):
        path.write_bytes(b"half of a CDR")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(busy, (old, old))
    with open(busy, "rb") as writer:  # a live writer holds its copy locked until the rename
        fcntl.flock(writer.fileno(), fcntl.LOCK_EX)
        source = tmp_path / "note.txt"
        source.write_text("Réf. : PV-1\n\nA : Allô.\n", encoding="utf-8")
        ingest(workspace, create_case(workspace, "sweep", country="NE"), [source])
        assert sorted(p.name for p in tmp.iterdir()) == ["incoming-b", "incoming-c"]
    assert workspace.blobs.sweep_incomplete(quiet_for=0) == 2
    assert list(tmp.iterdir()) == []


def test_ingest_again_finishes_an_extraction_that_a_kill_cut_short(
    cli: CliRunner, sample_case_dir: Path
) -> None:
    """Files stored but never extracted (killed during extraction) are extracted by the next ingest."""
    cli("case", "create", "demo", "--country", "NE")
    first = cli("ingest", "--case", "demo", "--no-extract", "--json", str(sample_case_dir)).json()
    assert first["added"] > 0 and first["extraction"] is None
    again = cli("ingest", "--case", "demo", "--json", str(sample_case_dir)).json()
    assert again["added"] == 0 and again["duplicates"] == first["added"]
    assert again["extraction"]["extracted"] > 0 and again["extraction"]["mentions"] > 0
    third = cli("ingest", "--case", "demo", "--json", str(sample_case_dir)).json()
    assert third["extraction"] is None  # nothing left to do: nothing to report
