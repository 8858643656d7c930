"""`filiere case create|list|show`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from filiere.cases import case_counts, create_case, get_case, list_cases
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.i18n import _

app = typer.Typer(help=_("Create and inspect cases."), no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]


def _case_json(case) -> dict:
    return {
        "id": case.id,
        "slug": case.slug,
        "title": case.title,
        "country": case.country,
        "created_at": case.created_at.isoformat(),
        "created_by": case.created_by,
    }


@app.command("create", help=_("Create a case."))
def create(
    slug: Annotated[str, typer.Argument(help=_("Short name of the case, e.g. agadez-2025-041."))],
    title: Annotated[str, typer.Option("--title", help=_("Full title of the case."))] = "",
    country: Annotated[
        str | None,
        typer.Option("--country", help=_("ISO country code (NE, ML, BF…): phone region and national law.")),
    ] = None,
    exist_ok: Annotated[bool, typer.Option("--exist-ok", help=_("Do nothing if the case exists."))] = False,
    as_json: JsonFlag = False,
) -> None:
    """Create a case."""
    case = create_case(OPTIONS.open(), slug, title, country, exist_ok=exist_ok)
    emit(
        _case_json(case),
        as_json,
        lambda c: console.print(
            _("Case [bold]{slug}[/] ready (country: {country}).").format(
                slug=c["slug"], country=c["country"] or "—"
            )
        ),
    )


@app.command("list", help=_("List the cases of the workspace."))
def list_(as_json: JsonFlag = False) -> None:
    """List the cases of the workspace."""
    cases = [_case_json(c) for c in list_cases(OPTIONS.open())]

    def render(rows):
        table = Table(title=_("Cases"))
        for column in (_("Case"), _("Title"), _("Country"), _("Created")):
            table.add_column(column)
        for row in rows:
            table.add_row(row["slug"], row["title"], row["country"] or "—", row["created_at"][:16])
        console.print(table)

    emit(cases, as_json, render)


@app.command("show", help=_("Show a case and what it holds."))
def show(slug: Annotated[str, typer.Argument(help=_("Case name."))], as_json: JsonFlag = False) -> None:
    """Show a case and what it holds."""
    ws = OPTIONS.open()
    case = get_case(ws, slug)
    data = {**_case_json(case), "counts": case_counts(ws, case)}

    def render(d):
        table = Table(title=f"{d['slug']} — {d['title']}", show_header=False)
        table.add_row(_("Country"), d["country"] or "—")
        table.add_row(_("Created"), f"{d['created_at'][:16]} · {d['created_by']}")
        for key, value in d["counts"].items():
            table.add_row(_label(key), str(value))
        console.print(table)

    emit(data, as_json, render)


def _label(key: str) -> str:
    labels = {
        "evidence": _("Originals"),
        "calls": _("Calls"),
        "turns": _("Dialogue turns"),
        "subscribers": _("Subscriber records"),
        "mentions": _("Mentions"),
        "people": _("People (after `filiere resolve`)"),
    }
    if key.startswith("evidence_"):
        return "  " + _kind_label(key.removeprefix("evidence_"))
    return labels.get(key, key)


def _kind_label(kind: str) -> str:
    return {
        "transcript": _("transcripts"),
        "interview": _("hearing records"),
        "cdr": _("call records (CDR)"),
        "subscribers": _("subscriber lists"),
        "links": _("link lists"),
        "document": _("documents"),
    }.get(kind, kind)
