"""`filiere export --case C --format F -o PATH [--json]`: the case in a format other tools open."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit, err_console, human_size
from filiere.i18n import _


def export(
    case: Annotated[str, typer.Option("--case", "-c", help=_("Case name."))],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help=_("File to write (a folder for csv; an existing folder: <case>.<format> in it)."),
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "ftm, graphml, gexf, anx, csv or xlsx (default: from the suffix of --out; a folder is csv)."
            ),
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))] = False,
) -> None:
    """Export the case for Aleph (FtM), Gephi (GraphML, GEXF), i2 Analyst's Notebook (ANX), spreadsheets."""
    from filiere.export import infer_format, run_export

    ws = OPTIONS.open()
    found = get_case(ws, case)
    name = fmt or infer_format(out)
    result = run_export(ws, found, name, out)
    files = [{"path": str(p), **d} for p, d in zip(result.paths, result.files, strict=True)]
    emit(
        {"case": case, "format": result.format, "files": files, "counts": result.counts,
         "warnings": result.warnings},
        as_json,
        _render,
    )  # fmt: skip


def _render(data: dict) -> None:
    table = Table(title=_("Export of {case} ({format})").format(case=data["case"], format=data["format"]))
    table.add_column(_("File"), overflow="fold")
    table.add_column(_("Size"), justify="right", no_wrap=True)
    table.add_column("SHA-256", no_wrap=True)
    for f in data["files"]:
        table.add_row(f["path"], human_size(f["bytes"]), f["sha256"][:16] + "…")
    console.print(table)
    counts = ", ".join(f"{name}: {count}" for name, count in data["counts"].items())
    console.print(_("Written: {counts}").format(counts=counts), highlight=False)
    for warning in data["warnings"]:
        err_console.print(f"[yellow]![/] {warning}", highlight=False, soft_wrap=True)
