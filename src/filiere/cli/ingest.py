"""`filiere ingest --case C PATH…`: bring files into a case, with progress and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.extract import render_extract_report, run_extraction
from filiere.cli.output import console, emit, err_console
from filiere.i18n import _
from filiere.ingest.detect import KINDS
from filiere.ingest.pipeline import FileOutcome, IngestReport
from filiere.ingest.pipeline import Progress as PipelineProgress
from filiere.ingest.pipeline import ingest as run_ingest


class RichProgress(PipelineProgress):
    """Files done out of total, and rows read in the current file (CDR files run to millions)."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.files = progress.add_task(_("Files"), total=None)
        self.rows_task = progress.add_task(_("Rows"), total=None, visible=False)

    def started(self, total_files: int) -> None:
        self.progress.update(self.files, total=total_files)

    def file_started(self, path: Path) -> None:
        self.progress.update(self.files, description=path.name[:40])
        self.progress.reset(self.rows_task, visible=False)

    def rows(self, n: int) -> None:
        self.progress.update(self.rows_task, advance=n, visible=True)

    def file_done(self, outcome: FileOutcome) -> None:
        self.progress.advance(self.files)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help=_("Files or folders (read recursively)."))],
    case: Annotated[str, typer.Option("--case", "-c", help=_("Case to add the evidence to."))],
    kind: Annotated[
        str | None, typer.Option("--kind", help=_("Force the kind: {kinds}.").format(kinds=", ".join(KINDS)))
    ] = None,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help=_("Only store and parse; run `filiere extract` later."))
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))] = False,
) -> None:
    """Ingest evidence files into a case: originals kept by SHA-256, records parsed, every step audited."""
    ws = OPTIONS.open()
    target = get_case(ws, case)
    if as_json:
        report = run_ingest(ws, target, paths, kind)
    else:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=err_console, transient=True) as progress:
            report = run_ingest(ws, target, paths, kind, RichProgress(progress))
    extraction = None
    # Files already in the case are extracted too when their extraction never finished (an ingest
    # killed after storing them): run again, the command completes what the last run left undone.
    stored = [f.evidence_id for f in report.files if f.status in ("added", "duplicate") and f.evidence_id]
    if stored and not no_extract:
        result = run_extraction(ws, target, stored, quiet=as_json)
        if result.extracted or report.added:
            extraction = result.as_json()
    if as_json:
        data = report.as_json()
        data.pop("files")
        emit({**data, "extraction": extraction}, True, print)
    else:
        _render(report)
        if extraction:
            render_extract_report(extraction)
    if report.failed:
        raise typer.Exit(1)


def _render(report: IngestReport) -> None:
    table = Table(title=_("Ingest"))
    for column in (_("File"), _("Kind"), _("Status"), _("Records"), _("Evidence")):
        table.add_column(column)
    status_labels = {"added": _("added"), "duplicate": _("already in the case"), "error": _("error")}
    for f in report.files:
        style = {"added": "green", "duplicate": "yellow", "error": "red"}[f.status]
        table.add_row(
            Path(f.path).name,
            f.kind or "—",
            f"[{style}]{status_labels[f.status]}[/]",
            str(f.records),
            f"#{f.evidence_id}" if f.evidence_id else "—",
        )
    console.print(table)
    console.print(
        _("{added} added, {duplicates} already present, {records} records, {errors} errors").format(
            added=report.added,
            duplicates=report.duplicates,
            records=report.records,
            errors=len(report.errors),
        )
    )
    for error in report.errors:
        where = f"{error['path']}:{error['line']}" if error["line"] else error["path"]
        console.print(f"  [red]•[/] {where}: {error['message']}", highlight=False)
