"""The case page "Report and exports": the case report (HTML, PDF, Word; French or English) and the exports
other tools open (FtM, GraphML, GEXF, i2 ANX, CSV, XLSX), each a download.

Each download calls the function the CLI calls (`report.write.write_report`, `export.run_export`), so the
file is the one `filiere report` / `filiere export` would write and the audit row (`report.write`,
`export.write`) is written by that function, under the logged-in user's name (the request's workspace
carries it as actor) and with the name the browser receives. The file is written in a temporary folder,
sent, then the folder is removed. Downloads are GETs: they change no case data, so read rights in the
case suffice (`deps.guard` has checked them: another case answers 404). Every export format has its own
route, so the access matrix test (which reads every route of the app) covers each of them.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.background import BackgroundTask
from starlette.responses import Response

from filiere.cases import Case
from filiere.export import run_export
from filiere.i18n import _, supported, using_language
from filiere.report.write import FORMATS as REPORT_FORMATS
from filiere.report.write import write_report
from filiere.web.deps import case_for, workspace
from filiere.web.downloads import attachment
from filiere.web.language import request_language
from filiere.web.templating import localized, render

router = APIRouter(include_in_schema=False)

DEFAULT_REPORT_FORMAT = "pdf"
REPORT_MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# export format (filiere.export.FORMATS) -> (suffix of the file sent, media type); csv: one ZIP of four files
EXPORT_FILES = {
    "ftm": (".ftm.json", "application/x-ndjson"),
    "graphml": (".graphml", "application/graphml+xml"),
    "gexf": (".gexf", "application/gexf+xml"),
    "anx": (".anx", "application/xml"),
    "csv": ("-csv.zip", "application/zip"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # members dated alike: the same tables give the same ZIP


@router.get("/cases/{case}/outputs", response_class=HTMLResponse)
@localized
def outputs_page(request: Request, case: str) -> HTMLResponse:
    """The report form (format, language) and the list of exports with the tools that open them."""
    found = case_for(request, case)
    return render(
        request,
        "case_outputs.html",
        case=found,
        active="outputs",
        report_formats=REPORT_FORMATS,
        default_format=DEFAULT_REPORT_FORMAT,
        exports=list(EXPORT_FILES),
    )


def report_name(case: Case, fmt: str, language: str) -> str:
    return f"{case.slug}-report-{language}.{fmt}"


def export_name(case: Case, fmt: str) -> str:
    return case.slug + EXPORT_FILES[fmt][0]


@router.get("/cases/{case}/outputs/report")
@localized
def report_download(
    request: Request, case: str, format: str = DEFAULT_REPORT_FORMAT, lang: str | None = None
) -> Response:
    """The case report in `format` (html, pdf, docx) and `lang` (fr, en; default: the interface's)."""
    found = case_for(request, case)
    fmt = format.strip().lower()
    if fmt not in REPORT_FORMATS:
        raise HTTPException(
            422,
            _("unknown report format {format}; use one of: {choices}").format(
                format=format, choices=", ".join(REPORT_FORMATS)
            ),
        )
    language = supported(lang) if lang else request_language(request)
    if language is None:
        raise HTTPException(422, _("Language of the report: fr or en (default: the interface language)."))
    name = report_name(found, fmt, language)
    folder = tempfile.TemporaryDirectory(prefix="filiere-report-")
    try:
        with using_language(language):  # the analysis writes its sentences in the report's language
            written = write_report(workspace(request), found, Path(folder.name) / name, language, fmt)
    except BaseException:
        folder.cleanup()
        raise
    return _send(folder, written.path, name, REPORT_MEDIA[fmt])


def _export(request: Request, case: str, fmt: str) -> Response:
    """Write the export in a temporary folder (csv: zipped) and send it; audited by `run_export`."""
    ws = workspace(request)
    found = case_for(request, case)
    name = export_name(found, fmt)
    folder = tempfile.TemporaryDirectory(prefix="filiere-export-")
    root = Path(folder.name)
    try:
        if fmt == "csv":
            result = run_export(ws, found, fmt, root / "tables", shown_as=name)
            path = zip_files(result.paths, root / name)
        else:
            path = root / name
            run_export(ws, found, fmt, path, shown_as=name)
    except BaseException:
        folder.cleanup()
        raise
    return _send(folder, path, name, EXPORT_FILES[fmt][1])


def zip_files(paths: list[Path], target: Path) -> Path:
    """The files side by side in one ZIP (deflated, fixed dates), in the order given."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            member = zipfile.ZipInfo(path.name, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            big = path.stat().st_size >= zipfile.ZIP64_LIMIT
            with path.open("rb") as source, archive.open(member, "w", force_zip64=big) as sink:
                while block := source.read(1 << 20):
                    sink.write(block)
    return target


def _send(folder: tempfile.TemporaryDirectory, path: Path, name: str, media_type: str) -> Response:
    """The file as an attachment named `name`; the temporary folder goes once it is sent."""
    return FileResponse(
        path,
        media_type=media_type,
        headers={"Content-Disposition": attachment(name)},
        background=BackgroundTask(folder.cleanup),
    )


def _export_route(fmt: str) -> Callable[..., Response]:
    """The route of one export format (one route per format: each is in the app's route list)."""

    def download(request: Request, case: str) -> Response:
        return _export(request, case, fmt)

    download.__name__ = f"export_{fmt}"
    download.__doc__ = f"The case exported as {fmt} (`filiere export --format {fmt}`), audited."
    return localized(download)


for _format in EXPORT_FILES:
    router.add_api_route(f"/cases/{{case}}/outputs/export/{_format}", _export_route(_format), methods=["GET"])
