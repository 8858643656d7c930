"""`filiere audit verify|show`: prove the originals and the log were never changed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.i18n import _
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


CaseOption = Annotated[str | None, typer.Option("--case", "-c", help=_("Only this case."))]
UserOption = Annotated[
    str | None,
    typer.Option("--user", "-u", help=_("Only this actor (a user name on a server, user@host on a laptop).")),
]
ActionOption = Annotated[
    str | None,
    typer.Option("--action", help=_("Only actions starting with this, e.g. read. or mla.")),
]
SinceOption = Annotated[str | None, typer.Option("--since", help=_("From this day (YYYY-MM-DD)."))]
UntilOption = Annotated[str | None, typer.Option("--until", help=_("Up to this day included (YYYY-MM-DD)."))]


def _filter(ws, case, user, action, since, until):
    from filiere.days import optional_day
    from filiere.security.inspection import AuditFilter

    return AuditFilter(
        case_id=get_case(ws, case).id if case else None,
        case_slug=case,
        actor=user,
        action=action,
        since=optional_day(since, "--since"),
        until=optional_day(until, "--until"),
    )


@app.command("show", help=_("List audit rows: who did what, when."))
def show(
    case: CaseOption = None,
    user: UserOption = None,
    action: ActionOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_json: JsonFlag = False,
) -> None:
    """List audit rows: who did what, when."""
    from filiere.security.inspection import select_rows

    ws = OPTIONS.open()
    rows = list(select_rows(ws, _filter(ws, case, user, action, since, until)))

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


@app.command(
    "export",
    help=_(
        "Export audit rows for an inspector (.jsonl or .csv) with a manifest: filters, row count, SHA-256 "
        "of the file and whether the whole chain verified at export time. The export is itself audited."
    ),
)
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help=_("File to write: .jsonl or .csv."))],
    case: CaseOption = None,
    user: UserOption = None,
    action: ActionOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Export audit rows for an inspector."""
    from filiere.security.inspection import export_audit

    ws = OPTIONS.open()
    result = export_audit(ws, _filter(ws, case, user, action, since, until), out)

    def render(r: dict) -> None:
        mark = "[green]✓[/]" if r["chain"]["verified"] else "[red]✗[/]"
        console.print(
            _("{mark} {rows} rows written to {output} (SHA-256 {sha}); manifest {manifest}").format(
                mark=mark, rows=r["rows"], output=r["output"], sha=r["sha256"][:16], manifest=r["manifest"]
            ),
            highlight=False,
            soft_wrap=True,
        )
        if not r["chain"]["verified"]:
            console.print(_("[red]The audit chain did not verify: the manifest lists the problems.[/]"))

    emit(result, as_json, render)
