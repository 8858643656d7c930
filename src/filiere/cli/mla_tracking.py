"""`filiere mla list|show|status|follow-up|receive|export`: following requests once they are drafted, until
the evidence comes back. The commands are added to the `filiere mla` group of `cli.mla`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.mla import JsonFlag, app
from filiere.cli.output import console, emit
from filiere.i18n import _

CaseOption = Annotated[str, typer.Option("--case", "-c", help=_("Case name."))]
NumberArgument = Annotated[
    int, typer.Argument(help=_("Number of the request in the case (`filiere mla list`)."))
]
OnOption = Annotated[
    str | None, typer.Option("--on", help=_("Day it happened, YYYY-MM-DD (default: today)."))
]
NoteOption = Annotated[str | None, typer.Option("--note", help=_("A note kept with the step."))]
DueOption = Annotated[
    str | None,
    typer.Option(
        "--due", help=_("Next follow-up due on this day instead of the default interval (YYYY-MM-DD).")
    ),
]


def _day(text: str | None) -> str:
    return text or "—"


def _render_list(rows: list[dict]) -> None:
    from filiere.mla.followup import status_label

    if not rows:
        console.print(_("No request in this case yet: `filiere mla draft` writes one."))
        return
    table = Table(title=_("Requests for mutual legal assistance"))
    for column in (
        _("No."),
        _("Reference"),
        _("To"),
        _("Status"),
        _("Sent"),
        _("Follow-up due"),
        _("Received"),
    ):
        table.add_column(column, overflow="fold")
    for r in rows:
        due = _day(r["follow_up_due"])
        if r["overdue"]:
            due = f"[bold red]{due} ({_('overdue')})[/]"
        table.add_row(
            str(r["number"]),
            escape(r["reference"]),
            r["requested_state"],
            status_label(r["status"]),
            _day(r["sent_on"]),
            due,
            str(len(r["received"])),
        )
    console.print(table)
    overdue = sum(r["overdue"] for r in rows)
    if overdue:
        console.print(_("[bold red]{n} follow-ups overdue.[/]").format(n=overdue))


@app.command(
    "list",
    help=_(
        "The case's requests with their status, dates, next follow-up (overdue in red) and the evidence "
        "received."
    ),
)
def list_command(
    case: CaseOption,
    status: Annotated[str | None, typer.Option("--status", help=_("Only requests with this status."))] = None,
    due: Annotated[
        bool, typer.Option("--due", help=_("Only requests whose follow-up is due today or overdue."))
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the case's requests."""
    from filiere.mla.tracking import list_requests

    ws = OPTIONS.open()
    today = dt.date.today()
    requests = list_requests(ws, get_case(ws, case), status=status)
    if due:
        requests = [r for r in requests if r.due_on and r.due_on <= today]
    emit([r.as_json(today) for r in requests], as_json, _render_list)


def _render_one(r: dict) -> None:
    from filiere.mla.followup import status_label

    console.print(
        _("Request {number} ({reference}) to {state}: {status}").format(
            number=r["number"],
            reference=r["reference"],
            state=r["requested_state"],
            status=status_label(r["status"]),
        ),
        highlight=False,
    )
    if r["foreign_reference"]:
        console.print(_("Their reference: {ref}").format(ref=escape(r["foreign_reference"])), highlight=False)
    if r["follow_up_due"]:
        late = f" [bold red]({_('overdue')})[/]" if r["overdue"] else ""
        console.print(_("Next follow-up due: {day}").format(day=r["follow_up_due"]) + late)
    console.print(_("Version kept: SHA-256 {sha}").format(sha=r["body_sha256"]), highlight=False)
    table = Table(title=_("History"))
    for column in (_("Day"), _("Step"), _("By"), _("Note")):
        table.add_column(column)
    for e in r["events"]:
        step = status_label(e["status"]) if e["kind"] == "status" else e["kind"].replace("_", "-")
        if e["evidence_id"]:
            step += f" #{e['evidence_id']}"
        table.add_row(e["on"], step, escape(e["by"]), escape(e["note"] or ""))
    console.print(table)
    for item in r["received"]:
        console.print(
            _("Received {day}: #{id} {name} (SHA-256 {sha})").format(
                day=item["received_on"],
                id=item["evidence_id"],
                name=escape(item["name"]),
                sha=item["sha256"][:16],
            ),
            highlight=False,
        )
    if r.get("check"):
        from filiere.cli.mla import render_findings

        render_findings(r["check"])


@app.command(
    "show", help=_("One request: its history, the evidence received and what the checker says of it.")
)
def show(case: CaseOption, number: NumberArgument, as_json: JsonFlag = False) -> None:
    """Show one request."""
    from filiere.mla.check import check_request, summary
    from filiere.mla.tracking import get_request

    ws = OPTIONS.open()
    tracked = get_request(ws, get_case(ws, case), number)
    emit({**tracked.as_json(), "check": summary(check_request(tracked.request))}, as_json, _render_one)


@app.command(
    "status",
    help=_(
        "Record the next step of a request: sent, acknowledged, executed or refused, on the day it happened. "
        "A request with checker errors is not marked sent unless --despite-errors says why."
    ),
)
def status(
    case: CaseOption,
    number: NumberArgument,
    new_status: Annotated[
        str, typer.Argument(metavar="STATUS", help=_("sent, acknowledged, executed or refused."))
    ],
    on: OnOption = None,
    note: NoteOption = None,
    due: DueOption = None,
    their_reference: Annotated[
        str | None,
        typer.Option("--their-reference", help=_("The requested State's reference for the request.")),
    ] = None,
    despite_errors: Annotated[
        str | None,
        typer.Option(
            "--despite-errors", help=_("Mark it sent although the checker finds errors, and say why.")
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Move a request to its next status."""
    from filiere.mla.tracking import get_request, mark_sent_allowed, set_status

    ws = OPTIONS.open()
    target = get_case(ws, case)
    if new_status == "sent":
        note = mark_sent_allowed(get_request(ws, target, number), despite_errors, note)
    tracked = set_status(
        ws, target, number, new_status, on=on, note=note, foreign_reference=their_reference, due=due
    )
    emit(tracked.as_json(), as_json, _render_one)


@app.command(
    "follow-up",
    help=_(
        "Record a reminder sent about a request (letter, call, liaison magistrate); the next one falls "
        "due later."
    ),
)
def follow_up(
    case: CaseOption,
    number: NumberArgument,
    on: OnOption = None,
    note: NoteOption = None,
    due: DueOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Record a follow-up."""
    from filiere.mla.tracking import record_follow_up

    ws = OPTIONS.open()
    tracked = record_follow_up(ws, get_case(ws, case), number, on=on, note=note, due=due)
    emit(tracked.as_json(), as_json, _render_one)


@app.command(
    "receive",
    help=_(
        "Evidence that came back under a request: ingest the files (hashed, kept, audited like any evidence) "
        "and link them to the request, or link evidence already in the case with --evidence."
    ),
)
def receive(
    case: CaseOption,
    number: NumberArgument,
    paths: Annotated[list[Path] | None, typer.Argument(help=_("Files or folders received."))] = None,
    evidence_ids: Annotated[
        list[int] | None,
        typer.Option("--evidence", help=_("Number of evidence already in the case; repeatable.")),
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=_("Force the kind of the files."))] = None,
    on: OnOption = None,
    note: NoteOption = None,
    unlink: Annotated[
        bool, typer.Option("--unlink", help=_("Remove the link of the --evidence given (a mistake)."))
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Link evidence received to a request."""
    from filiere.errors import FiliereError
    from filiere.ingest.pipeline import ingest as run_ingest
    from filiere.mla.tracking import get_request, link_received, unlink_received

    ws = OPTIONS.open()
    target = get_case(ws, case)
    ids = list(evidence_ids or [])
    if unlink:
        if paths or not ids:
            raise FiliereError(_("--unlink takes the --evidence numbers to unlink, and no file"))
        for evidence_id in ids:
            tracked = unlink_received(ws, target, number, evidence_id, note)
        emit(tracked.as_json(), as_json, _render_one)
        return
    if not paths and not ids:
        raise FiliereError(_("give the files received, or --evidence N for evidence already in the case"))
    get_request(ws, target, number)  # an unknown request fails before anything is ingested
    failed = []
    if paths:
        report = run_ingest(ws, target, paths, kind)
        ids += [f.evidence_id for f in report.files if f.status in ("added", "duplicate") and f.evidence_id]
        failed = [e for e in report.errors]
    tracked = link_received(ws, target, number, ids, on=on, note=note)
    emit({**tracked.as_json(), "ingest_errors": failed}, as_json, _render_one)
    for error in failed:
        where = f"{error['path']}:{error['line']}" if error["line"] else error["path"]
        console.print(f"  [red]•[/] {escape(where)}: {escape(error['message'])}", highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command(
    "export", help=_("Write the stored version of a request (as sent, once sent) as DOCX, PDF and JSON.")
)
def export(
    case: CaseOption,
    number: NumberArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help=_("DOCX file to write (PDF and JSON beside it)."))],
    as_json: JsonFlag = False,
) -> None:
    """Write a stored request out."""
    from filiere.cli.mla import render_findings
    from filiere.mla.tracking import export_stored, get_request

    ws = OPTIONS.open()
    target = get_case(ws, case)
    tracked = get_request(ws, target, number)
    result = export_stored(ws, target, tracked, out)

    def show_written(r: dict) -> None:
        console.print(_("Written: {docx}, {pdf}").format(docx=r["output"], pdf=r["pdf"]), highlight=False)
        render_findings({"errors": r["all_errors"], "warnings": r["warnings"]})

    emit(result, as_json, show_written)
