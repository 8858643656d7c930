"""`filiere mla draft|check|render`: requests for mutual legal assistance, written from the case, checked,
and written again after the officer edits them. Tracking commands are in `cli.mla_tracking`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.i18n import _

app = typer.Typer(
    help=_("Requests for mutual legal assistance: drafted from the case, checked before they are sent."),
    no_args_is_help=True,
)
JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]


def render_findings(result: dict) -> None:
    """One line per finding, errors first, each followed by its fix."""
    rows = [("error", f) for f in result["errors"]] + [("warning", f) for f in result["warnings"]]
    for severity, finding in rows:
        mark = "[bold red]✗[/]" if severity == "error" else "[yellow]![/]"
        field = f" [dim]({escape(finding['field'])})[/]" if finding.get("field") else ""
        console.print(
            f"{mark} [bold]{finding['code']}[/]{field} {escape(finding['message'])}", highlight=False
        )
        if finding.get("fix"):
            console.print(f"   → {escape(finding['fix'])}", highlight=False)
    console.print(
        _("{errors} errors, {warnings} warnings.").format(
            errors=len(result["errors"]), warnings=len(result["warnings"])
        )
    )


@app.command(
    "draft",
    help=_(
        "Draft a request to another State from the case: facts, offences, persons and measures filled in, "
        "written as DOCX and PDF in the requested State's language, with the request JSON beside them."
    ),
)
def draft(
    case: Annotated[str, typer.Option("--case", "-c", help=_("Case name."))],
    to: Annotated[str, typer.Option("--to", help=_("Requested State, ISO code (ML, GH, LY…)."))],
    out: Annotated[Path, typer.Option("--out", "-o", help=_("DOCX file to write (PDF and JSON beside it)."))],
    measure: Annotated[
        list[str],
        typer.Option(
            "--measure",
            "-m",
            help=_(
                "KIND:TARGET, repeatable. Kinds: subscriber, traffic, bank, mobile_money, witness, suspect, "
                "search, seizure, service, freeze, identify; target: a number, an entity number or a name."
            ),
        ),
    ],
    lang: Annotated[
        str | None,
        typer.Option("--lang", help=_("Language of the request, fr or en (default: the requested State's).")),
    ] = None,
    authority: Annotated[
        str | None,
        typer.Option("--authority", help=_("The requesting authority, e.g. the investigating judge.")),
    ] = None,
    function: Annotated[
        str | None, typer.Option("--function", help=_("Function of the requesting authority."))
    ] = None,
    contact: Annotated[
        list[str] | None,
        typer.Option(
            "--contact", help=_('Contact for questions, "name, function, +telephone, email"; repeatable.')
        ),
    ] = None,
    urgent: Annotated[
        str | None, typer.Option("--urgent", help=_("Mark the request urgent and say why."))
    ] = None,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help=_("Execution wanted by this date (YYYY-MM-DD)."))
    ] = None,
    nature: Annotated[
        str, typer.Option("--nature", help=_("investigation, prosecution or trial."))
    ] = "investigation",
    place: Annotated[str, typer.Option("--place", help=_("Where the request is signed."))] = "",
    reference: Annotated[
        str | None, typer.Option("--reference", help=_("Reference of the request (default: from the case)."))
    ] = None,
    replace: Annotated[
        int | None,
        typer.Option(
            "--replace", help=_("Draft again in place of draft number N instead of adding a request.")
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Draft a request for mutual legal assistance from the case."""
    from filiere.mla.contacts import parse_contact
    from filiere.mla.draft import draft_request
    from filiere.mla.outputs import output_paths, write_request
    from filiere.mla.request import Authority
    from filiere.mla.tracking import store_draft, update_draft

    output_paths(out)  # a wrong -o fails before any work
    ws = OPTIONS.open()
    target = get_case(ws, case)
    request = draft_request(
        ws,
        target,
        to,
        measure,
        language=lang,
        authority=Authority(name=authority or "", function=function or ""),
        contacts=[parse_contact(c) for c in contact or []],
        urgent=urgent,
        deadline=deadline,
        nature=nature,
        place=place,
        reference=reference,
    )
    if replace is None:
        store_draft(ws, target, request)
    else:
        request.number = replace
        update_draft(ws, target, request)
    result = write_request(request, out)
    emit(result, as_json, lambda r: _render_written(r, request.requested_state))


def _render_written(result: dict, state: str) -> None:
    console.print(
        _(
            "Request {number} to {state} in {lang}, kept in the case as a draft: {docx}, {pdf} "
            "(after editing, `filiere mla render {json}`)"
        ).format(
            number=result["number"],
            state=state,
            lang=result["language"],
            docx=result["output"],
            pdf=result["pdf"],
            json=result["request"],
        ),
        highlight=False,
        soft_wrap=True,
    )
    if result["missing"]:
        console.print(_("[bold]Missing:[/] {fields}").format(fields=", ".join(result["missing"])))
    render_findings({"errors": result["all_errors"], "warnings": result["warnings"]})


@app.command(
    "check",
    help=_(
        "Check a request (the JSON written by `filiere mla draft`): errors and warnings with the fix; exit "
        "code 1 when there are errors."
    ),
)
def check(
    request_file: Annotated[Path, typer.Argument(help=_("The request JSON, e.g. request.json."))],
    as_json: JsonFlag = False,
) -> None:
    """Check a request before it is sent."""
    from filiere.mla.check import check_request, summary
    from filiere.mla.request import load_request

    findings = summary(check_request(load_request(request_file)))
    result = {"request": str(request_file), "ok": not findings["errors"], **findings}
    emit(result, as_json, render_findings)
    if findings["errors"]:
        raise typer.Exit(1)


@app.command(
    "render",
    help=_(
        "Write the DOCX and PDF again from a request JSON you edited, check it, and keep the new version "
        "in the case while the request is a draft."
    ),
)
def render(
    request_file: Annotated[Path, typer.Argument(help=_("The request JSON, e.g. request.json."))],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=_("DOCX file to write (default: beside the JSON)."))
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Render an edited request again."""
    from filiere.errors import CaseNotFound
    from filiere.mla.outputs import write_request
    from filiere.mla.request import load_request
    from filiere.mla.tracking import update_draft

    request = load_request(request_file)
    stored = False
    if request.number is not None:
        ws = OPTIONS.open()
        try:
            target = get_case(ws, request.case)
        except CaseNotFound:
            target = None
        if target is not None:
            update_draft(ws, target, request)
            stored = True
    result = write_request(request, out or request_file.with_suffix(".docx"))
    result["stored"] = stored

    def show(r: dict) -> None:
        console.print(
            _("Written again: {docx}, {pdf}").format(docx=r["output"], pdf=r["pdf"]),
            highlight=False,
            soft_wrap=True,
        )
        if r["stored"]:
            console.print(
                _("Draft {number} of case {case} updated.").format(number=r["number"], case=request.case)
            )
        render_findings({"errors": r["all_errors"], "warnings": r["warnings"]})

    emit(result, as_json, show)
