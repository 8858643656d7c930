"""`filiere mla draft|check`: requests for mutual legal assistance, written from the case and checked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from filiere.cases import get_case
from filiere.cli.context import OPTIONS
from filiere.cli.output import console, emit
from filiere.errors import FiliereError
from filiere.i18n import _

app = typer.Typer(
    help=_("Requests for mutual legal assistance: drafted from the case, checked before they are sent."),
    no_args_is_help=True,
)
JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON for machines."))]


def _paths(out: Path) -> tuple[Path, Path, Path]:
    """request.docx -> (request.docx, request.pdf, request.json); a folder gets request.* inside it."""
    if out.is_dir():
        out = out / "request.docx"
    if out.suffix.lower() not in (".docx", ".pdf"):
        raise FiliereError(_("-o {path}: give a .docx (or .pdf) file name").format(path=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.with_suffix(".docx"), out.with_suffix(".pdf"), out.with_suffix(".json")


def _contact(text: str):
    """ "Name, function, +227…, name@example.org": the parts that look like a telephone or an email are
    recognised, the first other part is the name, the next the function."""
    from filiere.mla.request import Authority

    contact = Authority()
    rest = []
    for part in (p.strip() for p in text.split(",")):
        if "@" in part and not contact.email:
            contact.email = part
        elif part.startswith("+") and sum(c.isdigit() for c in part) >= 6 and not contact.phone:
            contact.phone = part
        elif part:
            rest.append(part)
    contact.name = rest[0] if rest else ""
    contact.function = ", ".join(rest[1:])
    return contact


def _render_findings(result: dict) -> None:
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
    as_json: JsonFlag = False,
) -> None:
    """Draft a request for mutual legal assistance from the case."""
    from filiere.mla.check import check_request, summary
    from filiere.mla.draft import draft_request
    from filiere.mla.render_docx import render_docx
    from filiere.mla.render_pdf import render_pdf
    from filiere.mla.request import Authority, save_request

    docx_path, pdf_path, json_path = _paths(out)
    ws = OPTIONS.open()
    request = draft_request(
        ws,
        get_case(ws, case),
        to,
        measure,
        language=lang,
        authority=Authority(name=authority or "", function=function or ""),
        contacts=[_contact(c) for c in contact or []],
        urgent=urgent,
        deadline=deadline,
        nature=nature,
        place=place,
        reference=reference,
    )
    save_request(request, json_path)
    render_docx(request, docx_path)
    font_warnings = render_pdf(request, pdf_path)[1]
    findings = summary(check_request(request))
    missing = [f["field"] for f in findings["errors"] if f["code"] == "MISSING_SECTION"]
    notes = [
        {"severity": "warning", "code": "NOTE", "message": n, "fix": "", "field": ""} for n in request.notes
    ]
    notes += [
        {"severity": "warning", "code": "PDF_FONT", "message": w, "fix": "", "field": ""}
        for w in font_warnings
    ]
    result = {
        "output": str(docx_path),
        "pdf": str(pdf_path),
        "request": str(json_path),
        "language": request.language,
        "missing": missing,
        "errors": [f for f in findings["errors"] if f["code"] != "MISSING_SECTION"],
        "warnings": findings["warnings"] + notes,
    }

    def render(r: dict) -> None:
        console.print(
            _(
                "Request to {state} in {lang}: {docx}, {pdf} (check again with `filiere mla check {json}`)"
            ).format(
                state=request.requested_state,
                lang=r["language"],
                docx=r["output"],
                pdf=r["pdf"],
                json=r["request"],
            ),
            highlight=False,
            soft_wrap=True,
        )
        if r["missing"]:
            console.print(_("[bold]Missing:[/] {fields}").format(fields=", ".join(r["missing"])))
        _render_findings({"errors": findings["errors"], "warnings": r["warnings"]})

    emit(result, as_json, render)


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
    emit(result, as_json, _render_findings)
    if findings["errors"]:
        raise typer.Exit(1)
