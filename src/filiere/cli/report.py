"""`filiere report --case C -o FILE.(html|pdf|docx) [--lang fr|en] [--format F] [--json]`: the case report.

The format follows the file's suffix (--format forces it; a folder gets <case>-report.<format>); the report's
language defaults to the interface language. Every report written is audited (docs/report.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit, err_console
from filiere.i18n import _, current_language


def report(
    case: Annotated[str, typer.Option("--case", "-c", help=_("Case name."))],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help=_("File to write: .html, .pdf or .docx (a folder: <case>-report.<format> in it)."),
        ),
    ],
    language: Annotated[
        str | None,
        typer.Option("--lang", help=_("Language of the report: fr or en (default: the interface language).")),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=_("html, pdf or docx, whatever the file's suffix.")),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))] = False,
) -> None:
    """Write the case report (summary, link chart, key players, route, qualification, requests, evidence)."""
    from filiere.report import write_report

    chosen = language or current_language()
    if chosen[:2].lower() not in ("fr", "en"):
        raise typer.BadParameter(_("use fr or en"), param_hint="--lang")
    ws = OPTIONS.open()
    found = get_case(ws, case)
    if as_json:
        written = write_report(ws, found, out, chosen, fmt)
    else:
        with err_console.status(_("Writing the report…")) as status:
            written = write_report(ws, found, out, chosen, fmt, progress=status.update)
    for warning in written.warnings:
        err_console.print(f"[yellow]![/] {warning}", highlight=False, soft_wrap=True)
    emit(
        {"case": case, **written.as_json()},
        as_json,
        lambda d: console.print(d["report"], highlight=False, soft_wrap=True),
    )
