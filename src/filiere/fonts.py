"""Where the DejaVu fonts are: PDF documents (MLA requests, case reports) and report images need a font
that holds every letter of a name (é, œ, «, —, other scripts). Debian ships DejaVu in fonts-dejavu-core;
FILIERE_PDF_FONT_DIR may point to another folder holding the same files."""

from __future__ import annotations

import os
from pathlib import Path

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "mono": "DejaVuSansMono.ttf",
}


def find_fonts() -> dict[str, Path] | None:
    """The DejaVu files (regular, bold, oblique, mono) from the first folder holding them all, or None."""
    folders = [os.environ.get("FILIERE_PDF_FONT_DIR", ""), *FONT_DIRS]
    for folder in folders:
        if not folder:
            continue
        paths = {style: Path(folder) / name for style, name in FONT_FILES.items()}
        if all(p.is_file() for p in paths.values()):
            return paths
    return None
