"""The request as DOCX and PDF: every section under its heading, numbered paragraphs, the evidence annex,
the wording complete in both languages, and LibreOffice able to open the Word file."""

from __future__ import annotations

import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from filiere.mla import render_pdf as pdf_module
from filiere.mla.render_docx import render_docx
from filiere.mla.render_pdf import render_pdf
from filiere.mla.request import SECTIONS
from filiere.mla.texts import heading, layout, wording
from tests.mla.test_request import NUMBER, RECRUITER, sample_request

EXPECTED_FR = [
    "Autorité requérante",
    "Autorité requise",
    "Fondement juridique",
    "Urgence et confidentialité",
    "Objet et nature de la procédure",
    "Résumé des faits",
    "Infractions et dispositions applicables",
    "Assistance demandée",
    "Lien entre l'assistance demandée et les infractions",
    "Personnes concernées",
    "Procédures à suivre",
    "Délais d'exécution",
    "Contacts",
]


def section_headings(language: str) -> list[str]:
    """ "1. Autorité requérante" … "13. Contacts", then the annex (no number)."""
    return [f"{i}. {heading(s, language)}" for i, s in enumerate(SECTIONS, 1)] + [heading("annex", language)]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def docx_headings(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name == "Heading 1"]


def convert_with_libreoffice(docx: Path, out_dir: Path) -> Path:
    """soffice --headless --convert-to pdf, with its own profile so parallel runs do not collide."""
    profile = (out_dir / "lo-profile").resolve().as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = out_dir / (docx.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice wrote no PDF for {docx}"
    return pdf


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (Debian: apt-get install libreoffice-writer-nogui)",
)


def _leaves(node, path=""):
    if isinstance(node, dict) and set(node) >= {"fr", "en"}:
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}.{key}" if path else key)


def test_wording_is_complete_in_both_languages() -> None:
    leaves = dict(_leaves({k: v for k, v in wording().items() if k not in ("source", "verified")}))
    assert len(leaves) > 100
    for path, value in leaves.items():
        assert value["fr"] and value["en"], path
        fields = [
            {
                name
                for text in (value[lang] if isinstance(value[lang], list) else [value[lang]])
                for _lit, name, _spec, _conv in string.Formatter().parse(text)
                if name
            }
            for lang in ("fr", "en")
        ]
        assert fields[0] == fields[1], f"{path}: placeholders differ between fr and en"
    assert [heading(s, "fr") for s in SECTIONS] == EXPECTED_FR


def test_docx_has_headings_numbered_paragraphs_and_the_annex(tmp_path: Path) -> None:
    path = render_docx(sample_request(), tmp_path / "request.docx")
    document = Document(str(path))
    assert docx_headings(path) == section_headings("fr")
    texts = [p.text for p in document.paragraphs]
    assert "Demande d'entraide judiciaire en matière pénale" in texts
    numbered = [t for t in texts if re.match(r"^\d+\.\d+\t", t)]
    assert "6.1\tUn réseau fait passer des migrants de Bamako à Agadez." in numbered
    assert any(t.startswith("8.2\tMesure 2 — Relevés de monnaie électronique") for t in numbered)
    assert any(t.startswith("7.3\tLes faits sont également punissables") for t in numbered)
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["N°", "Pièce", "Nature", "Empreinte SHA-256"]
    assert [c.text for c in annex.rows[1].cells] == [
        "1",
        "PV-101_ecoute_2025-05-06.txt",
        "procès-verbal de retranscription d'écoutes",
        "ab" * 32,
    ]
    person_table = next(t for t in document.tables if t.rows[0].cells[1].text == RECRUITER)
    assert [r.cells[1].text for r in person_table.rows][:4] == [
        RECRUITER,
        "Doulaye",
        "personne mise en cause",
        "recruteur (coxeur)",
    ]
    assert document.sections[0].header.paragraphs[0].text == "CONFIDENTIEL — EXO-2025-041/MLA/ML"
    assert document.core_properties.language == "fr-FR"


def test_the_same_request_in_english(tmp_path: Path) -> None:
    path = render_docx(sample_request("en", "GH"), tmp_path / "request.docx")
    assert docx_headings(path)[0] == "1. Requesting authority"
    assert docx_headings(path)[-1] == "Annex — Evidence cited"
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert "Request for mutual legal assistance in criminal matters" in texts
    assert "From: Niger — To: Ghana" in texts


def test_pdf_has_every_section_and_an_outline(tmp_path: Path) -> None:
    path, warnings = render_pdf(sample_request(), tmp_path / "request.pdf")
    assert warnings == []  # DejaVu is found (fonts-dejavu-core)
    reader = PdfReader(str(path))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for title in section_headings("fr"):
        assert title in text
    assert NUMBER in text and "ab" * 32 in text.replace(" ", "")
    assert [item.title for item in reader.outline] == section_headings("fr")
    assert reader.metadata.title == "Demande d'entraide judiciaire en matière pénale"


def test_pdf_without_dejavu_falls_back_and_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf_module, "find_fonts", lambda: None)
    request = sample_request()
    request.facts += "\n\nUn nom en écriture arabe : عبد الله."
    path, warnings = render_pdf(request, tmp_path / "request.pdf")
    assert len(warnings) == 1 and "fonts-dejavu-core" in warnings[0]
    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert "Autorité requérante" in text and "???" in text


def test_layout_leaves_out_what_a_section_does_not_have() -> None:
    request = sample_request()
    request.contacts = []
    request.dual_criminality = ""
    blocks = layout(request)
    headings = [b.key for b in blocks if b.kind == "heading"]
    assert headings == [*SECTIONS, "annex"]  # the heading stays: the checker reports the gap
    assert not any("Double incrimination" in b.text for b in blocks)


@needs_soffice
def test_libreoffice_opens_the_docx(tmp_path: Path) -> None:
    docx = render_docx(sample_request(), tmp_path / "request.docx")
    text = flat(
        " ".join(p.extract_text() for p in PdfReader(str(convert_with_libreoffice(docx, tmp_path))).pages)
    )
    for title in section_headings("fr"):
        assert title in text
