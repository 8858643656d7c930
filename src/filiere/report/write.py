"""Writing the case report to a file, in HTML, PDF or Word, and recording who took it away.

The format follows the file's suffix (or is forced); a folder gets `<case>-report.<format>`. The report is
built once from the data, rendered, written whole (a partly written report never stays on disk) and
audited as `report.write` with the file's name, SHA-256 and size: an inspector can tell who took which
report of which case, and check that a copy is that report.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from filiere.cases import Case
from filiere.errors import FiliereError
from filiere.i18n import _, using_language
from filiere.report.build import build_document
from filiere.report.gather import gather
from filiere.report.labels import language_of
from filiere.workspace import Workspace

FORMATS = ("html", "pdf", "docx")
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


class ReportFormatError(FiliereError):
    """The report's format cannot be told from the file name, or is not one we write."""


@dataclass
class WrittenReport:
    path: Path
    format: str
    language: str
    sha256: str
    size: int
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "report": str(self.path),
            "format": self.format,
            "language": self.language,
            "sha256": self.sha256,
            "bytes": self.size,
            "warnings": self.warnings,
        }


def target(case: Case, out: str | Path, fmt: str | None = None) -> tuple[Path, str]:
    """The file to write and its format, from `out` (a file or a folder) and `fmt` (forced, or None)."""
    out = Path(out)
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ReportFormatError(
                _("unknown report format {format}; use one of: {choices}").format(
                    format=fmt, choices=", ".join(FORMATS)
                )
            )
    if out.is_dir():
        chosen = fmt or "html"
        return out / f"{case.slug}-report.{chosen}", chosen
    if fmt:
        return out, fmt
    found = SUFFIXES.get(out.suffix.lower())
    if found is None:
        raise ReportFormatError(
            _(
                "cannot tell the report's format from {name}: name the file .html, .pdf or .docx, "
                "or give --format html|pdf|docx"
            ).format(name=out.name)
        )
    return out, found


def write_report(
    ws: Workspace,
    case: Case,
    out: str | Path,
    language: str,
    fmt: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> WrittenReport:
    """Write the case's report in `language` ("fr" or "en"); returns what was written, audited."""
    path, fmt = target(case, out, fmt)
    language = language_of(language)
    step = progress or (lambda _message: None)
    # the analysis and the qualification write their sentences in the report's language; for this
    # thread only, so that two reports written at once on a server never swap languages
    with using_language(language):
        step(_("Reading the case (network, qualification, requests)…"))
        doc = build_document(gather(ws, case), language)
        step(_("Writing the {format} report…").format(format=fmt.upper()))
        payload, warnings = render(doc, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(payload)
    os.replace(partial, path)
    written = WrittenReport(path, fmt, language, hashlib.sha256(payload).hexdigest(), len(payload), warnings)
    with ws.write() as conn:
        ws.log(
            conn, "report.write", "case", case.id, case_id=case.id, format=fmt, language=language,
            output=path.name, sha256=written.sha256, size=written.size,
        )  # fmt: skip
    return written


def render(doc, fmt: str) -> tuple[bytes, list[str]]:
    """The report's bytes in `fmt`, and warnings (a PDF without the DejaVu fonts)."""
    if fmt == "pdf":
        from filiere.report.pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        from filiere.report.docx import render_docx

        return render_docx(doc), []
    from filiere.report.html import render_document

    return render_document(doc).encode("utf-8"), []


def write_case_report(
    ws: Workspace, case: Case, out: str | Path, language: str, fmt: str | None = None
) -> Path:
    """Write the case's report (HTML, PDF or DOCX, from the suffix or `fmt`) to `out` and audit it;
    `out` may be a folder: the file is then `<case>-report.<format>` in it. Returns the file written."""
    return write_report(ws, case, out, language, fmt).path
