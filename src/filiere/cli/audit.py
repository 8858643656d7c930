"""`filiere audit verify|show`: prove the originals and the log were never changed."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.i18n import _
from filiere.store import audit
from filiere.verify import verify_workspace

app = typer.Typer(help=_("Verify and read the audit log (chain of custody)."), no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]


@app.command("verify", help=_("Recompute the hash chain of the audit log and the SHA-256 of every original."))
def verify(as_json: JsonFlag = False) -> None:
    """Recompute the hash chain of the audit log and the SHA-256 of every original."""
    report = verify_workspace(OPTIONS.open())

    def render(r):
        if r.ok:
            console.print(
                _("[green]✓[/] Audit log intact ({rows} rows) and {blobs} originals unchanged.").format(
                    rows=r.rows_checked, blobs=r.blobs_checked
                )
            )
            return
        console.print(
            _("[red]✗[/] Integrity check FAILED ({rows} rows, {blobs} originals checked):").format(
                rows=r.rows_checked, blobs=r.blobs_checked
            )
        )
        for p in r.problems:
            console.print(f"  [red]•[/] {p.where}: {p.message}", highlight=False)

    emit(report.as_json() if as_json else report, as_json, render)
    if not report.ok:
        raise typer.Exit(1)


@app.command("show", help=_("List audit rows: who did what, when."))
def show(
    case: Annotated[str | None, typer.Option("--case", "-c", help=_("Only this case."))] = None,
    user: Annotated[str | None, typer.Option("--user", "-u", help=_("Only this actor (user@host)."))] = None,
    as_json: JsonFlag = False,
) -> None:
    """List audit rows: who did what, when."""
    ws = OPTIONS.open()
    case_id = get_case(ws, case).id if case else None
    rows = list(audit.iter_rows(ws.engine, case_id=case_id, actor=user))

    def render(items):
        table = Table(title=_("Audit log"))
        for column in ("#", _("When (UTC)"), _("Who"), _("Action"), _("Object"), _("Hash")):
            table.add_column(column)
        for r in items:
            table.add_row(
                str(r["id"]),
                r["at"][:19],
                r["actor"],
                r["action"],
                f"{r['object_type']} {r['object_id']}",
                r["row_hash"][:12] + "…",
            )
        console.print(table)

    emit(rows, as_json, render)
