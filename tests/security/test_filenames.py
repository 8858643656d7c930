"""A name that comes from evidence never chooses where a file is written or read."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update

from filiere.cases import create_case, get_case
from filiere.errors import IntegrityError
from filiere.evidence import export_original
from filiere.ingest.pipeline import ingest
from filiere.security.filenames import MAX_BYTES, safe_filename
from filiere.store.tables import evidence
from filiere.verify import verify_workspace
from filiere.workspace import Workspace

TRANSCRIPT = "Réf. : PV-FN-1\nDate : 13/04/2025\n\nA : Allô, le colis est à l'autogare.\nB : D'accord.\n"
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("PV audition Moussa.docx", "PV audition Moussa.docx"),
        ("Procès-verbal n°41.pdf", "Procès-verbal n°41.pdf"),
        ("../../.bashrc", "bashrc"),
        ("/etc/cron.d/job", "job"),
        ("..\\..\\Windows\\System32\\drivers\\etc\\hosts", "hosts"),
        ("C:\\Users\\x\\AppData\\evil.bat", "evil.bat"),
        ("..", "file"),
        (".", "file"),
        ("", "file"),
        ("   ", "file"),
        ("a\x00b.txt", "ab.txt"),
        ("line\nbreak\r.txt", "linebreak.txt"),
        ("facture\u202efdp.exe", "facturefdp.exe"),  # a right-to-left override would show "exe.pdf"
        ("zero\u200bwidth.txt", "zerowidth.txt"),
        ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("Lpt1.tar.gz", "_Lpt1.tar.gz"),
        ("nul .txt", "_nul .txt"),
        ("console.txt", "console.txt"),
        ("rapport.pdf.", "rapport.pdf"),
        (".hidden", "hidden"),
        ("e\u0301cole.txt", "école.txt"),  # decomposed accents are composed (NFC)
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_long_names_are_cut_to_the_byte_limit_keeping_the_extension() -> None:
    name = safe_filename("é" * 400 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode("utf-8")) <= MAX_BYTES
    assert set(name[:-4]) == {"é"}
    assert len(safe_filename("x" * 1000).encode()) == MAX_BYTES
    assert safe_filename("a" * 50 + ".pdf", max_bytes=20) == "a" * 16 + ".pdf"


def test_default_when_nothing_is_left() -> None:
    assert safe_filename("../..", default="evidence-7") == "evidence-7"
    assert safe_filename("\x00", default="../..") == "file"


@given(st.text(max_size=300))
def test_any_text_becomes_one_plain_portable_name(name: str) -> None:
    result = safe_filename(name)
    assert result and result not in (".", "..")
    assert "/" not in result and "\\" not in result
    assert not any(unicodedata.category(c).startswith("C") for c in result)
    assert not set(result) & set('<>:"|?*')
    assert not result.startswith((".", " ")) and not result.endswith((".", " "))
    assert result.split(".")[0].rstrip(" ").upper() not in RESERVED
    assert len(result.encode("utf-8")) <= MAX_BYTES
    assert safe_filename(result) == result  # already safe names are left alone


def _ingest_one(ws: Workspace, tmp_path: Path) -> int:
    case = create_case(ws, "names", country="NE")
    source = tmp_path / "in" / "ecoute.txt"
    source.parent.mkdir()
    source.write_text(TRANSCRIPT, encoding="utf-8")
    report = ingest(ws, case, [source])
    assert report.added == 1
    return report.files[0].evidence_id


@pytest.mark.parametrize("recorded", ["../../escaped.txt", "/tmp/escaped.txt", "..", "sub\\..\\..\\x.txt"])
def test_export_of_an_original_with_a_hostile_recorded_name_stays_in_the_folder(
    workspace: Workspace, tmp_path: Path, recorded: str
) -> None:
    evidence_id = _ingest_one(workspace, tmp_path)
    with workspace.engine.begin() as conn:  # as a web upload or an edited row could record it
        conn.execute(update(evidence).where(evidence.c.id == evidence_id).values(original_name=recorded))
    out = tmp_path / "deep" / "out"
    out.mkdir(parents=True)
    done = export_original(workspace, get_case(workspace, "names"), evidence_id, out)
    written = Path(done["path"])
    assert written.parent == out
    assert written.read_text(encoding="utf-8") == TRANSCRIPT
    others = (tmp_path / "in", workspace.root)
    files = [p for p in tmp_path.rglob("*") if p.is_file() and not any(p.is_relative_to(o) for o in others)]
    assert files == [written]


def test_a_blob_hash_from_the_database_cannot_point_outside_the_store(workspace: Workspace) -> None:
    with pytest.raises(IntegrityError, match="not a SHA-256"):
        workspace.blobs.path_for("../../../../etc/passwd")
    with pytest.raises(IntegrityError):
        workspace.blobs.open("ab/../../" + "0" * 56)
    assert workspace.blobs.actual_hash("../" * 20) is None
    good = "a" * 64
    assert workspace.blobs.path_for(good).is_relative_to(workspace.root / "blobs")


def test_an_edited_hash_is_reported_by_verify_not_followed(workspace: Workspace, tmp_path: Path) -> None:
    evidence_id = _ingest_one(workspace, tmp_path)
    with workspace.engine.begin() as conn:
        conn.execute(update(evidence).where(evidence.c.id == evidence_id).values(sha256="../../etc/passwd"))
    report = verify_workspace(workspace)
    assert not report.ok
    assert any("missing from the blob store" in p.message for p in report.problems)


def test_a_link_in_a_seized_folder_to_a_file_outside_it_is_not_read(
    workspace: Workspace, tmp_path: Path
) -> None:
    case = create_case(workspace, "links", country="NE")
    secret = tmp_path / "home" / "id_rsa"
    secret.parent.mkdir()
    secret.write_text("-----BEGIN FICTIONAL KEY-----\n", encoding="utf-8")
    seized = tmp_path / "usb"
    (seized / "notes").mkdir(parents=True)
    (seized / "ecoute.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (seized / "notes" / "cle.txt").symlink_to(secret)
    (seized / "copie.txt").symlink_to(seized / "ecoute.txt")  # a link inside the folder is harmless
    report = ingest(workspace, case, [seized])
    assert report.added == 1 and report.duplicates == 1
    assert [e["path"] for e in report.errors] == [str(seized / "notes" / "cle.txt")]
    assert "outside the folder" in report.errors[0]["message"]
    stored = [p.read_bytes() for p in (workspace.root / "blobs").rglob("*") if p.is_file()]
    assert all(b"FICTIONAL KEY" not in data for data in stored)
