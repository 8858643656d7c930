"""What every export writer returns, the error it raises, and the file helpers they share.

A writer (`filiere.export.<format>.write(ws, case, out) -> ExportResult`) writes its files and says which
ones and how many items each holds; `filiere.export.run_export` then hashes those files into the audit log.
Files are written under a temporary name and renamed into place, so a failed export never leaves a
half-written file where the user expects a good one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filiere.errors import FiliereError
from filiere.i18n import _


class ExportError(FiliereError):
    """An export could not be written: unknown format, unusable output path, disk error."""


@dataclass
class ExportResult:
    format: str
    paths: list[Path]
    counts: dict[str, int]  # {"nodes": .., "edges": ..}, {"entities": ..}, rows per table…
    warnings: list[str] = field(default_factory=list)  # e.g. a sheet cut at the spreadsheet's row limit
    files: list[dict[str, Any]] = field(default_factory=list)  # name, bytes, sha256: set by run_export


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def output_file(out: Path, case_slug: str, suffix: str) -> Path:
    """The file to write: `out` itself, or `<case><suffix>` inside `out` when it is an existing folder."""
    out = Path(out)
    if out.is_dir():
        return out / f"{case_slug}{suffix}"
    if not out.parent.exists():
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(
                _("Cannot create the folder {path}: {error}").format(path=out.parent, error=exc.strerror)
            ) from exc
    return out


def output_folder(out: Path) -> Path:
    """A folder to write several files into (created); an existing file there is an error."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ExportError(
            _("{path} is a file: give a folder for this export (it writes several files)").format(path=out)
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            _("Cannot create the folder {path}: {error}").format(path=out, error=exc.strerror)
        ) from exc
    return out


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to `path`; on success it replaces `path`, on failure it is removed."""
    partial = path.with_name(f".{path.name}.part")
    try:
        yield partial
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(_("Cannot write {path}: {error}").format(path=path, error=exc.strerror)) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_xml(tree: Any, out: Path, slug: str, fmt: str, counts: dict[str, int]) -> ExportResult:
    """Write an XML export (an ElementTree) as `<slug>.<fmt>` when `out` is a folder, all or nothing."""
    path = output_file(out, slug, f".{fmt}")
    with replacing(path) as partial:
        tree.write(partial, encoding="utf-8", xml_declaration=True)
    return ExportResult(fmt, [path], counts)
