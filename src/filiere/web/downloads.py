"""The `Content-Disposition` of a download: always an attachment, with a name that cannot do harm.

A name comes from evidence (the original file's name, chosen by whoever wrote it) or from a request's
reference: it may hold slashes, `..`, quotes, control characters or right-to-left marks. The header keeps
only the last path component, drops what cannot be printed, and gives an ASCII `filename` (letters,
digits, '.', '-', '_') that every browser reads; when the real name differs (accents, spaces), the
UTF-8 name follows as RFC 5987/6266 `filename*`, percent-encoded, so no byte of it can break the header.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_NAME = 150
FALLBACK = "download"
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_BIDI_AND_CONTROLS = {"Cc", "Cf", "Zl", "Zp"}


def clean_name(name: str) -> str:
    """The last path component of `name` without control/format characters or leading dots, shortened
    (keeping the extension); empty when nothing is left."""
    last = re.split(r"[/\\]", name or "")[-1]
    text = "".join(
        c for c in unicodedata.normalize("NFC", last) if unicodedata.category(c) not in _BIDI_AND_CONTROLS
    )
    text = text.strip().lstrip(".").strip()
    if len(text) > MAX_NAME:
        stem, dot, extension = text.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            text = stem[: MAX_NAME - len(extension) - 1] + "." + extension
        else:
            text = text[:MAX_NAME]
    return text


def ascii_name(name: str) -> str:
    """An ASCII-only stand-in for `name` (accents folded, anything else replaced by '_')."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_ASCII_SAFE.sub("_", folded).strip("._") or FALLBACK


def attachment(name: str) -> str:
    """`attachment; filename="…"` and, when the name is not plain ASCII, `; filename*=UTF-8''…`."""
    real = clean_name(name)
    plain = ascii_name(real) if real else FALLBACK
    header = f'attachment; filename="{plain}"'
    if real and real != plain:
        header += "; filename*=UTF-8''" + quote(real, safe="")
    return header
