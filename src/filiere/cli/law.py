"""`filiere law search|show|import|export`: the legal library from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit, to_json
from filiere.i18n import _, current_language
from filiere.law.records import KINDS
from filiere.law.search import MARK, search_law
from filiere.law.store import all_records, get_record, import_file

app = typer.Typer(
    help=_("Search and manage the legal library: laws, case law, treaties."), no_args_is_help=True
)

JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]


def _bold_marks(snippet: str) -> str:
    """The snippet's highlighted words in bold, the rest escaped from rich markup."""
    parts = escape(snippet).split(MARK[0])
    return "".join(p if i % 2 == 0 else f"[bold yellow]{p}[/]" for i, p in enumerate(parts))


def _status_label(status: str) -> str:
    return {
        "in_force": _("in force"),
        "repealed": _("REPEALED"),
        "amended": _("amended"),
        "unknown": _("status unknown"),
    }.get(status, status)


@app.command("search", help=_("Search the legal library in French or English (accents and endings ignored)."))
def search(
    query: Annotated[str, typer.Argument(help=_('Words to look for, e.g. "trafic illicite de migrants".'))],
    country: Annotated[
        str | None, typer.Option("--country", help=_("Only this country (ISO code: NE, ML…; INT, ECOWAS)."))
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help=_("Only this kind: legislation, case or treaty."))
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help=_("Most results to show."))] = 20,
    as_json: JsonFlag = False,
) -> None:
    """Search the legal library."""
    if kind and kind not in KINDS:
        raise typer.BadParameter(
            _("must be one of: {choices}").format(choices=", ".join(KINDS)), param_hint="--kind"
        )
    results = search_law(OPTIONS.open(), query, country=country, kind=kind, limit=limit)

    def render(rows):
        if not rows:
            console.print(_("No legal record matches {query}.").format(query=escape(query)))
            return
        table = Table(title=_("Legal library"))
        for column in (_("Id"), _("Country"), _("Title"), _("Status"), _("Score")):
            table.add_column(column)
        for row in rows:
            title = f"[bold]{escape(row['title'])}[/]\n{_bold_marks(row['snippet'])}"
            status = _status_label(row["status"])
            if row["status"] == "repealed":
                status = f"[bold red]{status}[/]"
            table.add_row(row["id"], row["country"], title, status, f"{row['score']:.2f}")
        console.print(table)

    emit(results, as_json, render)


@app.command("show", help=_("Show one legal record in full (summary, articles, penalties, source)."))
def show(
    record_id: Annotated[str, typer.Argument(help=_("Record id, e.g. ne-law-2015-36."))],
    as_json: JsonFlag = False,
) -> None:
    """Show one legal record."""
    emit(get_record(OPTIONS.open(), record_id), as_json, _render_record)


def _text(value, language: str) -> str:
    if isinstance(value, dict):
        return value.get(language) or next(iter(value.values()), "")
    return "" if value is None else str(value)


def _render_record(record: dict) -> None:
    language = current_language()
    table = Table(title=f"{record['id']} — {escape(_text(record['title'], language))}", show_header=False)
    status = _status_label(record["status"])
    if record.get("repealed_by"):
        status += f" ({record['repealed_by']}, {record.get('repealed_on', '?')})"
    rows = [
        (_("Kind"), record["kind"]),
        (_("Country"), record["country"]),
        (_("Number"), record.get("number", "—")),
        (_("Date"), record.get("date", "—")),
        (_("Status"), status),
        (_("Crime types"), ", ".join(record.get("crime_types", [])) or "—"),
        (_("Summary"), _text(record.get("summary"), language) or "—"),
        (_("Source"), record["source"]),
        (_("Verified"), _("yes") if record["verified"] else _("no: check against the official text")),
        (_("Origin"), record.get("origin", "")),
    ]
    for label, value in rows:
        table.add_row(label, escape(str(value)))
    for article in record.get("articles", []):
        heading = _text(article.get("heading"), language)
        body = _text(article.get("summary"), language)
        table.add_row(
            _("Art. {number}").format(number=article["number"]), escape(f"{heading}\n{body}".strip())
        )
    console.print(table)


@app.command(
    "import", help=_("Import legal records from a JSON or CSV file (see docs/law.md); safe to repeat.")
)
def import_(
    path: Annotated[Path, typer.Argument(help=_("JSON or CSV file of records."))],
    as_json: JsonFlag = False,
) -> None:
    """Import legal records."""
    result = import_file(OPTIONS.open(), path)
    emit(
        result,
        as_json,
        lambda r: console.print(
            _("{path}: {added} added, {updated} updated, {unchanged} unchanged.").format(
                path=escape(str(path)),
                added=len(r["added"]),
                updated=len(r["updated"]),
                unchanged=len(r["unchanged"]),
            )
        ),
    )


@app.command("export", help=_("Export the legal records as JSON (all, or only those imported with --user)."))
def export(
    out: Annotated[Path | None, typer.Option("--out", help=_("File to write (default: print)."))] = None,
    user_only: Annotated[bool, typer.Option("--user", help=_("Only the records imported by users."))] = False,
) -> None:
    """Export legal records."""
    records = all_records(OPTIONS.open(), origin="user" if user_only else None)
    data = to_json(records) + "\n"
    if out is None:
        sys.stdout.write(data)
        return
    out.write_text(data, encoding="utf-8")
    console.print(_("{count} records written to {path}.").format(count=len(records), path=escape(str(out))))
