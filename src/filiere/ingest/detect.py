"""Tell which kind of evidence a file is, from its bytes first and its name second."""

from __future__ import annotations

from pathlib import Path

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.document import document_format
from filiere.ingest.interview import interview_score
from filiere.ingest.textfile import decode_text, looks_binary
from filiere.ingest.transcript import transcript_score

KINDS = ("transcript", "interview", "cdr", "subscribers", "links", "document", "ftm")
CSV_SUFFIXES = {".csv", ".tsv", ".tab"}
TEXT_THRESHOLD = 0.5


def detect_kind(blob_path: Path, original: Path) -> str:
    """Return one of KINDS, or raise EvidenceError naming `original` when no parser can read it."""
    with open(blob_path, "rb") as handle:
        head = handle.read(65536)
    if not head.strip():
        raise EvidenceError(original, _("the file is empty; nothing to ingest"))
    fmt = document_format(head)
    if fmt in ("pdf", "docx"):
        return "document"
    if looks_binary(head):
        raise EvidenceError(
            original,
            _(
                "binary file of an unsupported type; Filière reads text transcripts "
                "and records, CSV, PDF and DOCX"
            ),
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        from filiere.ingest.ftm import looks_like_ftm

        if looks_like_ftm(blob_path):  # JSON lines of FollowTheMoney entities (Aleph, filiere export)
            return "ftm"
    if original.suffix.lower() in CSV_SUFFIXES:
        return _csv_kind(blob_path, original)
    text, _encoding = decode_text(head, original)
    scores = {"transcript": transcript_score(text), "interview": interview_score(text)}
    best = max(scores, key=scores.__getitem__)
    if scores[best] >= TEXT_THRESHOLD:
        return best
    return "document"


def _csv_kind(blob_path: Path, original: Path) -> str:
    from filiere.ingest.cdr import cdr_columns, cdr_layout
    from filiere.ingest.links import links_layout
    from filiere.ingest.subscribers import subscriber_layout

    try:
        links = links_layout(blob_path)
        # "source;target;…" with nothing only a call record has (duration, cell, IMEI): an analyst's link list
        if not cdr_columns(links.csv.names).keys() & {"duration", "cell", "imei", "imsi"}:
            return "links"
    except EvidenceError:
        pass
    try:
        cdr_layout(blob_path)
        return "cdr"
    except EvidenceError as cdr_error:
        try:
            subscriber_layout(blob_path)
            return "subscribers"
        except EvidenceError:
            raise EvidenceError(
                original,
                _(
                    "unknown CSV layout: {reason} Use --kind to force the kind, or rename the header columns"
                ).format(reason=cdr_error.message),
            ) from cdr_error
