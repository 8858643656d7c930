"""PDF/DOCX parsing is bounded in time and memory: a hostile document ends in an error, stores nothing."""

from __future__ import annotations

import io
import os
import signal
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from sqlalchemy import func, select

from filiere.cases import create_case
from filiere.errors import EvidenceError, FiliereError
from filiere.i18n import set_language
from filiere.ingest.document import parse_document
from filiere.ingest.pipeline import ingest
from filiere.ingest.sandbox import MEMORY_ENV, TIMEOUT_ENV, Limits, run_limited
from filiere.store.tables import metadata
from filiere.verify import verify_workspace
from filiere.workspace import Workspace


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand from its objects (objects[0] is object 1, the catalog), with its xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def busy_pdf(operators: int = 2_000_000) -> bytes:
    """One page whose compressed content stream holds millions of text operators.

    About 120 KB on disk, 48 MB once inflated; pypdf needs ~80 s and well over 200 MiB to read it.
    """
    content = b"BT /F1 12 Tf\n" + b"1 0 0 1 10 10 Tm (a) Tj\n" * operators + b"ET\n"
    packed = zlib.compress(content, 9)
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def plain_pdf(text: str = "Procès-verbal de synthèse, Agadès") -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(w=0, text=text)
    return bytes(pdf.output())


def plain_docx(text: str = "Rapport : le coxeur attend à l'autogare.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def snapshot(ws: Workspace) -> dict[str, object]:
    """Row counts of every table, and the audit anchor file: what 'the workspace is unchanged' means."""
    with ws.engine.connect() as conn:
        counts = {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
        }
    anchor = ws.root / "audit-head.json"
    return {"rows": counts, "anchor": anchor.read_text() if anchor.exists() else None}


# --- the limits, on the parser alone --------------------------------------------------------------


def test_a_document_that_takes_too_long_is_stopped_at_the_limit() -> None:
    started = time.monotonic()
    with pytest.raises(EvidenceError, match=r"took longer than the limit of 1 s") as caught:
        parse_document("slow.pdf", busy_pdf(), limits=Limits(timeout_s=1, memory_mb=1024))
    assert time.monotonic() - started < 15
    assert caught.value.path == "slow.pdf"
    assert TIMEOUT_ENV in caught.value.message and "split it" in caught.value.message


def test_a_document_that_needs_too_much_memory_is_stopped_with_a_clear_error() -> None:
    with pytest.raises(EvidenceError, match=r"more memory than the limit of 64 MiB") as caught:
        parse_document("greedy.pdf", busy_pdf(), limits=Limits(timeout_s=60, memory_mb=64))
    assert caught.value.path == "greedy.pdf"
    assert MEMORY_ENV in caught.value.message


def test_ordinary_documents_read_within_a_small_memory_limit() -> None:
    """The limit counts what the parse adds, not what the caller had already loaded."""
    small = Limits(timeout_s=30, memory_mb=64)
    assert "Agadès" in parse_document("pv.pdf", plain_pdf(), limits=small).pages[0]
    assert "coxeur" in parse_document("r.docx", plain_docx(), limits=small).pages[0]


@pytest.mark.parametrize(
    ("name", "objects", "detail"),
    [
        (
            "loop.pdf",  # a page tree whose node is its own child
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            ],
            "cyclic",
        ),
        (
            "deep.pdf",  # 3000 nested page-tree nodes
            [b"<< /Type /Catalog /Pages 2 0 R >>"]
            + [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (n + 3) for n in range(3000)]
            + [b"<< /Type /Page /MediaBox [0 0 612 792] >>"],
            "depth",
        ),
    ],
)
def test_looping_and_deeply_nested_page_trees_end_in_an_error(name: str, objects: list, detail: str) -> None:
    started = time.monotonic()
    with pytest.raises(EvidenceError, match=detail):
        parse_document(name, build_pdf(objects), limits=Limits(timeout_s=20, memory_mb=512))
    assert time.monotonic() - started < 10


def test_errors_raised_in_the_child_come_back_in_the_interface_language() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_encryption(owner_password="o", user_password="secret")
    set_language("fr")
    try:
        with pytest.raises(EvidenceError) as caught:
            parse_document("verrouille.pdf", bytes(pdf.output()))
    finally:
        set_language("en")
    assert caught.value.path == "verrouille.pdf"
    assert "mot de passe" in caught.value.message


def test_a_child_out_of_cpu_time_is_reported_as_too_long() -> None:
    from filiere.ingest.sandbox import _failure_message

    assert "took longer" in _failure_message(False, -signal.SIGXCPU, Limits(5, 100))
    assert "more memory" in _failure_message(False, -signal.SIGKILL, Limits(5, 100))


def test_a_child_that_dies_without_a_word_is_reported_not_awaited() -> None:
    with pytest.raises(EvidenceError, match="more memory than the limit") as caught:
        run_limited("dead.pdf", os._exit, (3,), Limits(timeout_s=30, memory_mb=100))
    assert caught.value.path == "dead.pdf"


ORPHAN = """
import sys
from filiere.ingest.document import parse_document
from filiere.ingest.sandbox import Limits

data = open(sys.argv[1], "rb").read()
print("parsing", flush=True)
parse_document("slow.pdf", data, limits=Limits(timeout_s=90, memory_mb=1024))
"""


def _running_with(marker: str) -> list[int]:
    """Pids of live processes whose command line holds `marker` (zombies have an empty one)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and PR_SET_PDEATHSIG")
def test_the_parsing_child_dies_with_a_killed_ingest(tmp_path: Path) -> None:
    (tmp_path / "slow.pdf").write_bytes(busy_pdf())
    marker = f"filiere-orphan-test-{os.getpid()}"
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHAN, str(tmp_path / "slow.pdf"), marker], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout.readline().strip() == "parsing"
        deadline = time.monotonic() + 20
        while len(_running_with(marker)) < 2 and time.monotonic() < deadline:  # the parent and its child
            time.sleep(0.02)
        assert len(_running_with(marker)) == 2
    finally:
        parent.kill()
        parent.wait(timeout=30)
        parent.stdout.close()
    deadline = time.monotonic() + 10
    while _running_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _running_with(marker) == []


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Limits.from_env() == Limits(120.0, 1024)
    monkeypatch.setenv(TIMEOUT_ENV, "2.5")
    monkeypatch.setenv(MEMORY_ENV, "300")
    assert Limits.from_env() == Limits(2.5, 300)
    monkeypatch.setenv(MEMORY_ENV, "lots")
    with pytest.raises(FiliereError, match=MEMORY_ENV):
        Limits.from_env()


def test_the_child_costs_little_per_document() -> None:
    data = plain_pdf()
    parse_document("warm.pdf", data)
    times = []
    for _ in range(7):
        started = time.perf_counter()
        parse_document("pv.pdf", data)
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.5  # measured ~15 ms on a laptop; generous for loaded CI machines


# --- through the ingest pipeline: nothing stored ------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [(TIMEOUT_ENV, "1", "took longer than the limit"), (MEMORY_ENV, "64", "more memory than the limit")],
    ids=["timeout", "memory"],
)
def test_a_hostile_document_stores_nothing_and_the_others_go_in(
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
    message: str,
) -> None:
    case = create_case(workspace, "limits", country="NE")
    before = snapshot(workspace)
    monkeypatch.setenv(variable, value)
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "hostile.pdf").write_bytes(busy_pdf())
    report = ingest(workspace, case, [folder])
    assert report.added == 0 and report.failed == 1
    assert [e["path"] for e in report.errors] == [str(folder / "hostile.pdf")]
    assert message in report.errors[0]["message"]
    assert snapshot(workspace) == before
    assert verify_workspace(workspace).ok

    (folder / "pv.pdf").write_bytes(plain_pdf())
    (folder / "rapport.docx").write_bytes(plain_docx())
    again = ingest(workspace, case, [folder])
    assert again.added == 2 and again.failed == 1
    with workspace.engine.connect() as conn:
        names = conn.execute(select(metadata.tables["evidence"].c.original_name)).scalars().all()
    assert sorted(names) == ["pv.pdf", "rapport.docx"]
    assert verify_workspace(workspace).ok


def test_a_document_is_parsed_before_the_write_lock_is_taken(
    workspace: Workspace, tmp_path: Path, monkeypatch
):
    """While a PDF is read (up to the time limit for a hostile one), another writer is not kept waiting."""
    import threading

    import filiere.ingest.document as document_module

    case = create_case(workspace, "lock", country="NE")
    (tmp_path / "pv.pdf").write_bytes(plain_pdf())
    real = document_module.parse_document
    others: list[str] = []

    def parse_while_another_writes(*args, **kwargs):
        def write() -> None:
            with workspace.write() as conn:
                workspace.log(conn, "test.other_writer", "case", case.id, case_id=case.id)
            others.append("written")

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        writer.join(timeout=10)
        others.append("joined")
        return real(*args, **kwargs)

    monkeypatch.setattr(document_module, "parse_document", parse_while_another_writes)
    report = ingest(workspace, case, [tmp_path / "pv.pdf"])
    assert others[:2] == ["written", "joined"], "the other writer waited for the parse to finish"
    assert [f.status for f in report.files] == ["added"]
