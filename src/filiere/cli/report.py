"""`filiere report --case C --out FILE.html [--json]`: the case report, one HTML file that works offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.i18n import _, current_language


def report(
    case: Annotated[str, typer.Option("--case", "-c", help=_("Case name."))],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help=_("HTML file to write (a folder: <case>-report.html in it).")),
    ],
    as_json: Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))] = False,
) -> None:
    """Write the case report (key players, roles, link chart, route, timeline) in the language of --lang."""
    from filiere.report import write_case_report

    ws = OPTIONS.open()
    path = write_case_report(ws, get_case(ws, case), out, current_language())
    emit(
        {"case": case, "report": str(path), "bytes": path.stat().st_size, "language": current_language()},
        as_json,
        lambda d: console.print(d["report"], highlight=False, soft_wrap=True),
    )
