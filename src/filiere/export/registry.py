"""The export formats: which module writes each, and which format an output path asks for.

Formats are registered by module path and imported only when used, so a format whose module is missing
(or whose library is absent) fails with a clear message instead of breaking the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from filiere.export.result import ExportError, ExportResult
from filiere.i18n import _

# format -> module exposing `write(ws, case, out: Path) -> ExportResult`
FORMATS: dict[str, str] = {
    "ftm": "filiere.export.ftm",
    "graphml": "filiere.export.graphml",
    "gexf": "filiere.export.gexf",
    "anx": "filiere.export.anx",
    "csv": "filiere.export.csvdir",
    "xlsx": "filiere.export.xlsx",
}
# longest suffixes first: "x.ftm.json" is FtM, not plain JSON
SUFFIXES: tuple[tuple[str, str], ...] = (
    (".ftm.json", "ftm"),
    (".ftm.jsonl", "ftm"),
    (".jsonl", "ftm"),
    (".ftm", "ftm"),
    (".graphml", "graphml"),
    (".gexf", "gexf"),
    (".anx", "anx"),
    (".xlsx", "xlsx"),
    (".csv", "csv"),
)

Writer = Callable[..., ExportResult]


def formats_text() -> str:
    return ", ".join(FORMATS)


def check_format(fmt: str) -> str:
    """`fmt` in lower case, or an error that lists the formats."""
    name = (fmt or "").strip().lower()
    if name not in FORMATS:
        raise ExportError(
            _("Unknown export format {format!r}: choose one of {formats}").format(
                format=fmt, formats=formats_text()
            )
        )
    return name


def infer_format(out: Path) -> str:
    """The format an output path asks for: its suffix; csv for a folder (or a name without a suffix)."""
    name = Path(out).name.lower()
    for suffix, fmt in SUFFIXES:
        if name.endswith(suffix):
            return fmt
    if Path(out).is_dir() or not Path(out).suffix:
        return "csv"
    raise ExportError(
        _("Cannot tell the export format from {path}: add --format ({formats})").format(
            path=out, formats=formats_text()
        )
    )


def writer(fmt: str) -> Writer:
    """The `write` function of a format's module."""
    module_name = FORMATS[check_format(fmt)]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise ExportError(
                _("The {format} export is not available in this installation").format(format=fmt)
            ) from exc
        raise
    return module.write
