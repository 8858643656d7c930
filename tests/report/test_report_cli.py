"""`filiere report` on both backends: the format from the suffix or --format, --lang, the audit row with the
file's SHA-256, hostile evidence text kept as plain text in PDF and Word, an empty case."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from filiere.cases import get_case
from filiere.evidence import list_evidence
from filiere.report import write_case_report
from filiere.report.labels import TEXT
from filiere.store.tables import audit_log

EXAMPLE = Path(__file__).parents[2] / "examples" / "network-case" / "evidence"
HOSTILE = "<script>alert(1)</script>"


def _small_case(cli, tmp_path: Path) -> None:
    """Two intercepts and the subscribers' answer, one subscriber renamed with a hostile payload."""
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    for name in ("PV-101_ecoute_2025-05-06.txt", "PV-104_ecoute_2025-05-13.txt"):
        (evidence / name).write_text((EXAMPLE / name).read_text(encoding="utf-8"), encoding="utf-8")
    subscribers = (EXAMPLE / "abonnes_reponse_operateurs_2025-05.csv").read_text(encoding="utf-8")
    (evidence / "abonnes.csv").write_text(
        subscribers.replace("22798176305;IDRISSA;", f"22798176305;{HOSTILE};"), encoding="utf-8"
    )
    cli("case", "create", "s", "--country", "NE")
    cli("ingest", "--case", "s", str(evidence))
    cli("resolve", "--case", "s")


def _audit_rows(workspace) -> list[dict]:
    """The `report.write` rows, details parsed (the log stores them as canonical JSON text)."""
    with workspace.engine.connect() as conn:
        rows = conn.execute(
            select(audit_log).where(audit_log.c.action == "report.write").order_by(audit_log.c.id)
        ).all()
    return [{**row._mapping, "details": json.loads(row.details)} for row in rows]


def test_formats_language_and_audit(cli, workspace, tmp_path: Path) -> None:
    _small_case(cli, tmp_path)
    out = tmp_path / "out" / "s.docx"
    result = cli("report", "--case", "s", "-o", out, "--lang", "fr", "--json").json()
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert result["format"] == "docx" and result["language"] == "fr" and result["sha256"] == digest
    assert result["bytes"] == out.stat().st_size
    rows = _audit_rows(workspace)
    assert len(rows) == 1
    row = rows[0]
    assert row["actor"] == workspace.actor and row["object_type"] == "case"
    assert row["case_id"] == get_case(workspace, "s").id
    assert row["details"] == {
        "format": "docx",
        "language": "fr",
        "output": "s.docx",
        "sha256": digest,
        "size": out.stat().st_size,
    }
    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert TEXT["fr"]["qualification"] in headings and TEXT["en"]["qualification"] not in headings

    # --lang switches the report's language; without it the interface language is used
    en = tmp_path / "en.html"
    assert cli("report", "--case", "s", "--out", en).stdout.strip() == str(en)
    fr = tmp_path / "fr.html"
    cli("report", "--case", "s", "--out", fr, "--lang", "fr")
    assert '<html lang="en">' in en.read_text(encoding="utf-8")
    page = fr.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and f"<h2>{TEXT['fr']['evidence_list']}</h2>" in page

    # --format forces the format whatever the suffix; a folder gets <case>-report.<format>
    forced = cli("report", "--case", "s", "-o", tmp_path / "copy.bin", "--format", "pdf", "--json").json()
    assert Path(forced["report"]).read_bytes()[:5] == b"%PDF-"
    folder = cli("report", "--case", "s", "-o", tmp_path, "--format", "pdf", "--json").json()
    assert Path(folder["report"]) == tmp_path / "s-report.pdf"

    # an unknown suffix is refused before anything is written or audited
    before = len(_audit_rows(workspace))
    bad = cli("report", "--case", "s", "-o", tmp_path / "s.odt", check=False)
    assert bad.exit_code == 1 and ".html, .pdf or .docx" in bad.stderr + bad.stdout
    assert not (tmp_path / "s.odt").exists() and len(_audit_rows(workspace)) == before
    bad = cli("report", "--case", "s", "-o", tmp_path / "s.pdf", "--format", "odt", check=False)
    assert bad.exit_code == 1 and "odt" in bad.stderr + bad.stdout
    assert [r["details"]["format"] for r in _audit_rows(workspace)] == ["docx", "html", "html", "pdf", "pdf"]


def test_hostile_text_is_plain_text_in_pdf_and_docx(cli, workspace, tmp_path: Path) -> None:
    _small_case(cli, tmp_path)
    case = get_case(workspace, "s")
    pdf = write_case_report(workspace, case, tmp_path / "s.pdf", "en")
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert HOSTILE in text
    html = write_case_report(workspace, case, tmp_path / "s.html", "en").read_text(encoding="utf-8")
    assert html.count("<script") == 1 and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for anchor in ("summary", "chart", "qualification", "mla", "evidence"):
        assert f'<section id="{anchor}">' in html
    for original in list_evidence(workspace, case):
        assert f"<code>{original['sha256']}</code>" in html and f'id="ev-{original["id"]}"' in html
    docx = write_case_report(workspace, case, tmp_path / "s.docx", "en")
    document = Document(str(docx))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any(HOSTILE in c for c in cells)


def test_an_empty_case_still_gives_every_format(cli, workspace, tmp_path: Path) -> None:
    cli("case", "create", "empty", "--country", "ML")
    case = get_case(workspace, "empty")
    pdf = write_case_report(workspace, case, tmp_path / "e.pdf", "fr")
    texts = [p.extract_text() for p in PdfReader(pdf).pages]
    assert len(texts) >= 2 and TEXT["fr"]["chart_empty"].split("(")[0].strip() in " ".join(texts)
    document = Document(str(write_case_report(workspace, case, tmp_path / "e.docx", "fr")))
    assert len(document.inline_shapes) == 0  # no chart, no map: nothing to draw
    assert TEXT["fr"]["no_suspect"] in [p.text for p in document.paragraphs]
