"""CSV export: a folder with entities.csv, links.csv, calls.csv and mentions.csv (see export.tables).

UTF-8 with a byte-order mark, so that Excel shows "Keïta" and "Sébha" right when the file is
double-clicked; comma-separated (RFC 4180); dates in ISO 8601; lists joined with "; ". Every cell goes
through filiere.security.csvsafe: a name such as "=HYPERLINK(...)" is written "'=HYPERLINK(...)" and
never runs as a formula, while numbers and "+22790000000" stay as they are. Calls and mentions are
streamed from the database row by row: a 300,000-call case is written in constant memory.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from filiere.cases import Case
from filiere.export.graph import gather_graph
from filiere.export.result import ExportResult, output_folder, replacing
from filiere.export.tables import COLUMNS, TABLES, table_rows
from filiere.security import csvsafe
from filiere.workspace import Workspace


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def write(ws: Workspace, case: Case, out: Path) -> ExportResult:
    folder = output_folder(out)
    graph = gather_graph(ws, case)
    paths, counts = [], {}
    for table in TABLES:
        path = folder / f"{table}.csv"
        with replacing(path) as partial, partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csvsafe.writer(handle)
            writer.writerow([c.name for c in COLUMNS[table]])
            rows = 0
            for row in table_rows(ws, graph, table):
                writer.writerow([cell(v) for v in row])
                rows += 1
        paths.append(path)
        counts[table] = rows
    return ExportResult("csv", paths, counts)
