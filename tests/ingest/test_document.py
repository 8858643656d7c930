"""Document parser: PDF, DOCX and text come back as text; hostile files end in EvidenceError."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filiere.errors import EvidenceError
from filiere.ingest.document import (
    MEDIA_TYPES,
    NO_TEXT_LAYER,
    check_zip_safety,
    document_format,
    parse_document,
)

FRENCH = "Procès-verbal d'audition à Agadès : il déclare avoir payé 150 000 F."
DOCX_FIXED = datetime(2025, 4, 20, 9, 30)


def make_pdf(pages: list[str], **encryption: str) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(DOCX_FIXED)
    pdf.set_title("Rapport démo")
    pdf.set_author("OPJ Démo")
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(w=0, text=text)
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


def make_scanned_pdf(n_pages: int = 2) -> bytes:
    """Pages with only drawings, as a scan without OCR would have: no text layer."""
    pdf = FPDF()
    for _ in range(n_pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Rapport de synthèse", level=1)
    document.add_paragraph(FRENCH)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Numéro"
    table.cell(0, 1).text = "Titulaire"
    table.cell(0, 2).text = "Rôle"
    table.cell(1, 0).text = "93 07 64 19"
    table.cell(1, 1).text = "Inconnu"
    table.cell(1, 2).text = "coxeur"
    document.add_paragraph("Fin du rapport.")
    props = document.core_properties
    props.title = "Synthèse démo"
    props.author = "Lieutenant Démo"
    props.created = DOCX_FIXED
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


# --- format detection -----------------------------------------------------------------------------


def test_format_comes_from_bytes_not_name() -> None:
    assert document_format(make_pdf(["x"])) == "pdf"
    assert document_format(make_docx()) == "docx"
    assert document_format("Réf. : PV-2025-041\n".encode()) == "text"
    assert document_format("Réf. : PV\n".encode("cp1252")) == "text"
    assert document_format(b"") is None
    assert document_format(b"\x00\x01\x02binary") is None
    assert document_format(make_zip({"a.txt": b"not word"})) is None
    assert document_format(b"PK\x03\x04 truncated zip") is None


def test_format_from_the_first_bytes_only() -> None:
    """Kind detection reads only a head of the file: a DOCX cut there has no central directory."""
    data = make_docx()
    head = data[:8192]
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(head))
    assert document_format(head) == "docx"
    assert document_format(make_pdf(["x"])[:100]) == "pdf"


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    parsed = parse_document(tmp_path / "renamed.txt", make_pdf(["Agadès"]))
    assert parsed.media_type == MEDIA_TYPES["pdf"]
    assert "Agadès" in parsed.pages[0]


def test_text_named_pdf_is_refused() -> None:
    with pytest.raises(EvidenceError, match=r"named \.pdf"):
        parse_document("rapport.pdf", b"just some text\n")


def test_zip_that_is_not_docx_is_refused() -> None:
    with pytest.raises(EvidenceError, match="ZIP archive"):
        parse_document("archive.docx", make_zip({"content.xml": b"<x/>"}))


def test_old_binary_doc_is_refused() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    with pytest.raises(EvidenceError, match="neither PDF, DOCX nor text"):
        parse_document("old.doc", ole)


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_text_per_page_with_accents() -> None:
    parsed = parse_document("pv.pdf", make_pdf([FRENCH, "Deuxième page : Dirkou", ""]))
    assert len(parsed.pages) == 3
    assert "Procès-verbal" in parsed.pages[0]
    assert "Agadès" in parsed.pages[0]
    assert "déclare" in parsed.pages[0]
    assert "Dirkou" in parsed.pages[1]
    assert parsed.pages[2] == ""
    assert parsed.metadata["pages"] == "3"
    assert parsed.metadata["title"] == "Rapport démo"
    assert parsed.metadata["author"] == "OPJ Démo"
    assert parsed.metadata["created"].startswith("2025-04-20")
    assert parsed.metadata["pages_without_text"] == "3"
    assert "note" not in parsed.metadata


def test_pdf_without_text_layer_gives_empty_pages_and_a_note() -> None:
    parsed = parse_document("scan.pdf", make_scanned_pdf(2))
    assert parsed.pages == ["", ""]
    assert parsed.metadata["note"] == NO_TEXT_LAYER


def test_encrypted_pdf_with_empty_user_password_opens() -> None:
    data = make_pdf(["Sebha"], owner_password="owner", user_password="")
    parsed = parse_document("open.pdf", data)
    assert "Sebha" in parsed.pages[0]
    assert "encrypted" in parsed.metadata


def test_encrypted_pdf_with_password_is_refused() -> None:
    data = make_pdf(["Sebha"], owner_password="owner", user_password="secret")
    with pytest.raises(EvidenceError, match="encrypted") as info:
        parse_document("locked.pdf", data)
    assert info.value.path == "locked.pdf"


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_truncated_pdf_names_the_file(cut: float) -> None:
    data = make_pdf([FRENCH, "page 2"])
    with pytest.raises(EvidenceError) as info:
        parse_document("broken.pdf", data[: int(len(data) * cut)])
    assert info.value.path == "broken.pdf"
    assert "broken.pdf" in str(info.value)


def test_pdf_header_then_garbage_is_refused() -> None:
    with pytest.raises(EvidenceError, match="PDF"):
        parse_document("junk.pdf", b"%PDF-1.7\n" + b"garbage " * 200)


def test_page_limit() -> None:
    data = make_pdf(["a", "b", "c", "d"])
    assert len(parse_document("four.pdf", data, page_limit=4).pages) == 4
    with pytest.raises(EvidenceError, match="4 pages, more than the limit of 3"):
        parse_document("four.pdf", data, page_limit=3)


def test_default_page_limit_refuses_thousands_of_pages() -> None:
    pdf = FPDF()
    for _ in range(5001):
        pdf.add_page()
    with pytest.raises(EvidenceError, match="5001 pages"):
        parse_document("huge.pdf", bytes(pdf.output()))


# --- DOCX -----------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order() -> None:
    parsed = parse_document("synthese.docx", make_docx())
    assert parsed.media_type == MEDIA_TYPES["docx"]
    assert len(parsed.pages) == 1
    lines = parsed.pages[0].split("\n")
    assert lines[0] == "Rapport de synthèse"
    assert lines[1] == FRENCH
    assert lines[2] == "Numéro | Titulaire | Rôle"
    assert lines[3] == "93 07 64 19 | Inconnu | coxeur"
    assert lines[4] == "Fin du rapport."
    assert parsed.metadata["title"] == "Synthèse démo"
    assert parsed.metadata["author"] == "Lieutenant Démo"
    assert parsed.metadata["created"].startswith("2025-04-20T09:30")


def test_docx_merged_cell_is_counted_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Le Vieux"
    table.cell(0, 2).text = "Agadez"
    out = io.BytesIO()
    document.save(out)
    assert parse_document("m.docx", out.getvalue()).pages[0].strip() == "Le Vieux | Agadez"


def test_corrupt_docx_names_the_file() -> None:
    data = make_docx()
    members = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            members[name] = archive.read(name)
    members["word/document.xml"] = b"<w:document><unclosed"
    with pytest.raises(EvidenceError, match="DOCX could not be read") as info:
        parse_document("bad.docx", make_zip(members))
    assert info.value.path == "bad.docx"


def test_docx_missing_content_types_is_refused() -> None:
    with pytest.raises(EvidenceError, match="DOCX could not be read"):
        parse_document("bare.docx", make_zip({"word/document.xml": b"<x/>"}))


def test_truncated_docx_is_refused() -> None:
    data = make_docx()
    with pytest.raises(EvidenceError, match=r"bad\.docx|ZIP"):
        parse_document("bad.docx", data[: len(data) // 2])


def test_zip_bomb_total_size_is_refused_before_opening() -> None:
    bomb = make_zip({"word/document.xml": b"<x/>", "word/media/pad.bin": b"\0" * (3 * 1024 * 1024)})
    with pytest.raises(EvidenceError, match="unpack to 3 MiB, more than the limit of 2 MiB"):
        check_zip_safety("bomb.docx", bomb, max_unpacked=2 * 1024 * 1024)


def test_zip_bomb_ratio_is_refused_by_parse_document() -> None:
    # 8 MiB of zeros deflate to ~8 KiB: a ratio of ~1000:1, which no Word document has.
    bomb = make_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * (8 * 1024 * 1024)})
    with pytest.raises(EvidenceError, match="zip bomb"):
        parse_document("bomb.docx", bomb)


def test_zip_with_lying_sizes_cannot_inflate_past_the_declared_size() -> None:
    """The bomb check trusts declared sizes: a member that lies about its size must still be refused."""
    original = make_docx()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] += b" " * 100_000
    data = bytearray(make_zip(members))
    name = b"word/document.xml"
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo("word/document.xml").header_offset
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    # Declare 10 bytes uncompressed in both the local header (offset 22) and the central directory (24).
    data[local + 22 : local + 26] = (10).to_bytes(4, "little")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(EvidenceError, match="DOCX could not be read"):
        parse_document("liar.docx", bytes(data))


# --- Plain text -----------------------------------------------------------------------------------


def test_text_pages_split_on_form_feed() -> None:
    data = "Première page\n\fDeuxième page\n\f".encode("cp1252")
    parsed = parse_document("note.txt", data)
    assert parsed.pages == ["Première page\n", "Deuxième page\n"]
    assert parsed.metadata["encoding"] == "cp1252"
    assert parsed.media_type == "text/plain"


def test_empty_file_is_refused() -> None:
    with pytest.raises(EvidenceError, match="empty"):
        parse_document("empty.txt", b"  \n")


# --- Properties -----------------------------------------------------------------------------------

_FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        parsed = parse_document("any.bin", data)
    except EvidenceError as exc:
        assert exc.path == "any.bin"
    else:
        assert parsed.pages


@_FAST
@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\f\x00"), max_size=60), min_size=1
    )
)
def test_text_pages_round_trip(pages: list[str]) -> None:
    pages = [p + "." for p in pages]  # a page with text, so no page is dropped as a trailing one
    parsed = parse_document("n.txt", "\f".join(pages).encode("utf-8"))
    assert "\f".join(parsed.pages) == "\f".join(pages)
    assert len(parsed.pages) == len(pages)


_VALID_PDF = make_pdf([FRENCH, "Dirkou"])
_VALID_DOCX = make_docx()


@_FAST
@given(st.data())
def test_damaged_pdf_and_docx_only_raise_evidence_error(data: st.DataObject) -> None:
    original = data.draw(st.sampled_from([_VALID_PDF, _VALID_DOCX]), label="original")
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8), label="flips")):
        position = data.draw(st.integers(0, len(damaged) - 1))
        damaged[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(damaged) // 2, len(damaged)), label="cut")
    try:
        parse_document("damaged", bytes(damaged[:cut]))
    except EvidenceError as exc:
        assert exc.path == "damaged"


# --- The demo case --------------------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample-case"


def _sample_documents() -> list[tuple[str, dict]]:
    expected = json.loads((SAMPLE / "EXPECTED.json").read_text(encoding="utf-8"))
    return [(name, spec) for name, spec in sorted(expected["files"].items()) if spec["kind"] == "document"]


@pytest.mark.parametrize(("name", "spec"), _sample_documents())
def test_sample_case_documents(name: str, spec: dict) -> None:
    path = SAMPLE / "evidence" / name
    parsed = parse_document(path, path.read_bytes())
    assert len(parsed.pages) == spec["records"]
    assert parsed.media_type == spec["media_type"]
    assert "FICTI" in parsed.pages[0][:200].upper()
    assert "Agad" in "".join(parsed.pages)


@pytest.mark.parametrize("name", ["cdr_airtel_ne_2025-04.csv", "PV-041_ecoute_2025-04-13.txt"])
def test_sample_case_text_files_are_text(name: str) -> None:
    assert document_format((SAMPLE / "evidence" / name).read_bytes()) == "text"
