"""`filiere analyze --case C [--json]`: people, key players, roles, communities, numbers, route, timeline."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.i18n import _


def analyze(
    case: Annotated[str, typer.Option("--case", "-c", help=_("Case name."))],
    as_json: Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))] = False,
) -> None:
    """Analyse the case's network (run `filiere resolve` first): see docs/analyze.md for the JSON."""
    from filiere.network.analyze import analyze_case

    ws = OPTIONS.open()
    emit(analyze_case(ws, get_case(ws, case)), as_json, _render)


def _render(data: dict) -> None:
    table = Table(title=_("People of {case}, by importance").format(case=data["case"]))
    for column in (_("Rank"), "#", _("Name"), _("Role"), _("Numbers"), _("Why")):
        table.add_column(column, no_wrap=column in ("#", _("Numbers")))
    for p in data["people"]:
        if p["rank"] is None or p["scores"]["degree"] == 0:
            continue
        table.add_row(
            str(p["rank"]),
            str(p["id"]),
            p["name"],
            p["role"],
            "\n".join(p["phones"]),
            (p["rank_reasons"] or [""])[0],
        )
    console.print(table)
    console.print(_("Route: {route}").format(route=" → ".join(data["route"]) or "—"))
    shared = [
        p
        for p in data["phones"]
        if p["subscriber"] is not None and p["users"] and p["subscriber"] not in p["users"]
    ]
    for p in shared:
        console.print(
            _("  {number}: used by #{users}, registered to #{subscriber}").format(
                number=p["number"], users=", #".join(map(str, p["users"])), subscriber=p["subscriber"]
            )
        )
    timeline = Table(title=_("Timeline"))
    for column in (_("When"), _("What"), _("Evidence")):
        timeline.add_column(column)
    for item in data["timeline"][:40]:
        timeline.add_row(item["time"] or "—", item["summary"], f"#{item['evidence']}")
    console.print(timeline)
