"""Writing a request out: the DOCX and the PDF in the request's language, the JSON beside them, and what
the checker says of it — the one path the CLI, the re-render after an edit and the web form share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.mla.check import check_request, summary
from filiere.mla.render_docx import render_docx
from filiere.mla.render_pdf import render_pdf
from filiere.mla.request import Request, save_request


def output_paths(out: str | Path) -> tuple[Path, Path, Path]:
    """request.docx -> (request.docx, request.pdf, request.json); a folder gets request.* inside it."""
    out = Path(out)
    if out.is_dir():
        out = out / "request.docx"
    if out.suffix.lower() not in (".docx", ".pdf"):
        raise FiliereError(_("-o {path}: give a .docx (or .pdf) file name").format(path=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.with_suffix(".docx"), out.with_suffix(".pdf"), out.with_suffix(".json")


def findings_of(request: Request, font_warnings: tuple[str, ...] | list[str] = ()) -> dict[str, Any]:
    """The checker's findings split as `filiere mla draft --json` reports them: the Art. 18(15) sections
    still missing, the other errors, and warnings (drafting notes included)."""
    findings = summary(check_request(request))
    notes = [_note("NOTE", n) for n in request.notes] + [_note("PDF_FONT", w) for w in font_warnings]
    return {
        "missing": [f["field"] for f in findings["errors"] if f["code"] == "MISSING_SECTION"],
        "errors": [f for f in findings["errors"] if f["code"] != "MISSING_SECTION"],
        "all_errors": findings["errors"],
        "warnings": findings["warnings"] + notes,
    }


def _note(code: str, message: str) -> dict[str, str]:
    return {"severity": "warning", "code": code, "message": message, "fix": "", "field": ""}


def write_request(request: Request, out: str | Path) -> dict[str, Any]:
    """Write DOCX, PDF and JSON for the request; return the paths and the checker's findings."""
    docx_path, pdf_path, json_path = output_paths(out)
    save_request(request, json_path)
    render_docx(request, docx_path)
    font_warnings = render_pdf(request, pdf_path)[1]
    return {
        "output": str(docx_path),
        "pdf": str(pdf_path),
        "request": str(json_path),
        "language": request.language,
        "number": request.number,
        **findings_of(request, font_warnings),
    }
