"""Read PDF, DOCX and plain-text documents into text, page by page.

The format is taken from the bytes, not the file name: evidence arrives renamed, truncated or
hostile (encrypted, corrupt, zip bombs, huge page counts, content that makes the parser loop or
allocate without end), and each of those must end in an EvidenceError that names the file and says what
to do, never in a traceback. PDF and DOCX are parsed in a child process bounded in time and memory
(see ingest.sandbox); plain text is decoded here.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.records import ParsedDocument
from filiere.ingest.sandbox import Limits, run_limited
from filiere.ingest.textfile import decode_text, looks_binary

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text": "text/plain",
}

DEFAULT_PAGE_LIMIT = 5000
# A DOCX is a zip: refuse archives that would unpack to more than this, before python-docx opens them.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
# Word XML compresses about 5-20:1; deflate cannot exceed ~1032:1. Only large members are checked,
# because tiny members can have any ratio without harm.
MAX_RATIO = 200
RATIO_CHECK_FROM = 4 * 1024 * 1024

NO_TEXT_LAYER = "no text layer — scanned?"

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_DOCX_MAIN = "word/document.xml"


def document_format(data: bytes) -> str | None:
    """Return "pdf", "docx" or "text" from the content, or None when it is none of them (or empty).

    ``data`` may be the whole file or only its first bytes (64 KiB are enough to tell).
    """
    if not data.strip():
        return None
    # The PDF header may follow some junk; readers accept it within the first 1024 bytes.
    if _PDF_MAGIC in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            # A head sample (or a damaged archive) has no central directory: judge by local header names.
            head = data[:65536]
            return "docx" if b"[Content_Types].xml" in head and b"word/" in head else None
        return "docx" if _DOCX_MAIN in names else None
    if looks_binary(data):
        return None
    return "text"


def parse_document(
    path: str | Path,
    data: bytes,
    page_limit: int = DEFAULT_PAGE_LIMIT,
    limits: Limits | None = None,
) -> ParsedDocument:
    """Return the text of a PDF, DOCX or text file, one string per page (DOCX: a single page).

    PDF and DOCX are read in a child process within `limits` (default: Limits.from_env()).
    """
    fmt = document_format(data)
    if fmt is None:
        raise EvidenceError(path, _unknown_format_message(data))
    _check_extension(path, fmt)
    if fmt == "pdf":
        _import_parser(fmt)
        return run_limited(path, _parse_pdf, (path, data, page_limit), limits)
    if fmt == "docx":
        _import_parser(fmt)
        check_zip_safety(path, data)  # cheap, from the central directory: refuse a bomb before forking
        return run_limited(path, _parse_docx, (path, data), limits)
    return _parse_text(path, data)


def _import_parser(fmt: str) -> None:
    """Import the parser here, once, so that each forked child finds it loaded (~10 ms instead of ~30)."""
    if fmt == "pdf":
        import _strptime  # noqa: F401  (PDF dates)

        import pypdf.filters  # noqa: F401
    else:
        import docx  # noqa: F401


def _unknown_format_message(data: bytes) -> str:
    if not data.strip():
        return _("the file is empty; nothing to ingest")
    if data.startswith(_ZIP_MAGIC):
        return _(
            "the file is a ZIP archive but not a readable DOCX (corrupt, or another kind of archive); "
            "open it in a word processor and save it again as DOCX"
        )
    return _(
        "the file is neither PDF, DOCX nor text; convert it to PDF or DOCX (old .doc files: save as DOCX)"
    )


def _check_extension(path: str | Path, fmt: str) -> None:
    """A .pdf or .docx name whose content is plain text is a damaged or mislabelled file: say so."""
    suffix = Path(path).suffix.lower()
    if fmt == "text" and suffix in (".pdf", ".docx"):
        raise EvidenceError(
            path,
            _(
                "the file is named {suffix} but its content is not {kind} (damaged or renamed?); "
                "ask for a new copy of the original"
            ).format(suffix=suffix, kind=suffix[1:].upper()),
        )


# --- PDF ------------------------------------------------------------------------------------------


def _parse_pdf(path: str | Path, data: bytes, page_limit: int) -> ParsedDocument:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise EvidenceError(path, _corrupt_pdf(exc)) from exc

    metadata: dict[str, str] = {"format": "pdf"}
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError as exc:
            raise EvidenceError(
                path,
                _(
                    "the PDF is encrypted with AES, which needs the 'cryptography' package; "
                    "install it or ask the source for an unprotected copy"
                ),
            ) from exc
        except Exception as exc:
            raise EvidenceError(path, _corrupt_pdf(exc)) from exc
        if not opened:
            raise EvidenceError(
                path,
                _(
                    "the PDF is encrypted (password-protected); ask the source for the password "
                    "or an unprotected copy"
                ),
            )
        metadata["encrypted"] = "yes (opened with an empty password)"

    try:
        count = len(reader.pages)
    except Exception as exc:
        raise EvidenceError(path, _corrupt_pdf(exc)) from exc
    if count == 0:
        raise EvidenceError(
            path, _("the PDF has no pages; it may be damaged or truncated — ask for a new copy")
        )
    if count > page_limit:
        raise EvidenceError(
            path,
            _(
                "the PDF has {count} pages, more than the limit of {limit}; split it into smaller files"
            ).format(count=count, limit=page_limit),
        )

    pages: list[str] = []
    unreadable: list[int] = []
    for number in range(count):
        try:
            text = reader.pages[number].extract_text() or ""
        except Exception as exc:
            # One broken content stream should not cost the other pages; the metadata says which.
            _raise_if_memory(exc)
            text = ""
            unreadable.append(number + 1)
        pages.append(text)

    metadata["pages"] = str(count)
    metadata.update(_pdf_info(reader))
    if unreadable:
        metadata["unreadable_pages"] = ", ".join(str(n) for n in unreadable)
    if count and not any(page.strip() for page in pages):
        metadata["note"] = NO_TEXT_LAYER
    elif count:
        empty = [str(n + 1) for n, page in enumerate(pages) if not page.strip()]
        if empty:
            metadata["pages_without_text"] = ", ".join(empty)
    return ParsedDocument(pages=pages, media_type=MEDIA_TYPES["pdf"], metadata=metadata)


def _corrupt_pdf(exc: Exception) -> str:
    _raise_if_memory(exc)
    return _(
        "the PDF could not be read ({detail}); it may be damaged or truncated — ask for a new copy"
    ).format(detail=_short(exc))


def _pdf_info(reader: object) -> dict[str, str]:
    """Title, author and creation date from the PDF's document information, when readable."""
    found: dict[str, str] = {}
    try:
        info = reader.metadata  # type: ignore[attr-defined]
    except Exception:
        return found
    if not info:
        return found
    for key, attribute in (("title", "title"), ("author", "author")):
        try:
            value = getattr(info, attribute)
        except Exception:
            continue
        if value and str(value).strip():
            found[key] = str(value).strip()
    try:
        created = info.creation_date
    except Exception:
        created = None
    if isinstance(created, datetime):
        found["created"] = created.isoformat()
    return found


# --- DOCX -----------------------------------------------------------------------------------------


def check_zip_safety(
    path: str | Path,
    data: bytes,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_ratio: int = MAX_RATIO,
) -> None:
    """Refuse a zip whose members would unpack to too much (a zip bomb), from the central directory.

    zipfile never inflates a member beyond its declared size, so checking declared sizes is enough.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise EvidenceError(path, _corrupt_docx(exc)) from exc
    if len(members) > MAX_MEMBERS:
        raise EvidenceError(
            path,
            _("the DOCX holds {count} parts, far more than a Word document has; it was not opened").format(
                count=len(members)
            ),
        )
    total = sum(member.file_size for member in members)
    if total > max_unpacked:
        raise EvidenceError(
            path,
            _(
                "the DOCX would unpack to {size} MiB, more than the limit of {limit} MiB "
                "(a zip bomb?); it was not opened"
            ).format(size=total // (1024 * 1024), limit=max_unpacked // (1024 * 1024)),
        )
    for member in members:
        if member.file_size < RATIO_CHECK_FROM:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > max_ratio:
            raise EvidenceError(
                path,
                _(
                    "the DOCX part {name} is compressed {ratio}:1, far beyond a real document "
                    "(a zip bomb?); it was not opened"
                ).format(name=member.filename, ratio=int(ratio)),
            )


def _parse_docx(path: str | Path, data: bytes) -> ParsedDocument:
    check_zip_safety(path, data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                blocks.extend(_table_lines(block))
            else:
                blocks.append(block.text)
    except Exception as exc:
        raise EvidenceError(path, _corrupt_docx(exc)) from exc

    metadata: dict[str, str] = {"format": "docx", "pages": "1"}
    metadata.update(_docx_properties(document))
    return ParsedDocument(pages=["\n".join(blocks)], media_type=MEDIA_TYPES["docx"], metadata=metadata)


def _table_lines(table: object) -> list[str]:
    """One line per row, cells separated by " | "; each merged cell counted once."""
    from docx.table import _Cell

    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells = [_Cell(tc, table).text.replace("\n", " ").strip() for tc in row._tr.tc_lst]
        lines.append(" | ".join(cells).rstrip())
    return lines


def _docx_properties(document: object) -> dict[str, str]:
    found: dict[str, str] = {}
    try:
        props = document.core_properties  # type: ignore[attr-defined]
        title, author, created = props.title, props.author, props.created
    except Exception:
        return found
    if title and title.strip():
        found["title"] = title.strip()
    if author and author.strip():
        found["author"] = author.strip()
    if isinstance(created, datetime):
        found["created"] = created.isoformat()
    return found


def _corrupt_docx(exc: Exception) -> str:
    _raise_if_memory(exc)
    return _(
        "the DOCX could not be read ({detail}); it may be damaged — open it in a word processor "
        "and save it again, or ask for a new copy"
    ).format(detail=_short(exc))


# --- Plain text -----------------------------------------------------------------------------------


def _parse_text(path: str | Path, data: bytes) -> ParsedDocument:
    text, encoding = decode_text(data, path)
    pages = text.split("\f")
    # A form feed closing the last page does not open a new one.
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    metadata = {"format": "text", "encoding": encoding, "pages": str(len(pages))}
    return ParsedDocument(pages=pages, media_type=MEDIA_TYPES["text"], metadata=metadata)


def _raise_if_memory(exc: Exception) -> None:
    """A MemoryError is the sandbox's memory limit speaking, not a damaged file: let it through."""
    if isinstance(exc, MemoryError):
        raise exc


def _short(exc: Exception) -> str:
    detail = str(exc).strip() or type(exc).__name__
    return detail if len(detail) <= 160 else detail[:157] + "..."
