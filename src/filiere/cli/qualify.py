"""`filiere qualify`: TIP or smuggling, element by element, for each suspect and victim of a case."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.i18n import _

app = typer.Typer(
    help=_("Qualify the facts: trafficking or smuggling, element by element, each tied to its evidence."),
    invoke_without_command=True,
)

STATUS_MARK = {
    "supported": "[green]✔[/]",
    "contradicted": "[red]✘[/]",
    "missing": "[yellow]?[/]",
    "not_required": "[cyan]–[/]",
}


def _status_label(status: str) -> str:
    return {
        "supported": _("supported"),
        "contradicted": _("contradicted"),
        "missing": _("missing"),
        "not_required": _("not required"),
        "victim_of_trafficking": _("victim of trafficking"),
        "possible_victim_of_trafficking": _("possible victim of trafficking (means not shown)"),
        "smuggled_migrant": _("smuggled migrant"),
        "undetermined": _("undetermined"),
    }.get(status, status)


@app.callback()
def qualify(
    ctx: typer.Context,
    case: Annotated[str | None, typer.Option("--case", "-c", help=_("Case name."))] = None,
    facts_date: Annotated[
        str | None,
        typer.Option("--facts-date", help=_("Date of the facts (YYYY-MM-DD): picks the law in force then.")),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))] = False,
) -> None:
    """Qualify the facts of a case."""
    if ctx.invoked_subcommand is not None:
        return
    if not case:
        raise typer.BadParameter(_("give the case with --case"), param_hint="--case")
    from filiere.qualify.run import qualify_case

    on = _parse_date(facts_date) if facts_date else None
    ws = OPTIONS.open()
    emit(qualify_case(ws, get_case(ws, case), on), as_json, _print)


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(_("expected a date like 2025-04-13"), param_hint="--facts-date") from exc


@app.command("set", help=_("Confirm or reject one element of an offence for a person; kept across re-runs."))
def set_element(
    case: Annotated[str, typer.Option("--case", "-c", help=_("Case name."))],
    person: Annotated[int, typer.Option("--person", help=_("Entity number of the person."))],
    offence: Annotated[
        str,
        typer.Option("--offence", help=_("TIP, SOM, CORRUPTION, DOCUMENT_FRAUD, ORGANISED_GROUP or VICTIM.")),
    ],
    element: Annotated[str, typer.Option("--element", help=_("Element name, e.g. means, purpose, minor."))],
    decision: Annotated[
        str, typer.Option("--decision", help=_("confirmed, rejected, or clear to withdraw a decision."))
    ],
    note: Annotated[str | None, typer.Option("--note", help=_("Why (kept with the decision)."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))] = False,
) -> None:
    from filiere.qualify.decisions import set_decision

    ws = OPTIONS.open()
    chosen = None if decision == "clear" else decision
    set_decision(ws, get_case(ws, case), person, offence, element, chosen, note)
    result = {
        "person": person,
        "offence": offence.upper(),
        "element": element,
        "decision": chosen,
        "note": note,
    }
    emit(result, as_json, lambda d: console.print(_("Decision recorded."), highlight=False))


def _print(result: dict[str, Any]) -> None:
    console.print(
        _("Case {case} — facts of {date}, law of {country}").format(
            case=result["case"], date=result["facts_date"], country=result["country"] or "?"
        ),
        highlight=False,
    )
    for s in result["suspects"]:
        console.print(f"\n[bold]{escape(s['name'])}[/] (#{s['person']}, {s['role']})")
        for o in s["offences"]:
            aggravating = ", ".join(a["circumstance"] for a in o["aggravating"])
            console.print(
                f"  [bold green]{o['offence']}[/]" + (f" — {escape(aggravating)}" if aggravating else "")
            )
            _elements(o["elements"])
            law = "; ".join(f"{a['instrument']} art. {a['article'] or '?'}" for a in o["law"])
            if law:
                console.print(f"    {_('Law')}: {escape(law)}", highlight=False)
        for o in s["possible_offences"]:
            console.print(
                f"  [yellow]{o['offence']}[/] {_('not established')}: " + escape("; ".join(o["missing"]))
            )
    if result["victims"]:
        table = Table(title=_("Victims and migrants"))
        for column in (_("Person"), _("Minor"), _("Exploitation"), _("Status")):
            table.add_column(column)
        for v in result["victims"]:
            minor = {True: _("yes"), False: _("no"), None: "?"}[v["minor"]]
            table.add_row(escape(v["name"]), minor, ", ".join(v["exploitation"]), _status_label(v["status"]))
        console.print(table)


def _elements(elements: list[dict]) -> None:
    for e in elements:
        quote = e["evidence"][0]["quote"].replace("\n", " ")[:90] if e["evidence"] else ""
        where = f" [dim](#{e['evidence'][0]['evidence']})[/]" if e["evidence"] else ""
        console.print(
            f"    {STATUS_MARK.get(e['status'], '')} {e['element']}: {_status_label(e['status'])}"
            + (f" — « {escape(quote)} »{where}" if quote else ""),
            highlight=False,
        )
