"""The PDF page of the case report (fpdf2): A4, fonts, the running header and the "page N / M" footer.

Every page carries the case's name and the confidentiality mark, because a printed report travels page by
page (a copy for the defence, an annex to a request abroad). The fonts are DejaVu (filiere.fonts), which
hold every letter of a name; without them the PDF falls back to Helvetica, which only knows Latin-1, and
the missing letters are replaced (the caller gets a warning, as for the MLA requests).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from filiere.report.document import Break, Cite, Document, Runs, Text

_PLAIN = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "\u202f": " ",
        "•": "-",
        "→": "->",
        "≥": ">=",
    }
)
NB_PAGES = "{filiere:pages}"  # the alias fpdf2 replaces with the page count (never left in evidence text)
LINE = 4.6  # mm per line of body text
BODY = 9.5  # pt
MARGIN = 18  # mm
MUTED = (110, 110, 110)


class ReportPdf(FPDF):
    def __init__(self, doc: Document, fonts: dict[str, Path] | None):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc = doc
        self.unicode = fonts is not None
        if fonts:
            for style in ("", "B", "I"):
                self.add_font("DejaVu", style, str(fonts[style]))
            self.add_font("DejaVu", "BI", str(fonts["B"]))  # no bold oblique needed: bold reads first
            self.add_font("DejaVuMono", "", str(fonts["mono"]))
        self.family = "DejaVu" if fonts else "helvetica"
        self.mono = "DejaVuMono" if fonts else "courier"
        self.set_margins(MARGIN, MARGIN + 4, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.alias_nb_pages(NB_PAGES)

    def clean(self, text: str) -> str:
        """The text as the font can print it: unchanged with DejaVu; Latin-1 with Helvetica. The page-count
        alias written in a piece of evidence is broken so that fpdf2 does not replace it."""
        text = text.replace(NB_PAGES, "{filiere :pages}")
        if self.unicode:
            return text
        text = unicodedata.normalize("NFC", text.translate(_PLAIN))
        return text.encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        self.set_y(8)
        self.set_font(self.family, "", 7.5)
        self.set_text_color(*MUTED)
        mark = self.clean(self.doc.mark)
        mark_width = self.get_string_width(mark) + 2
        title = self.fit(self.clean(f"{self.doc.title} — {self.doc.kind}"), self.epw - mark_width - 4)
        self.cell(self.epw - mark_width, 5, title, align="L")
        self.set_font(self.family, "B", 7.5)
        self.set_text_color(155, 28, 28)
        self.cell(mark_width, 5, mark, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, 13.5, self.w - self.r_margin, 13.5)
        self.set_text_color(0, 0, 0)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.doc.page.format(page=self.page_no(), pages=NB_PAGES), align="C")
        self.set_text_color(0, 0, 0)

    def fit(self, text: str, width: float) -> str:
        """`text` shortened with "…" (or "...") to fit `width` mm in the current font."""
        if self.get_string_width(text) <= width:
            return text
        ellipsis = "…" if self.unicode else "..."
        while text and self.get_string_width(text + ellipsis) > width:
            text = text[:-1]
        return text.rstrip() + ellipsis

    def _keep_word(self, text: str) -> None:
        """Go to the next line when a run's first word does not fit in what is left of this one: write()
        would otherwise cut it ("#3" here, "6" below)."""
        word = self.clean(text).split(" ", 1)[0]
        left = self.w - self.r_margin - self.get_x() - 2 * self.c_margin - 0.2
        if word and self.get_x() > self.l_margin + 0.5 and self.get_string_width(word) > left:
            self.ln(LINE)

    def runs(self, runs: Runs, size: float = BODY, italic: bool = False, colour: tuple = (0, 0, 0)) -> None:
        """Write mixed runs (bold, mono, citations) as one flowing paragraph; text is never markup."""
        for run in runs:
            if isinstance(run, Break):
                self.ln(LINE)
                continue
            if isinstance(run, Cite):
                self.set_font(self.family, "I" if italic else "", size)
                self.set_text_color(31, 78, 121)
                self._keep_word(run.plain())
                self.write(LINE, self.clean(run.plain()))
                self.set_text_color(*colour)
                continue
            assert isinstance(run, Text)
            style = ("B" if run.bold else "") + ("I" if run.italic or italic else "")
            if run.mono:
                self.set_font(self.mono, "", size - 0.5)
            else:
                self.set_font(self.family, style, size)
            self.set_text_color(*(MUTED if run.muted else colour))
            self._keep_word(run.text)
            self.write(LINE, self.clean(run.text))
            self.set_text_color(*colour)
        self.set_text_color(0, 0, 0)
        self.ln(LINE)
