"""The request as PDF (fpdf2), from the same blocks as the Word document: same sections, same numbers.

PDF needs a font that holds every letter of the request (é, œ, «, —, names in any script). We embed DejaVu
Sans, which Debian ships in fonts-dejavu-core; FILIERE_PDF_FONT_DIR may point to another folder holding the
DejaVu files. Without it the PDF falls back to Helvetica, which only knows Latin-1: the letters it lacks
are replaced and the caller is told so (a warning the CLI prints), never silently.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from filiere.fonts import find_fonts
from filiere.i18n import _
from filiere.mla.request import Request
from filiere.mla.texts import Block, layout, word

_PLAIN = str.maketrans(
    {"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "\u202f": " ", "•": "-"}
)
LINE = 5.2


class _Pdf(FPDF):
    def __init__(self, request: Request, fonts: dict[str, Path] | None):
        super().__init__(format="A4")
        self.request = request
        self.unicode = fonts is not None
        if fonts:
            for style in ("", "B", "I"):
                self.add_font("DejaVu", style, str(fonts[style]))
            self.add_font("DejaVuMono", "", str(fonts["mono"]))
        self.family = "DejaVu" if fonts else "helvetica"
        self.mono = "DejaVuMono" if fonts else "courier"
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(True, margin=18)

    def clean(self, text: str) -> str:
        if self.unicode:
            return text
        text = unicodedata.normalize("NFC", text.translate(_PLAIN))
        return text.encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        lang = self.request.language
        marks = [word("document.confidential_banner", lang)] if self.request.confidential else []
        marks += [self.request.reference] if self.request.reference else []
        if marks:
            self.set_font(self.family, "", 8)
            self.cell(0, 5, self.clean(" — ".join(marks)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(2)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", 8)
        self.cell(
            0, 6, self.clean(word("document.page", self.request.language, page=self.page_no())), align="C"
        )

    def text_block(
        self,
        text: str,
        size: float = 10,
        style: str = "",
        align: str = "J",
        indent: float = 0,
        lead: str = "",
    ) -> None:
        self.set_font(self.family, style, size)
        self.set_x(self.l_margin)
        if lead:
            self.set_font(self.family, "B", size)
            self.cell(indent, LINE, self.clean(lead))
            self.set_font(self.family, style, size)
        elif indent:
            self.set_x(self.l_margin + indent)
        self.multi_cell(0, LINE, self.clean(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def fields(self, rows: list[list[str]], header: list[str] | None = None, mono: int | None = None) -> None:
        self.set_font(self.family, "", 9)
        widths = (10, 58, 32, 66) if header and len(header) == 4 else (45, 121)
        plain = FontFace(family=self.family, emphasis="", size_pt=9)
        bold = FontFace(family=self.family, emphasis="BOLD", size_pt=9)
        digest = FontFace(family=self.mono, emphasis="", size_pt=6.5)
        with self.table(
            col_widths=widths,
            text_align="LEFT",
            first_row_as_headings=bool(header),
            headings_style=bold,
            line_height=LINE,
        ) as table:
            for i, values in enumerate(([header] if header else []) + rows):
                row = table.row()
                for j, value in enumerate(values):
                    style = plain
                    if header and i == 0:
                        style = bold
                    elif mono is not None and j == mono:
                        style = digest
                    elif not header and j == 0:
                        style = bold
                    row.cell(self.clean(value), style=style)
        self.ln(3)


def _draw(pdf: _Pdf, block: Block) -> None:
    if block.kind == "banner":
        pdf.set_text_color(155, 28, 28)
        pdf.text_block(block.text, 10, "B", align="C")
        pdf.set_text_color(0, 0, 0)
    elif block.kind == "title":
        pdf.ln(2)
        pdf.text_block(block.text, 16, "B", align="C")
        pdf.ln(2)
    elif block.kind == "meta":
        pdf.text_block(block.text, 10, align="C")
    elif block.kind == "intro":
        pdf.ln(3)
        pdf.text_block(block.text)
    elif block.kind == "heading":
        title = f"{block.number}. {block.text}" if block.number else block.text
        pdf.ln(3)
        if pdf.will_page_break(20):
            pdf.add_page()
        pdf.start_section(pdf.clean(title), level=0)
        pdf.text_block(title, 12.5, "B", align="L")
        pdf.ln(1)
    elif block.kind == "subheading":
        pdf.ln(1)
        pdf.text_block(block.text, 10.5, "B", align="L")
    elif block.kind == "para":
        if block.number:
            pdf.text_block(block.text, indent=12, lead=block.number)
        else:
            pdf.text_block(block.text)
        pdf.ln(1.5)
    elif block.kind == "item":
        pdf.set_x(pdf.l_margin + 8)
        pdf.set_font(pdf.family, "", 10)
        pdf.cell(5, LINE, pdf.clean("•"))
        pdf.multi_cell(0, LINE, pdf.clean(block.text), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.5)
    elif block.kind == "fields":
        if block.rows:
            pdf.fields(block.rows)
    elif block.kind == "table":
        pdf.fields(block.rows, block.header, mono=len(block.header) - 1)
    elif block.kind == "signature":
        pdf.ln(6)
        pdf.text_block(block.text, align="R")
        for row in block.rows:
            if row[0]:
                pdf.text_block(row[0], align="R")
        pdf.ln(4)


def render_pdf(request: Request, path: str | Path) -> tuple[Path, list[str]]:
    """Write the request to `path` (.pdf); returns the path and warnings (a font fallback)."""
    path = Path(path)
    fonts = find_fonts()
    warnings = []
    if fonts is None:
        warnings.append(
            _(
                "No DejaVu font found (Debian package fonts-dejavu-core, or FILIERE_PDF_FONT_DIR): {path} "
                "uses Helvetica and letters outside Latin-1 are replaced by '?'. The DOCX is complete."
            ).format(path=path)
        )
    pdf = _Pdf(request, fonts)
    pdf.set_title(word("document.title", request.language))
    pdf.set_subject(request.reference)
    pdf.set_lang(request.language)
    pdf.set_creator("Filière")
    pdf.add_page()
    for block in layout(request):
        _draw(pdf, block)
    pdf.output(str(path))
    return path, warnings
