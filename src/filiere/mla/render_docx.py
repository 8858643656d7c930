"""The request as a Word document (python-docx): real headings, numbered paragraphs, tables, an annex.

Headings use Word's Heading styles so the document has an outline a central authority can navigate and
edit; paragraph numbers are written in the text (1.1, 1.2…) so they survive any conversion.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from filiere.mla.request import Request
from filiere.mla.texts import Block, layout, word

_LOCALES = {"fr": "fr-FR", "en": "en-GB"}
_DARK_RED = RGBColor(0x9B, 0x1C, 0x1C)


def _set_language(document, lang: str) -> None:
    """Mark the text's language so Word's spelling and hyphenation follow the request's language."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    node = rpr.find(qn("w:lang"))
    if node is None:
        node = OxmlElement("w:lang")
        rpr.append(node)
    node.set(qn("w:val"), _LOCALES.get(lang, lang))


def _page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice print the page number there."""
    run = paragraph.add_run()
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
        node = OxmlElement(tag)
        if attr:
            node.set(qn("w:fldCharType"), attr)
        else:
            node.set(qn("xml:space"), "preserve")
            node.text = "PAGE"
        run._r.append(node)


def _header_footer(document, request: Request) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, as courts in the region use
    section.left_margin = section.right_margin = Cm(2.2)
    lang = request.language
    marks = []
    if request.confidential:
        marks.append(word("document.confidential_banner", lang))
    if request.reference:
        marks.append(request.reference)
    header = section.header.paragraphs[0]
    header.text = " — ".join(marks)
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = word("document.page", lang, page="").strip()
    footer.add_run(f"{label} ")
    _page_field(footer)


_WIDTHS = {2: (Cm(5), Cm(11.6)), 4: (Cm(1.2), Cm(5.4), Cm(4), Cm(6))}  # of the 16.6 cm between margins


def _table(document, rows: list[list[str]], header: list[str] | None = None, mono: int | None = None):
    columns = len(header or rows[0])
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _WIDTHS.get(columns)
    for i, values in enumerate(([header] if header else []) + rows):
        cells = table.add_row().cells
        for j, value in enumerate(values):
            if widths:
                cells[j].width = widths[j]
            run = cells[j].paragraphs[0].add_run(value)
            if (header and i == 0) or (not header and j == 0):
                run.bold = True
            if mono is not None and j == mono and not (header and i == 0):
                run.font.name = "DejaVu Sans Mono"
                run.font.size = Pt(7)
    document.add_paragraph()
    return table


def _block(document, block: Block) -> None:
    if block.kind == "banner":
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(block.text)
        run.bold = True
        run.font.color.rgb = _DARK_RED
    elif block.kind == "title":
        document.add_heading(block.text, level=0)
    elif block.kind == "meta":
        document.add_paragraph(block.text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif block.kind == "heading":
        document.add_heading(f"{block.number}. {block.text}" if block.number else block.text, level=1)
    elif block.kind == "subheading":
        document.add_heading(block.text, level=2)
    elif block.kind in ("para", "intro"):
        paragraph = document.add_paragraph()
        if block.number:
            paragraph.paragraph_format.left_indent = Cm(1.2)
            paragraph.paragraph_format.first_line_indent = Cm(-1.2)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1.2))
            paragraph.add_run(f"{block.number}\t").bold = True
        paragraph.add_run(block.text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif block.kind == "item":
        paragraph = document.add_paragraph(block.text, style="List Bullet")
        paragraph.paragraph_format.left_indent = Cm(1.8)
    elif block.kind == "fields":
        if block.rows:
            _table(document, block.rows)
    elif block.kind == "table":
        _table(document, block.rows, block.header, mono=len(block.header) - 1)
    elif block.kind == "signature":
        document.add_paragraph()
        document.add_paragraph(block.text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row in block.rows:
            if row[0]:
                document.add_paragraph(row[0]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:  # pragma: no cover - layout only makes the kinds above
        raise ValueError(block.kind)


def render_docx(request: Request, path: str | Path) -> Path:
    """Write the request to `path` (.docx) and return the path."""
    path = Path(path)
    document = Document()
    _set_language(document, request.language)
    document.styles["Normal"].font.size = Pt(10.5)
    properties = document.core_properties
    properties.title = word("document.title", request.language)
    properties.subject = request.reference
    properties.language = _LOCALES.get(request.language, request.language)
    properties.author = request.requesting_authority.name or "Filière"
    properties.comments = "Filière"
    _header_footer(document, request)
    for block in layout(request):
        _block(document, block)
    document.save(path)
    return path
