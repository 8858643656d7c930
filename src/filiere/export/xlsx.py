"""XLSX export: one workbook with the sheets entities, links, calls and mentions (see export.tables).

Written with openpyxl's write-only mode (rows stream to disk). Each sheet has a bold, frozen header row
and set column widths. Numbers stay numbers and dates are real date cells; every text cell goes through
filiere.security.csvsafe, because openpyxl stores a string starting with "=" as a formula: a hostile
"=HYPERLINK(...)" becomes the text "'=HYPERLINK(...)". Characters a workbook cannot hold (control
characters) are dropped and a text is cut at Excel's 32,767 characters a cell.

A sheet holds at most 1,048,576 rows: a bigger table (calls of a large case) is cut at that limit and the
export says so in a warning; use the CSV export for the whole table.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from filiere.cases import Case
from filiere.export.graph import gather_graph
from filiere.export.result import ExportResult, output_file, replacing
from filiere.export.tables import COLUMNS, TABLES, table_rows, table_size
from filiere.i18n import _
from filiere.security.csvsafe import escape_cell
from filiere.workspace import Workspace

MAX_ROWS = 1_048_576 - 1  # the sheet's limit, less the header row
MAX_CELL = 32_767
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"


def cell_value(value: Any) -> Any:
    """A value as the workbook stores it: numbers and dates as they are, text escaped and cleaned."""
    if isinstance(value, str):
        return escape_cell(ILLEGAL_CHARACTERS_RE.sub("", value))[:MAX_CELL]
    return value


def _row(sheet, row: list[Any]) -> list[Any]:
    out = []
    for value in row:
        value = cell_value(value)
        if isinstance(value, datetime):
            dated = WriteOnlyCell(sheet, value=value)
            dated.number_format = DATE_FORMAT
            out.append(dated)
        else:
            out.append(value)
    return out


def write(ws: Workspace, case: Case, out: Path, max_rows: int = MAX_ROWS) -> ExportResult:
    graph = gather_graph(ws, case)
    path = output_file(out, case.slug, ".xlsx")
    counts: dict[str, int] = {}
    warnings: list[str] = []
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in TABLES:
        sheet = book.create_sheet(table)
        sheet.freeze_panes = "A2"
        header = []
        for i, column in enumerate(COLUMNS[table], start=1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
            title = WriteOnlyCell(sheet, value=cell_value(column.name))
            title.font = bold
            header.append(title)
        sheet.append(header)
        rows = 0
        for row in table_rows(ws, graph, table):
            if rows >= max_rows:
                total = table_size(ws, graph, table)
                warnings.append(
                    _(
                        "Sheet {sheet} holds the first {rows} of {total} rows (the spreadsheet limit); "
                        "the CSV export has them all"
                    ).format(sheet=table, rows=rows, total=total)
                )
                break
            sheet.append(_row(sheet, row))
            rows += 1
        counts[table] = rows
    with replacing(path) as partial:
        book.save(partial)
    return ExportResult("xlsx", [path], counts, warnings)
