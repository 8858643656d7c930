"""The case report as a format-neutral document: built once from the gathered data, then written as HTML,
PDF or Word by a renderer that only decides how each block looks.

Why a model of our own: the three formats must say the same things in the same order with the same
evidence numbers; if each renderer read the analysis itself they would drift apart. Text here is plain
text - never markup: evidence is hostile input, so the HTML renderer escapes every string and the PDF and
Word renderers write it as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from filiere.report.chart import ChartEdge, ChartNode


@dataclass(frozen=True)
class Text:
    """A run of text; `anchor` names it for links inside the HTML report (e.g. "ev-12")."""

    text: str
    bold: bool = False
    italic: bool = False
    mono: bool = False
    muted: bool = False
    nowrap: bool = False
    anchor: str | None = None


@dataclass(frozen=True)
class Ref:
    id: int
    name: str  # the original file name, shown on hover in HTML


@dataclass(frozen=True)
class Cite:
    """Evidence numbers "#3, #12": a link to the evidence index in HTML, plain text elsewhere."""

    refs: tuple[Ref, ...]

    def plain(self) -> str:
        return ", ".join(f"#{r.id}" for r in self.refs)


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph or a table cell."""


Inline = Text | Cite | Break
Runs = tuple[Inline, ...]


def plain(runs: Runs) -> str:
    """The runs as plain text (what PDF table cells and tests read)."""
    out = []
    for run in runs:
        if isinstance(run, Text):
            out.append(run.text)
        elif isinstance(run, Cite):
            out.append(run.plain())
        else:
            out.append("\n")
    return "".join(out)


@dataclass(frozen=True)
class Heading:
    """A heading inside a section: level 2 (a person, an offence group) or 3 (an offence)."""

    text: str
    level: int = 2
    anchor: str | None = None


@dataclass(frozen=True)
class Paragraph:
    runs: Runs
    style: str = "body"  # body | muted | hint | lead


@dataclass(frozen=True)
class Quote:
    """A sentence quoted from the evidence, with its citation."""

    runs: Runs


@dataclass(frozen=True)
class Bullets:
    items: tuple[Runs, ...]


@dataclass(frozen=True)
class Banner:
    """A warning the reader must not miss (generated data)."""

    text: str


@dataclass(frozen=True)
class Table:
    """`widths` are relative column widths for paged formats; `numeric` columns are right-aligned;
    `mono` columns are set in a fixed-width font (fingerprints, numbers)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Runs, ...], ...]
    widths: tuple[float, ...] | None = None
    numeric: frozenset[int] = frozenset()
    mono: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Image:
    png: bytes
    caption: str


@dataclass(frozen=True)
class Chart:
    """The link chart: interactive SVG in HTML, a PNG (filiere.report.images) in PDF and Word."""

    nodes: tuple[ChartNode, ...]
    edges: tuple[ChartEdge, ...]
    hidden: int  # numbers in touch with one person only, left out
    intro: str  # what the HTML says above the chart
    caption: str  # what the paged formats print under the picture


Block = Heading | Paragraph | Quote | Bullets | Banner | Table | Image | Chart


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    blocks: tuple[Block, ...]


@dataclass
class Document:
    language: str
    title: str  # the case's title (or name)
    kind: str  # "Case report" in the document's language
    meta: str  # case name and country, one line
    mark: str  # the confidentiality mark of every page
    banner: str | None
    summary: str  # one sentence under the title
    contents: str  # "Contents"
    sections: list[Section] = field(default_factory=list)
    footer: str = ""
    page: str = "page {page} / {pages}"
    dated: dt.datetime | None = None  # the latest date of the data: the paged formats' creation date
