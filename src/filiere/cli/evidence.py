"""`filiere evidence list|show|export`: the originals of a case and what was read from them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit, human_size
from filiere.evidence import evidence_detail, export_original, get_evidence, list_evidence
from filiere.i18n import _
from filiere.model.ftm import evidence_entities

app = typer.Typer(help=_("List, show and export the originals of a case."), no_args_is_help=True)

CaseOpt = Annotated[str, typer.Option("--case", "-c", help=_("Case name."))]
JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]


@app.command("list", help=_("List the originals of a case with their SHA-256."))
def list_(
    case: CaseOpt, kind: Annotated[str | None, typer.Option("--kind")] = None, as_json: JsonFlag = False
) -> None:
    """List the originals of a case with their SHA-256."""
    ws = OPTIONS.open()
    rows = list_evidence(ws, get_case(ws, case), kind)

    def render(items):
        table = Table(title=_("Evidence of {case}").format(case=case))
        for column in ("#", _("Kind"), _("File"), "SHA-256", _("Size"), _("Records"), _("Ingested")):
            table.add_column(column, no_wrap=column != _("File"), overflow="fold")
        for r in items:
            table.add_row(
                str(r["id"]),
                r["kind"],
                r["original_name"],
                r["sha256"][:12],
                human_size(r["size"]),
                str(r["record_count"]),
                f"{r['ingested_at']:%Y-%m-%d %H:%M}",
            )
        console.print(table)

    emit(rows, as_json, render)


@app.command(
    "show",
    help=_("Show one original: its identity, what was read from it and the rows that could not be read."),
)
def show(
    evidence_id: Annotated[int, typer.Argument(help=_("Evidence number."))],
    case: CaseOpt,
    as_json: JsonFlag = False,
) -> None:
    """Show one original: its identity, what was read from it and the rows that could not be read."""
    ws = OPTIONS.open()
    item = evidence_detail(ws, get_case(ws, case), evidence_id)
    emit(item, as_json, _render_detail)


def _render_detail(item: dict) -> None:
    table = Table(title=f"#{item['id']} {item['original_name']}", show_header=False)
    for label, value in (
        (_("Kind"), item["kind"]),
        ("SHA-256", item["sha256"]),
        (_("Size"), human_size(item["size"])),
        (_("Source"), item["source_path"]),
        (_("Encoding"), item["encoding"] or "—"),
        (_("Ingested"), f"{item['ingested_at']:%Y-%m-%d %H:%M:%S} UTC · {item['ingested_by']}"),
        (_("Records"), str(item["record_count"])),
        (_("Unreadable rows"), str(item["issue_count"])),
    ):
        table.add_row(label, value)
    for key, value in (item["details"].get("header") or {}).items():
        table.add_row(f"  {key}", str(value))
    console.print(table)
    if item["turns"]:
        turns = Table(title=_("Dialogue (first turns)"))
        turns.add_column(_("Line"))
        turns.add_column(_("Speaker"))
        turns.add_column(_("Text"))
        for t in item["turns"]:
            turns.add_row(str(t["line"]), t["speaker"], t["text"])
        console.print(turns)
    if item["calls"]:
        calls = Table(title=_("Calls (first rows)"))
        for column in (_("Line"), _("Caller"), _("Called"), _("Start"), _("Duration (s)"), _("Type")):
            calls.add_column(column)
        for c in item["calls"]:
            calls.add_row(
                str(c["line"]),
                c["caller_e164"] or c["caller_raw"] or "—",
                c["callee_e164"] or c["callee_raw"] or "—",
                str(c["started_at"] or "—"),
                str(c["duration_s"] if c["duration_s"] is not None else "—"),
                c["call_type"],
            )
        console.print(calls)
    if item["subscribers"]:
        subs = Table(title=_("Subscribers"))
        for column in (_("Line"), _("Number"), _("Name"), _("ID document"), _("Operator")):
            subs.add_column(column)
        for s in item["subscribers"]:
            subs.add_row(
                str(s["line"]),
                s["number_e164"] or s["number_raw"],
                s["name"] or "—",
                s["id_document"] or "—",
                s["operator"] or "—",
            )
        console.print(subs)
    for issue in item["issues"]:
        console.print(f"  [red]•[/] {_('line')} {issue['line']}: {issue['message']}", highlight=False)


@app.command(
    "export", help=_("Write the exact original bytes, checked against their SHA-256 (the export is audited).")
)
def export(
    evidence_id: Annotated[int, typer.Argument(help=_("Evidence number."))],
    case: CaseOpt,
    output: Annotated[Path, typer.Option("--output", "-o", help=_("File or folder to write to."))],
    as_json: JsonFlag = False,
) -> None:
    """Write the exact original bytes, checked against their SHA-256 (the export is audited)."""
    ws = OPTIONS.open()
    result = export_original(ws, get_case(ws, case), evidence_id, output)
    emit(
        result,
        as_json,
        lambda r: console.print(
            _("Exported evidence #{id} to {path} (SHA-256 {sha} verified).").format(
                id=r["id"], path=r["path"], sha=r["sha256"]
            )
        ),
    )


@app.command(
    "entities",
    help=_(
        "Print the FollowTheMoney entities read from one original, as JSON lines (for Aleph and FtM tools)."
    ),
)
def entities(
    evidence_id: Annotated[int, typer.Argument(help=_("Evidence number."))],
    case: CaseOpt,
) -> None:
    """Print the FollowTheMoney entities read from one original, as JSON lines (for Aleph and FtM tools)."""
    ws = OPTIONS.open()
    target = get_case(ws, case)
    get_evidence(ws, target, evidence_id)
    for proxy in evidence_entities(ws.engine, target.slug, evidence_id, ws.blobs):
        sys.stdout.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
