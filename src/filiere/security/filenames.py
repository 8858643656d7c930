"""File names from untrusted text: an original's recorded name, a reference typed in a form.

A name recorded at ingest is evidence-supplied: "../../.bashrc", "C:\\Windows\\x", "CON", a NUL byte or
a right-to-left override hiding "exe" at the end must never choose where a file is written, nor what
an investigator believes a file to be. `safe_filename` keeps the last path component only and makes it
a plain name that is valid on Linux, macOS and Windows alike; the original name itself stays in the
database untouched, as provenance.
"""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 200  # leaves room under the usual 255-byte limit for suffixes such as ".part"
_WINDOWS_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$")
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_SEPARATORS = re.compile(r"[/\\]")


def safe_filename(name: str, default: str = "file", max_bytes: int = MAX_BYTES) -> str:
    """A plain file name made from `name`, never a path; `default` when nothing usable is left.

    Directories are dropped (both / and \\), as are NUL, control and invisible formatting characters
    (bidirectional overrides included); characters Windows forbids become "_"; leading and trailing dots
    and spaces go (so "." and ".." and hidden files cannot result); a reserved Windows device name gets
    a "_" in front; the name is cut to `max_bytes` of UTF-8, keeping its extension.
    """
    text = unicodedata.normalize("NFC", str(name))
    text = _SEPARATORS.split(text)[-1]
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    text = _WINDOWS_FORBIDDEN.sub("_", text)
    text = " ".join(text.split())  # runs of spaces (and odd Unicode spaces) become one space
    text = text.strip(" .")
    if not text:
        return "file" if default == "file" else safe_filename(default, "file", max_bytes)
    if _WINDOWS_RESERVED.match(text.split(".")[0].rstrip(" ")):  # "CON", "con.txt", "Nul .tar.gz"
        text = "_" + text
    return _truncate(text, max_bytes)


def _truncate(text: str, max_bytes: int) -> str:
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    stem, dot, suffix = text.rpartition(".")
    extension = dot + suffix if dot and stem and len(suffix.encode("utf-8")) <= 16 else ""
    base = stem if extension else text
    budget = max_bytes - len(extension.encode("utf-8"))
    cut = base.encode("utf-8")[:budget].decode("utf-8", errors="ignore").rstrip(" .")
    return (cut or "file") + extension
