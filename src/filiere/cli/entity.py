"""`filiere resolve` and `filiere entity list|show|merge|split`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.i18n import _

app = typer.Typer(help=_("People found in a case: show, merge, split."), no_args_is_help=True)
CaseOpt = Annotated[str, typer.Option("--case", "-c", help=_("Case name."))]
JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]


def resolve(case: CaseOpt, as_json: JsonFlag = False) -> None:
    """Gather names, nicknames and numbers into one entity per person; every join is explained."""
    from filiere.resolve.resolver import resolve_case

    ws = OPTIONS.open()
    summary = resolve_case(ws, get_case(ws, case))
    emit(
        summary,
        as_json,
        lambda s: console.print(
            _(
                "{entities} people from {observations} observations, {joins} joins (`filiere entity list`)"
            ).format(**s)
        ),
    )


@app.command("list", help=_("List the people of a case."))
def list_(case: CaseOpt, as_json: JsonFlag = False) -> None:
    """List the people of a case."""
    from filiere.resolve.entities import list_entities

    ws = OPTIONS.open()
    rows = list_entities(ws, get_case(ws, case))

    def render(items):
        table = Table(title=_("People"))
        for column in ("#", _("Name"), _("Aliases"), _("Numbers")):
            table.add_column(column)
        for e in items:
            table.add_row(str(e["id"]), e["name"], ", ".join(e["aliases"]), ", ".join(e["phones"]))
        console.print(table)

    emit(rows, as_json, render)


@app.command("show", help=_("Names, numbers (user or subscriber), observations and merge log of one person."))
def show(
    entity_id: Annotated[int, typer.Argument(help=_("Entity number."))],
    case: CaseOpt,
    as_json: JsonFlag = False,
) -> None:
    """Names, numbers (user or subscriber), observations and merge log of one person."""
    from filiere.resolve.entities import entity_detail

    ws = OPTIONS.open()
    emit(entity_detail(ws, get_case(ws, case), entity_id), as_json, _render_entity)


def _render_entity(e: dict) -> None:
    console.print(f"[bold]#{e['id']} {e['name']}[/]  " + (", ".join(e["aliases"]) or ""), highlight=False)
    for phone in e["phones"]:
        links = "; ".join(
            f"{link}: " + ", ".join(f"#{ev}" for ev in evs) for link, evs in phone["links"].items()
        )
        console.print(f"  ☎ {phone['number']}  ({links})", highlight=False)
    table = Table(title=_("Observations"))
    for column in (_("Key"), _("Kind"), _("Name"), _("Number"), _("Evidence")):
        table.add_column(column)
    for m in e["mentions"]:
        table.add_row(m["key"], m["kind"], m["name"] or "—", m["phone"] or "—", f"#{m['evidence']}")
    console.print(table)
    for entry in e["merge_log"]:
        console.print(
            f"  ↳ {entry['rule']}: {entry['reason']} ({' + '.join(entry['joined'])})", highlight=False
        )


@app.command("merge", help=_("Merge two people by hand (kept across later `filiere resolve`)."))
def merge(
    a: Annotated[int, typer.Argument(help=_("Entity number."))],
    b: Annotated[int, typer.Argument(help=_("Entity number."))],
    case: CaseOpt,
    as_json: JsonFlag = False,
) -> None:
    """Merge two people by hand (kept across later `filiere resolve`)."""
    from filiere.resolve.entities import merge_entities

    ws = OPTIONS.open()
    emit(merge_entities(ws, get_case(ws, case), a, b), as_json, _render_entity)


@app.command("split", help=_("Take one observation out of a person (kept across later `filiere resolve`)."))
def split(
    entity_id: Annotated[int, typer.Argument(help=_("Entity number."))],
    case: CaseOpt,
    mention: Annotated[
        str,
        typer.Option(
            "--mention", "-m", help=_("Observation key (e.g. mention:12) or mention id to take out.")
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Take one observation out of a person (kept across later `filiere resolve`)."""
    from filiere.resolve.entities import split_mention

    ws = OPTIONS.open()
    result = split_mention(ws, get_case(ws, case), entity_id, mention)
    emit(
        result,
        as_json,
        lambda r: console.print(
            _("{key} now belongs to entity #{id}").format(key=r["split"], id=r["now_in"])
        ),
    )
