"""Decode a text original into str, naming the encoding found; refuse binary and empty files."""

from __future__ import annotations

import codecs
from pathlib import Path

from filiere.errors import EvidenceError

_SAMPLE = 8192


def sniff_encoding(sample: bytes) -> str:
    """Guess the encoding of a file from its first bytes (BOM, then UTF-8, then Windows/Latin-1)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the sample is still UTF-8.
        if exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
        return "cp1252"


def looks_binary(sample: bytes) -> bool:
    """True for content no text parser should read (NUL bytes outside UTF-16)."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in sample[:_SAMPLE]


def decode_text(data: bytes, path: str | Path) -> tuple[str, str]:
    """Return (text, encoding) for a whole text file, or raise EvidenceError naming the file."""
    if not data.strip():
        raise EvidenceError(path, "the file is empty; nothing to ingest")
    if looks_binary(data):
        raise EvidenceError(path, "the file is binary, not text; use --kind document for PDF/DOCX")
    encoding = sniff_encoding(data[:65536])
    for candidate in (encoding, "cp1252", "latin-1"):
        try:
            return data.decode(candidate), candidate.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    raise EvidenceError(path, "the text encoding could not be recognised (tried UTF-8, CP1252, Latin-1)")
