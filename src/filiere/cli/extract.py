"""`filiere extract`, `filiere mentions` and `filiere eval extract`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit, err_console
from filiere.extract.mention import TYPES
from filiere.i18n import _

JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]
CaseOpt = Annotated[str, typer.Option("--case", "-c", help=_("Case name."))]


def run_extraction(ws, case, only: list[int] | None = None, force: bool = False, quiet: bool = False):
    """Extract with a progress bar on stderr (shared by `extract` and `ingest`)."""
    from filiere.extract.run import extract_case

    if quiet:
        return extract_case(ws, case, only, force)
    columns = (TextColumn(_("Extraction")), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("extract", total=None)
        return extract_case(ws, case, only, force, progress=lambda n: progress.advance(task, n))


def render_extract_report(data: dict) -> None:
    console.print(
        _("{n} originals read for mentions ({skipped} already up to date), {m} mentions").format(
            n=data["extracted"], skipped=data["skipped"], m=data["mentions"]
        )
    )
    if data["by_type"]:
        console.print("  " + ", ".join(f"{kind}: {count}" for kind, count in data["by_type"].items()))
    for warning in data["warnings"]:
        console.print(
            f"  [yellow]•[/] #{warning['evidence']} {warning['name']}: {warning['message']}", highlight=False
        )


def extract(
    case: CaseOpt,
    evidence: Annotated[
        list[int] | None, typer.Option("--evidence", "-e", help=_("Only this original."))
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Extract again originals already done."))] = False,
    as_json: JsonFlag = False,
) -> None:
    """Find people, phones, places, money, dates, vehicles, documents and channels in the case's texts."""
    ws = OPTIONS.open()
    report = run_extraction(ws, get_case(ws, case), evidence, force, quiet=as_json)
    emit(report.as_json(), as_json, render_extract_report)


def mentions(
    case: CaseOpt,
    type_: Annotated[
        str | None,
        typer.Option("--type", "-t", help=_("Only this type: {types}.").format(types=", ".join(TYPES))),
    ] = None,
    evidence: Annotated[int | None, typer.Option("--evidence", "-e", help=_("Only this original."))] = None,
    as_json: JsonFlag = False,
) -> None:
    """List the mentions found in a case, with their normalised values and where they are."""
    from filiere.extract.run import list_mentions

    ws = OPTIONS.open()
    rows = list_mentions(ws, get_case(ws, case), type_, evidence)

    def render(items):
        table = Table(title=_("Mentions"))
        for column in (_("Type"), _("Text"), _("Value"), _("Evidence"), _("Span")):
            table.add_column(column)
        for m in items:
            table.add_row(
                m["type"],
                m["text"],
                _format_value(m["value"]),
                f"#{m['evidence']} p{m['page']}",
                f"{m['span'][0]}–{m['span'][1]}",
            )
        console.print(table)

    if as_json:
        rows = [
            {k: m[k] for k in ("type", "text", "value", "evidence", "page", "span", "sentence")} for m in rows
        ]
    emit(rows, as_json, render)


def _format_value(value) -> str:
    if isinstance(value, dict):
        if "amount" in value:
            return f"{value['amount']:,} {value['currency']}".replace(",", " ")
        if value.get("lat") is not None:
            return f"{value.get('name')} ({value['lat']:.2f}, {value['lon']:.2f})"
        return ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, "", False))
    return "" if value is None else str(value)


eval_app = typer.Typer(help=_("Measure Filière against labelled data."), no_args_is_help=True)


@eval_app.command("extract", help=_("Precision, recall and F1 per mention type on a labelled set."))
def eval_extract(
    path: Annotated[
        Path, typer.Argument(help=_("Labelled JSON-lines file (see tests/data/eval/README.md)."))
    ],
    no_model: Annotated[bool, typer.Option("--no-model", help=_("Rules only, without spaCy."))] = False,
    as_json: JsonFlag = False,
) -> None:
    """Precision, recall and F1 per mention type on a labelled set."""
    from filiere.extract.evaluate import evaluate
    from filiere.extract.text import extract_text

    result = evaluate(lambda text, ctx: extract_text(text, ctx, use_model=not no_model), path)

    def render(data):
        table = Table(title=_("Extraction quality: {path}").format(path=path.name))
        for column in (_("Type"), "P", "R", "F1", "TP", "FP", "FN"):
            table.add_column(column, justify="right")
        for kind, s in data["types"].items():
            table.add_row(
                kind,
                f"{s['precision']:.2f}",
                f"{s['recall']:.2f}",
                f"{s['f1']:.2f}",
                str(s["tp"]),
                str(s["fp"]),
                str(s["fn"]),
            )
        console.print(table)

    emit(result, as_json, render)
