"""The case report as PDF and Word, on the network example and on a generated case, in French and English:
the PDF rendered to pictures (pdftoppm) and read back (pypdf), the DOCX opened with python-docx and
converted by LibreOffice headless."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from filiere.cases import get_case
from filiere.qualify.run import qualify_case
from filiere.report import WrittenReport, write_report
from filiere.report.labels import TEXT
from filiere.report.terms import MLA_STATUS, TABLES
from filiere.workspace import Workspace
from tests.mla.test_render import convert_with_libreoffice, needs_soffice
from tests.support.cli import CliRunner

EXAMPLE = Path(__file__).parents[2] / "examples" / "network-case" / "evidence"
RECRUITER_NUMBER = "+22376315842"  # a recruiter of the network example (fictional)
SECTIONS = (
    "summary_title",
    "chart",
    "key_players",
    "roles",
    "communities",
    "phones",
    "timeline",
    "route",
    "qualification",
    "mla",
    "evidence_list",
)
CASES = ("nc", "gen")
LANGUAGES = ("fr", "en")


@dataclass
class Built:
    ws: Workspace
    folder: Path
    reports: dict[tuple[str, str, str], WrittenReport]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """Both cases in one SQLite workspace, a request drafted, sent and answered, and every report written."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FILIERE_LANG", "en")
        env.setenv("FILIERE_USER", "test-officer")
        folder = tmp_path_factory.mktemp("report-docs")
        cli = CliRunner(folder / "ws", None)
        cli("case", "create", "nc", "--country", "NE", "--title", "DEMO — réseau (données fictives)")
        cli("ingest", "--case", "nc", str(EXAMPLE))
        cli("resolve", "--case", "nc")
        cli(
            "mla", "draft", "--case", "nc", "--to", "ML", "-m", f"subscriber:{RECRUITER_NUMBER}",
            "--authority", "Juge d'instruction, Pôle judiciaire spécialisé de Niamey (fictif)",
            "--contact", "Juge ALI (fictif), +227 20 00 00 00, pjs@example.org", "-o", folder / "req.docx",
        )  # fmt: skip
        cli("mla", "status", "--case", "nc", "1", "sent", "--on", "2025-06-10", "--despite-errors", "test")
        cli("mla", "receive", "--case", "nc", "1", "--evidence", "16", "--on", "2025-06-20")
        cli("generate", folder / "gen", "--seed", "5", "--size", "small")
        cli("case", "create", "gen", "--country", "NE")
        cli("ingest", "--case", "gen", folder / "gen" / "evidence")
        cli("resolve", "--case", "gen")
        ws = Workspace.open(folder / "ws", None)
        reports = {
            (slug, lang, fmt): write_report(ws, get_case(ws, slug), folder / f"{slug}-{lang}.{fmt}", lang)
            for slug in CASES
            for lang in LANGUAGES
            for fmt in ("pdf", "docx")
        }
        yield Built(ws, folder, reports)
        ws.close()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def facts(built: Built, slug: str) -> tuple[list[str], list[str], set[int]]:
    """Suspects' names, the originals' SHA-256 and their numbers, read from the case itself."""
    case = get_case(built.ws, slug)
    suspects = [s["name"] for s in qualify_case(built.ws, case)["suspects"]]
    from filiere.evidence import list_evidence

    originals = list_evidence(built.ws, case)
    return suspects, [e["sha256"] for e in originals], {e["id"] for e in originals}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", CASES)
def test_pdf_pages_text_and_citations(built: Built, slug: str, lang: str, tmp_path: Path) -> None:
    written = built.reports[(slug, lang, "pdf")]
    assert written.path.read_bytes()[:5] == b"%PDF-" and written.warnings == []

    # rendered to pictures: several pages, none blank
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(written.path), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 2
    for page in pages:
        with Image.open(page) as picture:
            grey = picture.convert("L")
            dark = sum(grey.histogram()[:200])
            assert dark > 0.005 * grey.width * grey.height, f"{page.name} is blank"

    # read back: every page numbered "page N / M", every section title, every suspect, every fingerprint
    texts = [p.extract_text() for p in PdfReader(written.path).pages]
    assert len(texts) == len(pages)
    for number, text in enumerate(texts, start=1):
        assert f"page {number} / {len(texts)}" in text
    whole = flat("\n".join(texts))
    other = "en" if lang == "fr" else "fr"
    for key in SECTIONS:
        assert TEXT[lang][key] in whole
    assert TEXT[other]["qualification"] not in whole and TEXT[other]["evidence_list"] not in whole
    suspects, digests, numbers = facts(built, slug)
    assert suspects and all(name in whole for name in suspects)
    packed = re.sub(r"\s+", "", whole)
    assert all(digest in packed for digest in digests)
    cited = {int(n) for n in re.findall(r"#(\d+)", whole)}
    assert cited and cited <= numbers
    assert (TEXT[lang]["generated_banner"] in whole) is True  # both cases say they are not real


def test_pdf_is_the_same_bytes_for_the_same_data(built: Built) -> None:
    again = write_report(built.ws, get_case(built.ws, "nc"), built.folder / "again.pdf", "fr")
    first = built.reports[("nc", "fr", "pdf")]
    assert again.sha256 == first.sha256 and again.path.read_bytes() == first.path.read_bytes()
    again = write_report(built.ws, get_case(built.ws, "nc"), built.folder / "again.docx", "fr")
    assert again.path.read_bytes() == built.reports[("nc", "fr", "docx")].path.read_bytes()


def _footer_fields(document) -> list[str]:
    xml = document.sections[0].footer._element.xml
    return re.findall(r"<w:instrText[^>]*>\s*(\w+)\s*</w:instrText>", xml)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", CASES)
def test_docx_headings_tables_pictures_and_footer(built: Built, slug: str, lang: str) -> None:
    document = Document(str(built.reports[(slug, lang, "docx")].path))
    t = TEXT[lang]
    level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level1 == [t[key] for key in SECTIONS]
    level2 = " ".join(p.text for p in document.paragraphs if p.style.name == "Heading 2")
    suspects, digests, _numbers = facts(built, slug)
    assert all(name in level2 for name in suspects)
    assert len(document.inline_shapes) >= 2  # the link chart and the route map
    assert _footer_fields(document) == ["PAGE", "NUMPAGES"]
    assert t["confidential"] in document.sections[0].header.paragraphs[0].text
    assert len(document.tables) >= 8
    for table in document.tables:  # every table repeats its header row on each page
        assert 'w:tblHeader w:val="true"' in table.rows[0]._tr.xml
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert set(digests) <= cells
    index = next(tb for tb in document.tables if tb.rows[0].cells[-1].text == t["sha256"])
    assert len(index.rows) == len(digests) + 1


@needs_soffice
@pytest.mark.parametrize(("slug", "lang"), [("nc", "fr"), ("gen", "en")])
def test_docx_opens_in_libreoffice(built: Built, slug: str, lang: str, tmp_path: Path) -> None:
    pdf = convert_with_libreoffice(built.reports[(slug, lang, "docx")].path, tmp_path)
    texts = [p.extract_text() for p in PdfReader(pdf).pages]
    assert len(texts) >= 2
    assert f"page 1 / {len(texts)}" in texts[0] and f"page {len(texts)} / {len(texts)}" in texts[-1]
    assert TEXT[lang]["evidence_list"] in flat(" ".join(texts))


def test_requests_section_shows_the_request_and_what_came_back(built: Built) -> None:
    for lang in LANGUAGES:
        document = Document(str(built.reports[("nc", lang, "docx")].path))
        table = next(tb for tb in document.tables if tb.rows[0].cells[0].text == TEXT[lang]["mla_number"])
        row = [c.text for c in table.rows[1].cells]
        assert row[0] == "1" and "(ML)" in row[2] and row[3] == MLA_STATUS[lang]["sent"]
        assert row[4] == "2025-06-10" and row[5] > "2025-06-10" and row[6] == "#16"
    document = Document(str(built.reports[("gen", "en", "docx")].path))
    assert TEXT["en"]["no_mla"] in [p.text for p in document.paragraphs]


def test_vocabulary_tables_are_complete() -> None:
    for table in TABLES:
        assert set(table["fr"]) == set(table["en"])
        assert all(table["fr"].values()) and all(table["en"].values())
