"""Bad input never loses what is stored: each problem names the file (and line) and the rest goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bench.ingest_cdr import generate
from sqlalchemy import func, select

from filiere.cases import create_case
from filiere.ingest.pipeline import Progress, ingest
from filiere.store.tables import calls, evidence
from filiere.verify import verify_workspace
from filiere.workspace import Workspace

TRANSCRIPT = """Réf. : PV-TEST-{n}
Date : 13/04/2025
Heure : 21h04
Appelant : 93 07 64 19
Appelé : 96 12 34 56
Durée : 00:01:10

A : Allô, c'est pour le colis numéro {n}.
B : D'accord, demain matin à l'autogare.
"""


def _case(ws: Workspace):
    return create_case(ws, "bad-input", country="NE")


def test_empty_binary_and_unknown_csv_are_reported_and_others_stored(workspace: Workspace, tmp_path: Path):
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "weird.csv").write_text("colour;shape\nred;round\n", encoding="utf-8")
    (folder / "good.txt").write_text(TRANSCRIPT.format(n=1), encoding="utf-8")
    report = ingest(workspace, _case(workspace), [folder])
    assert report.added == 1
    messages = {Path(e["path"]).name: e["message"] for e in report.errors}
    assert set(messages) == {"empty.txt", "image.txt", "weird.csv"}
    assert "empty" in messages["empty.txt"]
    assert "binary" in messages["image.txt"]
    assert "CSV" in messages["weird.csv"]
    assert verify_workspace(workspace).ok


def test_malformed_cdr_rows_are_named_by_line_and_good_rows_kept(workspace: Workspace, tmp_path: Path):
    cdr = tmp_path / "cdr.csv"
    cdr.write_text(
        "Appelant;Appelé;Date/Heure;Durée (s);Type\n"
        "93076419;96123456;13/04/2025 21:04:00;70;Voix\n"
        "93076419;96123456;pas une date;70;Voix\n"
        "93076419;96123456;13/04/2025 21:09:00;12;SMS\n",
        encoding="utf-8",
    )
    report = ingest(workspace, _case(workspace), [cdr])
    assert report.added == 1 and report.records == 2
    assert [(e["line"], Path(e["path"]).name) for e in report.errors] == [(3, "cdr.csv")]
    with workspace.engine.connect() as conn:
        lines = conn.execute(select(calls.c.line, calls.c.caller_e164).order_by(calls.c.line)).all()
    assert lines == [(2, "+22793076419"), (4, "+22793076419")]


def test_missing_path_and_vanishing_file(workspace: Workspace, tmp_path: Path):
    folder = tmp_path / "usb"
    folder.mkdir()
    for n in range(3):
        (folder / f"t{n}.txt").write_text(TRANSCRIPT.format(n=n), encoding="utf-8")

    class PullTheStick(Progress):
        def file_started(self, path: Path) -> None:
            if path.name == "t0.txt":
                (folder / "t1.txt").unlink()  # the USB stick loses a file mid-run

    report = ingest(workspace, _case(workspace), [folder, tmp_path / "nowhere"], progress=PullTheStick())
    assert report.added == 2
    errors = {Path(e["path"]).name: e["message"] for e in report.errors}
    assert "disappeared" in errors["t1.txt"]
    assert "no such file" in errors["nowhere"]
    assert verify_workspace(workspace).ok


def test_a_folder_of_many_files(workspace: Workspace, tmp_path: Path):
    folder = tmp_path / "many"
    for n in range(600):
        sub = folder / f"d{n % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"t{n}.txt").write_text(TRANSCRIPT.format(n=n), encoding="utf-8")
    case = _case(workspace)
    report = ingest(workspace, case, [folder])
    assert report.added == 600 and not report.errors
    again = ingest(workspace, case, [folder])
    assert again.added == 0 and again.duplicates == 600


def test_wrong_encodings_are_read(workspace: Workspace, tmp_path: Path):
    """Also: the workspace folder inside the ingested folder is not ingested."""
    text = TRANSCRIPT.format(n=9).replace("colis", "colis à Agadès")
    (tmp_path / "latin1.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.replace("9", "8").encode("utf-8"))
    (tmp_path / "utf16.txt").write_bytes(text.replace("9", "7").encode("utf-16"))
    report = ingest(workspace, _case(workspace), [tmp_path])
    assert report.added == 3 and not report.errors
    with workspace.engine.connect() as conn:
        kinds = conn.execute(select(evidence.c.kind, evidence.c.encoding).order_by(evidence.c.id)).all()
    assert [k for k, _ in kinds] == ["transcript"] * 3
    assert sorted(e for _, e in kinds) == ["cp1252", "utf-16", "utf-8"]


def _cli(ws_dir: Path, db_url: str | None, *args: str) -> list[str]:
    command = [sys.executable, "-m", "filiere.cli.app", "--workspace", str(ws_dir)]
    if db_url:
        command += ["--db", db_url]
    return [*command, *args]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_interrupted_ingest_leaves_a_consistent_workspace_and_resumes(
    workspace: Workspace, db_url: str | None, tmp_path: Path, sig: int
):
    case = _case(workspace)
    small = tmp_path / "in" / "a_transcript.txt"
    small.parent.mkdir()
    small.write_text(TRANSCRIPT.format(n=1), encoding="utf-8")
    big = tmp_path / "in" / "b_cdr.csv"
    generate(big, 400_000)
    process = subprocess.Popen(
        _cli(workspace.root, db_url, "ingest", "--case", case.slug, "--json", str(small.parent)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until the small file is committed and the big one is under way
        with workspace.engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(evidence)).scalar_one() >= 1:
                break
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(process.pid, sig)
    process.wait(timeout=60)
    with workspace.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(evidence)).scalar_one()
        n_calls = conn.execute(select(func.count()).select_from(calls)).scalar_one()
        recorded = conn.execute(
            select(func.coalesce(func.sum(evidence.c.record_count), 0)).where(evidence.c.kind == "cdr")
        ).scalar_one()
    assert stored == 1, "the CDR must not be half-stored"
    assert n_calls == 1 + recorded  # the transcript's call; nothing of the interrupted CDR
    assert verify_workspace(workspace).ok
    report = ingest(workspace, case, [small.parent])
    assert report.added == 1 and report.duplicates == 1 and report.records == 400_000
    assert verify_workspace(workspace).ok
