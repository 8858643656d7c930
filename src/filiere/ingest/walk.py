"""List the files to ingest from the paths a user gave: files as they are, folders recursively."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from filiere.errors import EvidenceError
from filiere.i18n import _


def iter_files(paths: list[Path], exclude: Path | None = None) -> Iterator[Path | EvidenceError]:
    """Yield files in a stable order (sorted by path); a missing path yields an error, not an exception.

    `exclude` is the workspace folder: its own database and blobs are never evidence.

    Hidden files and folders (".DS_Store", ".git") are skipped; symbolic links to folders are not
    followed, so a loop of links cannot make the walk endless. A link to a file outside the folder
    (a seized drive holding "notes -> /home/officer/.ssh/id_rsa") is refused: it would read a file
    of this machine into the case.
    """
    for path in paths:
        if path.is_file():
            yield path
        elif path.is_dir():
            top = path.resolve()
            for folder, dirnames, filenames in os.walk(path):
                if exclude is not None and Path(folder).resolve() == exclude:
                    dirnames[:] = []
                    continue
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        yield _inside(Path(folder) / name, top)
        else:
            yield EvidenceError(path, _("no such file or folder"))


def _inside(path: Path, top: Path) -> Path | EvidenceError:
    if not path.is_symlink():
        return path
    target = path.resolve()
    if target.is_relative_to(top):
        return path
    return EvidenceError(
        path,
        _(
            "a symbolic link to {target}, outside the folder being ingested; not followed — "
            "copy that file into the folder if it is evidence"
        ).format(target=target),
    )
