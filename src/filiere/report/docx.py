"""The case report as a Word document (python-docx), for a prosecutor who edits or annexes it.

Section titles use Word's Heading styles, so the navigation pane and a table of contents work; tables
repeat their header row on each page; the footer holds "page N / M" as PAGE and NUMPAGES fields, which
Word and LibreOffice fill in; the link chart and the route map are pictures in the text.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from PIL import Image as PILImage

from filiere.report.document import (
    Banner,
    Block,
    Break,
    Bullets,
    Chart,
    Cite,
    Document,
    Heading,
    Image,
    Paragraph,
    Quote,
    Runs,
    Table,
    Text,
)

LOCALES = {"fr": "fr-FR", "en": "en-GB"}
WIDTH_CM = 17.0  # A4 less 2 cm margins
MAX_HEIGHT_CM = 21.0
MONO = "DejaVu Sans Mono"
GREY = RGBColor(0x6E, 0x6E, 0x6E)
RED = RGBColor(0x9B, 0x1C, 0x1C)
BLUE = RGBColor(0x1F, 0x4E, 0x79)


def render_docx(doc: Document) -> bytes:
    word = new_document()
    _setup(word, doc)
    word.add_heading(doc.title, level=0)
    word.add_paragraph(doc.meta)
    if doc.banner:
        _block(word, Banner(doc.banner), doc)
    word.add_paragraph(doc.summary)
    for section in doc.sections:
        word.add_heading(section.title, level=1)
        for block in section.blocks:
            _block(word, block, doc)
    out = io.BytesIO()
    word.save(out)
    return _stable(out.getvalue(), doc.dated)


def _stable(package: bytes, dated: dt.datetime | None) -> bytes:
    """The same package with every member dated from the data (python-docx dates them now), so the same
    data gives the same bytes."""
    stamp = (dated or dt.datetime(2000, 1, 1)).timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def _setup(word, doc: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = word.styles["Normal"]
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LOCALES.get(doc.language, doc.language))
    props = word.core_properties
    props.title = f"{doc.kind} — {doc.title}"
    props.subject = doc.meta
    props.language = LOCALES.get(doc.language, doc.language)
    props.author = "Filière"
    props.last_modified_by = "Filière"
    props.comments = doc.footer
    if doc.dated:
        dated = doc.dated.replace(tzinfo=None, microsecond=0)
        props.created = props.modified = dated
    props.revision = 1
    header = section.header.paragraphs[0]
    header.text = ""
    header.add_run(f"{doc.title} — {doc.kind}    ").font.size = Pt(8)
    mark = header.add_run(doc.mark)
    mark.bold, mark.font.size, mark.font.color.rgb = True, Pt(8), RED
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, rest = doc.page.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    footer.add_run(before)
    _field(footer, "PAGE")
    footer.add_run(middle)
    _field(footer, "NUMPAGES")
    footer.add_run(after)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word and LibreOffice print its value there."""
    run = paragraph.add_run()
    for tag, kind in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "separate")):
        node = OxmlElement(tag)
        if kind:
            node.set(qn("w:fldCharType"), kind)
        else:
            node.set(qn("xml:space"), "preserve")
            node.text = code
        run._r.append(node)
    paragraph.add_run("1")  # shown until the reader's program updates the field
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _runs(paragraph, runs: Runs, italic: bool = False, grey: bool = False, size: float | None = None) -> None:
    for run in runs:
        if isinstance(run, Break):
            paragraph.add_run().add_break()
            continue
        if isinstance(run, Cite):
            piece = paragraph.add_run(run.plain())
            piece.font.color.rgb = BLUE
        else:
            assert isinstance(run, Text)
            piece = paragraph.add_run(run.text)
            piece.bold = run.bold or None
            piece.italic = (run.italic or italic) or None
            if run.mono:
                piece.font.name = MONO
            if run.muted or grey:
                piece.font.color.rgb = GREY
        if size:
            piece.font.size = Pt(size)


def _block(word, block: Block, doc: Document) -> None:
    if isinstance(block, Heading):
        word.add_heading(block.text, level=2 if block.level <= 2 else 3)
    elif isinstance(block, Paragraph):
        paragraph = word.add_paragraph()
        runs = tuple(Text(r.text, bold=True) if isinstance(r, Text) else r for r in block.runs)
        _runs(
            paragraph,
            runs if block.style == "lead" else block.runs,
            block.style == "hint",
            block.style != "body",
        )
    elif isinstance(block, Quote):
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.8)
        _runs(paragraph, block.runs)
    elif isinstance(block, Bullets):
        for item in block.items:
            _runs(word.add_paragraph(style="List Bullet"), item)
    elif isinstance(block, Banner):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(block.text)
        run.bold, run.font.color.rgb = True, RED
    elif isinstance(block, Table):
        _table(word, block)
    elif isinstance(block, Image):
        _picture(word, block.png, block.caption)
    elif isinstance(block, Chart):
        from filiere.report.images import network_png

        _picture(word, network_png(list(block.nodes), list(block.edges), doc.language), block.caption)
    else:  # pragma: no cover - the model has no other block
        raise TypeError(block)


def _table(word, table: Table) -> None:
    grid = word.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = table.widths or tuple(1.0 for _ in table.headers)
    cm = [Cm(WIDTH_CM * w / sum(widths)) for w in widths]
    for column, width in zip(grid.columns, cm, strict=True):
        column.width = width  # the grid LibreOffice reads; Word reads the cells' widths
    head = grid.rows[0]
    _repeat_header(head)
    for i, text in enumerate(table.headers):
        cell = head.cells[i]
        cell.width = cm[i]
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(8)
    for values in table.rows:
        cells = grid.add_row().cells
        for i, value in enumerate(values):
            cells[i].width = cm[i]
            paragraph = cells[i].paragraphs[0]
            if i in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _runs(paragraph, value, size=7 if i in table.mono else 8)
            if i in table.mono:
                for run in paragraph.runs:
                    run.font.name = MONO
    word.add_paragraph()


def _repeat_header(row) -> None:
    """Mark the row as a header row: Word repeats it at the top of each page the table runs over."""
    props = row._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    props.append(node)


def _picture(word, png: bytes, caption: str) -> None:
    with PILImage.open(io.BytesIO(png)) as picture:
        px_w, px_h = picture.size
    width = WIDTH_CM - 1
    width = min(width, MAX_HEIGHT_CM * px_w / max(px_h, 1))  # a tall picture fits the page
    word.add_picture(io.BytesIO(png), width=Cm(width))
    word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(caption)
    run.italic, run.font.size, run.font.color.rgb = True, Pt(8.5), GREY
