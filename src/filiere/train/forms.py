"""The printable answer sheet (HTML and DOCX, French and English) that trainees fill in by hand.

Academies print exercises; many trainees work on paper. The form asks exactly what the JSON sheet holds,
in the same order, so a trainer can copy it into answer-sheet.json for `filiere train score`. It gives no
hint of the answer: the number of blank rows depends on the level only, never on the key. Both renderings
come from one list of blocks, and both are byte-identical for the same key (no clock: the DOCX zip and
core properties carry fixed dates).
"""

from __future__ import annotations

import html
import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from filiere.train.answers import AGGRAVATING, OFFENCES, exercise_level, sheet_text
from filiere.train.files import generated_banner
from filiere.train.scenario import MEMBER_ROLES

MEMBER_ROWS = {1: 10, 2: 14, 3: 20}
SUSPECT_ROWS = {1: 8, 2: 12, 3: 18}
ROUTE_ROWS = 10
BOX = "\u2610"  # ☐
FIXED_DATE = datetime(2025, 1, 1)  # the DOCX dates: fixed so that the same key gives the same bytes


def form_blocks(key: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
    """The form as (kind, content) blocks: banner, title, fields, heading, para, bullets, table."""
    text = sheet_text()[lang]
    form = text["form"]
    level = exercise_level(key)
    offence_cell = []
    for code in OFFENCES:
        offence_cell.append(f"{BOX} {code} — {text['offences'][code]}")
        offence_cell += [f"    {BOX} {element}" for element in text["elements"][code]]
    aggravating_cell = [f"{BOX} {text['aggravating'][code]}" for code in AGGRAVATING]
    return [
        ("banner", generated_banner(lang, key.get("seed", 0))),
        ("title", form["title"]),
        (
            "fields",
            [
                (form["trainee"], ""),
                (form["date"], ""),
                (form["case"], key.get("unit", "")),
                (form["exercise"].format(seed=key.get("seed", "?"), level=level), None),
            ],
        ),
        ("heading", form["instructions"]),
        ("bullets", trainee_instructions(key, lang)),
        ("para", form["json_note"]),
        ("heading", form["members"]),
        ("para", form["members_help"]),
        ("table", {"cols": form["members_cols"], "rows": _numbered(MEMBER_ROWS[level], 6), "wide": 1}),
        ("subheading", form["roles_legend"]),
        (
            "table",
            {"cols": None, "rows": [[c, text["roles"][c], text["role_help"][c]] for c in MEMBER_ROLES]},
        ),
        ("heading", form["key_player"]),
        ("para", form["key_player_help"]),
        ("table", {"cols": None, "rows": [["", ""]], "tall": True}),
        ("heading", form["route"]),
        ("para", form["route_help"]),
        ("table", {"cols": form["route_cols"], "rows": _numbered(ROUTE_ROWS, 3), "wide": 1}),
        ("heading", form["offences"]),
        ("para", form["offences_help"]),
        (
            "table",
            {
                "cols": form["offences_cols"],
                "rows": [["", offence_cell, aggravating_cell, ""] for _ in range(SUSPECT_ROWS[level])],
            },
        ),
    ]


def trainee_instructions(key: dict[str, Any], lang: str) -> list[str]:
    """What the trainees are told to do at the exercise's level, and how they are scored."""
    from filiere.train.score import WEIGHTS

    text = sheet_text()[lang]
    percent = {part: round(weight * 100) for part, weight in WEIGHTS.items()}
    return [*text["levels"][exercise_level(key)], *(line.format(**percent) for line in text["common"])]


def _numbered(count: int, columns: int) -> list[list[Any]]:
    return [[str(n), *[""] * (columns - 1)] for n in range(1, count + 1)]


CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; margin: 1.5em; color: #000; }
.banner { font-size: 8.5pt; border: 1px solid #999; padding: .3em .6em; background: #f3f3f3; }
h1 { font-size: 16pt; margin: .6em 0 .3em; }
h2 { font-size: 13pt; margin: 1.2em 0 .3em; border-bottom: 1px solid #000; }
h3 { font-size: 11pt; margin: .8em 0 .2em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .6em; }
th, td { border: 1px solid #000; padding: .25em .4em; vertical-align: top; text-align: left; }
th { background: #e6e6e6; }
td.blank { height: 2.2em; }
td.tall { height: 3.5em; }
td.num { width: 2.5em; text-align: center; }
.fields td { border: none; padding: .2em .4em .2em 0; }
.fields td.line { border-bottom: 1px solid #000; width: 40%; }
ul.cell { list-style: none; margin: 0; padding: 0; }
ul.cell li.sub { padding-left: 1.4em; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .banner { background: none; }
}
"""


def render_html(key: dict[str, Any], lang: str) -> str:
    """The form as one self-contained HTML page (inline CSS, no script, nothing fetched)."""
    blocks = form_blocks(key, lang)
    esc = _esc
    title = next(content for kind, content in blocks if kind == "title")
    out = [
        f"<!-- {blocks[0][1].replace('--', '—')} -->",
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    for kind, content in blocks:
        if kind == "banner":
            out.append(f'<p class="banner">{esc(content)}</p>')
        elif kind == "title":
            out.append(f"<h1>{esc(content)}</h1>")
        elif kind == "heading":
            out.append(f"<h2>{esc(content)}</h2>")
        elif kind == "subheading":
            out.append(f"<h3>{esc(content)}</h3>")
        elif kind == "para":
            out.append(f"<p>{esc(content)}</p>")
        elif kind == "bullets":
            out.append("<ul>" + "".join(f"<li>{esc(item)}</li>" for item in content) + "</ul>")
        elif kind == "fields":
            out.append(_html_fields(content))
        elif kind == "table":
            out.append(_html_table(content))
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _html_fields(fields: list[tuple[str, str | None]]) -> str:
    rows = []
    for name, value in fields:
        if value is None:
            rows.append(f'<tr><td colspan="2">{_esc(name)}</td></tr>')
        else:
            rows.append(f'<tr><th scope="row">{_esc(name)}</th><td class="line">{_esc(value)}</td></tr>')
    return '<table class="fields">' + "".join(rows) + "</table>"


def _html_cell(value: Any, css: str) -> str:
    if isinstance(value, list):
        lines = [(' class="sub"' if v.startswith(" ") else "", _esc(v.strip())) for v in value]
        return '<td><ul class="cell">' + "".join(f"<li{css}>{v}</li>" for css, v in lines) + "</ul></td>"
    if value == "":
        return f'<td class="{css}"></td>'
    return f'<td class="num">{_esc(value)}</td>' if value.isdigit() else f"<td>{_esc(value)}</td>"


def _html_table(table: dict[str, Any]) -> str:
    out = ["<table>"]
    if table["cols"]:
        out.append("<thead><tr>" + "".join(f"<th>{_esc(c)}</th>" for c in table["cols"]) + "</tr></thead>")
    css = "tall" if table.get("tall") else "blank"
    out.append("<tbody>")
    for row in table["rows"]:
        out.append("<tr>" + "".join(_html_cell(v, css) for v in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def write_html(key: dict[str, Any], lang: str, path: Path) -> Path:
    path.write_text(render_html(key, lang), encoding="utf-8", newline="\n")
    return path


def render_docx(key: dict[str, Any], lang: str) -> bytes:
    """The form as a DOCX (landscape A4, bordered tables), with fixed dates so the bytes repeat."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    blocks = form_blocks(key, lang)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    doc.styles["Normal"].font.size = Pt(10)
    for kind, content in blocks:
        if kind == "banner":
            doc.add_paragraph(content).runs[0].font.size = Pt(8)
        elif kind == "title":
            doc.add_heading(content, level=0)
            doc.core_properties.title = content
        elif kind in ("heading", "subheading"):
            doc.add_heading(content, level=1 if kind == "heading" else 2)
        elif kind == "para":
            doc.add_paragraph(content)
        elif kind == "bullets":
            for item in content:
                doc.add_paragraph(item, style="List Bullet")
        elif kind == "fields":
            for name, value in content:
                colon = " : " if lang == "fr" else ": "
                doc.add_paragraph(name if value is None else f"{name}{colon}{value or '_' * 40}")
        elif kind == "table":
            _docx_table(doc, content)
    props = doc.core_properties
    props.author = props.last_modified_by = "Filière"
    props.comments = blocks[0][1]
    props.created = props.modified = FIXED_DATE
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _docx_table(doc: Any, table: dict[str, Any]) -> None:
    from docx.shared import Pt

    cols = table["cols"]
    rows = table["rows"]
    grid = doc.add_table(rows=len(rows) + (1 if cols else 0), cols=len(rows[0]))
    grid.style = "Table Grid"
    offset = 0
    if cols:
        for cell, name in zip(grid.rows[0].cells, cols, strict=True):
            cell.text = name
            cell.paragraphs[0].runs[0].bold = True
        offset = 1
    for r, row in enumerate(rows):
        cells = grid.rows[r + offset].cells
        for cell, value in zip(cells, row, strict=True):
            lines = value if isinstance(value, list) else [value]
            cell.text = "\n".join(lines) if lines != [""] else ""
        if all(v == "" or (isinstance(v, str) and v.isdigit()) for v in row):
            grid.rows[r + offset].height = Pt(36 if table.get("tall") else 24)
    doc.add_paragraph()


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01: python-docx stamps the current time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def write_docx(key: dict[str, Any], lang: str, path: Path) -> Path:
    path.write_bytes(render_docx(key, lang))
    return path
