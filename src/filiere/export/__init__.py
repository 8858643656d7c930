"""Exports that other tools open: FtM (Aleph), GraphML/GEXF (Gephi, Cytoscape, yEd), i2 ANX, CSV, XLSX.

`run_export` is the one entry point (CLI and web): it checks the format, lets the format's module write
its files (filiere.export.registry), then records the export in the audit log — action "export.write" on
the case, with the format, the names, SHA-256 and sizes of the files written and their counts — so that
what left the workbench can be proven later. See docs/export.md.
"""

from __future__ import annotations

from pathlib import Path

from filiere.cases import Case
from filiere.export.registry import FORMATS, check_format, infer_format, writer
from filiere.export.result import ExportError, ExportResult, sha256_file
from filiere.workspace import Workspace

__all__ = ["FORMATS", "ExportError", "ExportResult", "file_details", "infer_format", "run_export"]


def file_details(result: ExportResult) -> list[dict[str, object]]:
    """Name, size and SHA-256 of every file an export wrote."""
    return [{"name": p.name, "bytes": p.stat().st_size, "sha256": sha256_file(p)} for p in result.paths]


def run_export(
    ws: Workspace, case: Case, fmt: str, out: str | Path, shown_as: str | None = None
) -> ExportResult:
    """Write the case in format `fmt` to `out` and audit it; `shown_as` names a web download instead."""
    name = check_format(fmt)
    result = writer(name)(ws, case, Path(out))
    result.files = files = file_details(result)
    with ws.write() as conn:
        ws.log(conn, "export.write", "case", case.id, case_id=case.id, format=name,
               output=shown_as or str(out), files=files, counts=result.counts,
               warnings=result.warnings)  # fmt: skip
    return result
