"""`filiere backup create|restore`: a workspace in one verified file, and its restore (docs/recovery.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit, err_console, human_size
from filiere.i18n import _
from filiere.security.backup import BackupSummary, create_backup
from filiere.security.backup_restore import RestoreSummary, restore_backup
from filiere.security.backup_snapshot import Progress as BackupProgress

app = typer.Typer(
    help=_("Back up a workspace to one verified file, and restore it into a new one."), no_args_is_help=True
)

JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]


class RichProgress(BackupProgress):
    """One bar per phase (tables, originals, rows), on stderr, gone when done."""

    def __init__(self, bar: Progress):
        self.bar = bar
        self.task = None

    def phase(self, label: str, total: int | None = None) -> None:
        if self.task is not None:
            self.bar.update(self.task, visible=False)
        self.task = self.bar.add_task(label, total=total)

    def advance(self, amount: int = 1) -> None:
        if self.task is not None:
            self.bar.advance(self.task, amount)


@contextmanager
def _progress(quiet: bool) -> Iterator[BackupProgress]:
    if quiet:
        yield BackupProgress()
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        yield RichProgress(bar)


def _render_created(summary: BackupSummary) -> None:
    console.print(
        _(
            "[green]✓[/] Backup written to {path}: {tables} tables ({rows} rows), {blobs} originals, "
            "{size}, in {seconds:.1f} s."
        ).format(
            path=summary.path,
            tables=summary.tables,
            rows=summary.rows,
            blobs=summary.blobs,
            size=human_size(summary.bytes),
            seconds=summary.seconds,
        ),
        highlight=False,
    )
    console.print(_("Manifest SHA-256: {sha}").format(sha=summary.manifest_sha256), highlight=False)
    for problem in summary.problems:
        console.print(f"  [yellow]![/] {problem}", highlight=False)
    console.print(_("Copy the file off this machine; docs/recovery.md describes the restore drill."))


def _render_restored(summary: RestoreSummary) -> None:
    console.print(
        _(
            "Restored {tables} tables ({rows} rows) and {blobs} originals into {target} "
            "from the backup of {created} ({backend})."
        ).format(
            tables=summary.tables,
            rows=summary.rows,
            blobs=summary.blobs,
            target=summary.target,
            created=summary.manifest["created_at"],
            backend=summary.manifest["source_backend"],
        ),
        highlight=False,
    )
    report = summary.report
    if report.ok:
        console.print(
            _("[green]✓[/] Audit log intact ({rows} rows) and {blobs} originals unchanged.").format(
                rows=report.rows_checked, blobs=report.blobs_checked
            )
        )
        return
    console.print(_("[red]✗[/] The restored workspace FAILED its integrity check:"))
    for problem in report.problems:
        console.print(f"  [red]•[/] {problem.where}: {problem.message}", highlight=False)


@app.command(
    "create", help=_("Write the database, the originals and the audit log to one file checked by SHA-256.")
)
def create(
    path: Annotated[
        Path,
        typer.Argument(
            help=_("File to write (.tar.gz; .tar for no compression), or a folder for a dated file.")
        ),
    ],
    allow_broken: Annotated[
        bool,
        typer.Option(
            "--allow-broken",
            help=_(
                "Back up even when the audit chain or an original fails its check (the manifest says so)."
            ),
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Write the database, the originals and the audit log to one file checked by SHA-256."""
    ws = OPTIONS.open()
    with _progress(as_json) as progress:
        summary = create_backup(ws, path, allow_broken=allow_broken, progress=progress)
    emit(summary.as_json() if as_json else summary, as_json, _render_created)


@app.command(
    "restore",
    help=_(
        "Restore a backup into a new, empty workspace (--workspace; --db for an empty PostgreSQL database), "
        "then verify it."
    ),
)
def restore(
    path: Annotated[Path, typer.Argument(help=_("Backup file written by `filiere backup create`."))],
    as_json: JsonFlag = False,
) -> None:
    """Restore a backup into a new, empty workspace, then verify it."""
    with _progress(as_json) as progress:
        summary = restore_backup(path, OPTIONS.workspace, OPTIONS.db, progress=progress)
    emit(summary.as_json() if as_json else summary, as_json, _render_restored)
    if not summary.report.ok:
        raise typer.Exit(1)
