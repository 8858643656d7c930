"""The case report as PDF (fpdf2): a title page with the contents, then one block after the other.

Tables repeat their header row on every page they run over and wrap long cells (fingerprints included,
set in a fixed-width font); pictures are scaled to the page; every section is a bookmark. The creation
date written in the file is the latest date of the data (last evidence ingested, last request step), so
the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

from fpdf.enums import TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace
from PIL import Image as PILImage

from filiere.fonts import find_fonts
from filiere.i18n import _
from filiere.report.document import (
    Banner,
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Image,
    Paragraph,
    Quote,
    Table,
    Text,
    plain,
)
from filiere.report.pdf_page import BODY, LINE, MUTED, ReportPdf

TABLE_SIZE = 8.0  # pt
MAX_ROW_LINES = 45  # a row taller than a page cannot be printed: longer cells are shortened (rare)
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def render_pdf(doc: Document) -> tuple[bytes, list[str]]:
    """The PDF's bytes and warnings (a font fallback)."""
    fonts = find_fonts()
    warnings = []
    if fonts is None:
        warnings.append(
            _(
                "No DejaVu font found (Debian package fonts-dejavu-core, or FILIERE_PDF_FONT_DIR): the PDF "
                "report uses Helvetica and letters outside Latin-1 are replaced by '?'."
            )
        )
    pdf = ReportPdf(doc, fonts)
    pdf.set_title(pdf.clean(f"{doc.kind} — {doc.title}"))
    pdf.set_subject(pdf.clean(doc.meta))
    pdf.set_lang(doc.language)
    pdf.set_creator("Filière")
    pdf.set_producer("Filière")
    dated = doc.dated or EPOCH
    pdf.set_creation_date(dated if dated.tzinfo else dated.replace(tzinfo=dt.UTC))
    pdf.add_page()
    _title_page(pdf, doc)
    for section in doc.sections:
        blocks = [_as_image(pdf, block) for block in section.blocks]
        _section_heading(pdf, section.title, 0, _image_room(pdf, blocks[0]) if blocks else 0)
        for block in blocks:
            _draw(pdf, block)
    return bytes(pdf.output()), warnings


def _title_page(pdf: ReportPdf, doc: Document) -> None:
    pdf.ln(6)
    pdf.set_font(pdf.family, "B", 18)
    pdf.multi_cell(0, 9, pdf.clean(doc.title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(pdf.family, "", 10)
    pdf.multi_cell(0, LINE + 0.6, pdf.clean(doc.meta), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    if doc.banner:
        _draw(pdf, Banner(doc.banner))
    pdf.set_font(pdf.family, "", BODY)
    pdf.multi_cell(0, LINE, pdf.clean(doc.summary), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.insert_toc_placeholder(_contents(doc), pages=1)


def _contents(doc: Document):
    def render(pdf: ReportPdf, outline: list) -> None:
        pdf.set_x(pdf.l_margin)
        pdf.set_font(pdf.family, "B", 12)
        pdf.cell(0, 8, pdf.clean(doc.contents), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(pdf.family, "", 10)
        for entry in outline:
            if entry.level:
                continue
            link = pdf.add_link(page=entry.page_number)
            pdf.cell(pdf.epw - 15, 6.5, pdf.fit(entry.name, pdf.epw - 17), link=link)
            pdf.cell(
                15, 6.5, str(entry.page_number), align="R", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )

    return render


def _as_image(pdf: ReportPdf, block: Block) -> Block:
    """The link chart as the picture the paged formats print."""
    if not isinstance(block, Chart):
        return block
    from filiere.report.images import network_png

    return Image(network_png(list(block.nodes), list(block.edges), pdf.doc.language), block.caption)


def _image_room(pdf: ReportPdf, block: Block) -> float:
    """The height a picture opening a section needs, so that its heading goes to the page it is on."""
    return _image_size(pdf, block.png)[1] + 12 if isinstance(block, Image) else 0


def _section_heading(pdf: ReportPdf, title: str, level: int, keep_with: float = 0) -> None:
    size = (14, 11.5, 10)[min(level, 2)]
    # never a heading alone at the foot of a page, nor above the space its opening picture cannot fill
    room = max((40, 30, 22)[min(level, 2)], keep_with + 14)
    if pdf.will_page_break(room):
        pdf.add_page()
    elif pdf.get_y() > pdf.t_margin + 1:
        pdf.ln((6, 2.5, 1.5)[min(level, 2)])
    text = pdf.clean(title)
    if level <= 1:
        pdf.start_section(text, level=level)
    pdf.set_font(pdf.family, "B", size)
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if level == 0:
        pdf.set_draw_color(180, 180, 180)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
        pdf.ln(3)
    else:
        pdf.ln(1)


def _draw(pdf: ReportPdf, block: Block) -> None:
    if isinstance(block, Heading):
        _section_heading(pdf, block.text, 1 if block.level <= 2 else 2)
    elif isinstance(block, Paragraph):
        colour = MUTED if block.style in ("muted", "hint") else (0, 0, 0)
        runs = tuple(Text(r.text, bold=True) if isinstance(r, Text) else r for r in block.runs)
        pdf.runs(runs if block.style == "lead" else block.runs, italic=block.style == "hint", colour=colour)
        pdf.ln(1.5)
    elif isinstance(block, Quote):
        _indented(pdf, lambda: pdf.runs(block.runs, colour=(40, 40, 40)), 6)
        pdf.ln(1)
    elif isinstance(block, Bullets):
        for item in block.items:
            pdf.set_x(pdf.l_margin + 2)
            pdf.set_font(pdf.family, "", BODY)
            pdf.cell(4, LINE, pdf.clean("•"))
            _indented(pdf, lambda item=item: pdf.runs(item), 6)
        pdf.ln(1.5)
    elif isinstance(block, Banner):
        pdf.set_font(pdf.family, "B", 10)
        pdf.set_text_color(155, 28, 28)
        pdf.set_fill_color(253, 235, 208)
        pdf.multi_cell(
            0, 6, pdf.clean(block.text), border=1, align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_text_color(0, 0, 0)
        pdf.set_fill_color(255, 255, 255)
        pdf.ln(3)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Image):
        _image(pdf, block.png, block.caption)
    elif isinstance(block, Chart):
        _draw(pdf, _as_image(pdf, block))
    else:  # pragma: no cover - the model has no other block
        raise TypeError(block)


def _indented(pdf: ReportPdf, write, indent: float) -> None:
    """Text that wraps back to an indented margin (fpdf2's write() wraps to the left margin)."""
    left = pdf.l_margin
    pdf.set_left_margin(left + indent)
    pdf.set_x(left + indent)
    try:
        write()
    finally:
        pdf.set_left_margin(left)


def _table(pdf: ReportPdf, table: Table) -> None:
    widths = table.widths or tuple(1.0 for _ in table.headers)
    total = sum(widths)
    plain_face = FontFace(family=pdf.family, emphasis="", size_pt=TABLE_SIZE)
    bold_face = FontFace(family=pdf.family, emphasis="BOLD", size_pt=TABLE_SIZE)
    mono_face = FontFace(family=pdf.mono, emphasis="", size_pt=TABLE_SIZE - 1.5)
    head_face = FontFace(family=pdf.family, emphasis="BOLD", size_pt=TABLE_SIZE, fill_color=(232, 234, 236))
    aligns = tuple("RIGHT" if i in table.numeric else "LEFT" for i in range(len(table.headers)))
    pdf.set_font(pdf.family, "", TABLE_SIZE)
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        headings_style=head_face,
        line_height=TABLE_SIZE * 0.45,
        padding=(0.8, 1.2),
        repeat_headings=1,
        cell_fill_mode=TableCellFillMode.NONE,
        width=pdf.epw,
    ) as grid:
        head = grid.row()
        for header in table.headers:
            head.cell(pdf.clean(header))
        for values in table.rows:
            row = grid.row()
            for i, cell in enumerate(values):
                face = plain_face
                if i in table.mono or (cell and all(isinstance(r, Text) and r.mono for r in cell)):
                    face = mono_face
                elif cell and all(isinstance(r, Text) and r.bold for r in cell):
                    face = bold_face
                width = pdf.epw * widths[i] / total
                row.cell(pdf.clean(_bounded(pdf, plain(cell), width, face.size_pt)), style=face)
    pdf.ln(3)


def _bounded(pdf: ReportPdf, text: str, width: float, size: float) -> str:
    """A cell's text, shortened only when it would not fit on one page."""
    per_line = max(8, int(width / (size * 0.3528 * 0.55)))
    limit = per_line * MAX_ROW_LINES
    return text if len(text) <= limit else text[: limit - 1] + ("…" if pdf.unicode else "...")


def _image_size(pdf: ReportPdf, png: bytes) -> tuple[float, float]:
    """Width and height on the page: the text width, or less so that it fits one page with its caption."""
    with PILImage.open(io.BytesIO(png)) as picture:
        px_w, px_h = picture.size
    width = pdf.epw
    height = width * px_h / max(px_w, 1)
    room = pdf.h - pdf.b_margin - pdf.t_margin - 14 - 30  # a full page, less the caption and a heading
    if height > room:
        width, height = width * room / height, room
    return width, height


def _image(pdf: ReportPdf, png: bytes, caption: str) -> None:
    width, height = _image_size(pdf, png)
    if pdf.will_page_break(height + 12):
        pdf.add_page()
    x = pdf.l_margin + (pdf.epw - width) / 2
    pdf.image(io.BytesIO(png), x=x, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 1.5)
    pdf.set_font(pdf.family, "I", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4, pdf.clean(caption), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
