"""Find how an operator's CSV file is written (encoding, delimiter, header row) from its first 64 KiB.

Operators differ: `;` or `,` or tab or `|`, UTF-8 or Windows-1252, title lines above the header, a
trailing delimiter on every row. The layout found here is shared by the CDR and subscriber parsers, which
then stream the whole file with `open_records` without loading it in memory.

Decoding choice: a file is read with the encoding sniffed from its start. A byte sequence that is not
valid in that encoding further down (typically one Latin-1 "é" in a UTF-8 export) is decoded as
Windows-1252 (Latin-1 for the five bytes Windows-1252 leaves undefined) instead of failing: the row is
kept and the accented letter reads as the operator meant it. No byte is ever undecodable.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.textfile import looks_binary, sniff_encoding

SAMPLE_BYTES = 65536
READ_BUFFER = 1 << 20
MAX_PREAMBLE = 10  # title lines an operator may put above the header row
MAX_SAMPLE_ROWS = 200
DELIMITERS = (";", ",", "\t", "|")
DECODE_ERRORS = "filiere-cp1252-fallback"

_FALLBACK_CHARS = tuple(
    bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in range(256)
)


def _decode_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the offending bytes as Windows-1252 (see module docstring)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_FALLBACK_CHARS[b] for b in bad), exc.end


codecs.register_error(DECODE_ERRORS, _decode_fallback)


@dataclass(frozen=True)
class CsvLayout:
    """How one CSV file is written; `sample` holds the first data rows (line, cells) for checks."""

    path: Path
    encoding: str
    delimiter: str
    quotechar: str
    header_line: int  # 1-based physical line of the header row
    names: tuple[str, ...]  # header cells as written, trailing unnamed columns dropped
    row_width: int  # number of cells most data rows have (may exceed len(names) by a trailing delimiter)
    preamble: tuple[str, ...]  # non-blank title lines above the header, as text
    sample: tuple[tuple[int, tuple[str, ...]], ...]

    @property
    def width(self) -> int:
        return len(self.names)

    def describe(self) -> dict[str, Any]:
        """What was found, for the ingest report (JSON-serialisable)."""
        return {
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header_line": self.header_line,
            "columns": list(self.names),
            "preamble_lines": len(self.preamble),
        }


def header_names(layout_or_names: Any) -> Sequence[str]:
    """The header cells of a CsvLayout, of a kind's layout wrapping one (`.csv`), or the names themselves."""
    layout = getattr(layout_or_names, "csv", layout_or_names)
    return layout.names if isinstance(layout, CsvLayout) else layout_or_names


def vocabulary_table(table: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Header vocabularies are written "spelling|spelling|..." to stay readable; split them once."""
    return {key: tuple(value.split("|")) for key, value in table.items()}


def normalise_name(name: str) -> str:
    """Fold a header cell for matching: no accents, no case, words separated by single spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(w for w in re.split(r"[\W_]+", text) if w)


def match_columns(
    names: Sequence[str],
    vocabulary: Mapping[str, Sequence[str]],
    keywords: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, int]:
    """Map field -> column index: exact (folded) spellings first, then single keywords, leftmost wins.

    `keywords` is tried only for columns and fields still unmatched; its order is its priority, so a
    column "IMEI appelant" goes to imei when imei comes before caller.
    """
    folded = [normalise_name(n) for n in names]
    spelling = {normalise_name(s): f for f, spellings in vocabulary.items() for s in spellings}
    found: dict[str, int] = {}
    used: set[int] = set()
    for i, name in enumerate(folded):
        field = spelling.get(name)
        if field is not None and field not in found:
            found[field] = i
            used.add(i)
    for i, name in enumerate(folded):
        if i in used or not name:
            continue
        words = set(name.split())
        for field, words_for_field in (keywords or {}).items():
            if words & {normalise_name(w) for w in words_for_field}:
                if field not in found:
                    found[field] = i
                    used.add(i)
                break
    return found


def sniff_csv(path: str | Path, vocabulary: Mapping[str, Sequence[str]] | None = None) -> CsvLayout:
    """Examine the first 64 KiB of `path`; `vocabulary` helps choose the header among title lines."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            sample = f.read(SAMPLE_BYTES + 1)
    except OSError as exc:
        raise EvidenceError(path, _("the file cannot be read: {error}").format(error=exc.strerror)) from exc
    whole = len(sample) <= SAMPLE_BYTES
    sample = sample[:SAMPLE_BYTES]
    if not sample.strip():
        raise EvidenceError(path, _("the file is empty; nothing to ingest"))
    if looks_binary(sample):
        raise EvidenceError(path, _("the file is binary, not a CSV table; use --kind document for PDF/DOCX"))
    encoding = sniff_encoding(sample)
    text = codecs.getincrementaldecoder(encoding)(errors=DECODE_ERRORS).decode(sample, final=whole)
    if not whole:  # drop the last line, probably cut by the sample's end
        text = text[: max(text.rfind("\n"), text.rfind("\r")) + 1] or text
    best: tuple[tuple[int, int], str, list[tuple[int, list[str]]], int] | None = None
    for delimiter in DELIMITERS:
        records = _records(text, delimiter, _quotechar(text, delimiter))
        widths = Counter(len(r) for _, r in records if len(r) >= 2)
        if not widths:
            continue
        mode, count = max(widths.items(), key=lambda kv: (kv[1], kv[0]))
        if best is None or (count, mode) > best[0]:
            best = ((count, mode), delimiter, records, mode)
    if best is None:
        raise EvidenceError(
            path, _("no column separator found (tried ; , tab |): this does not look like a CSV table")
        )
    _score, delimiter, records, row_width = best
    header_at = _find_header(records, row_width, vocabulary)
    if header_at is None:
        raise EvidenceError(
            path,
            _(
                "no header row found in the first {count} lines; add a first line naming the columns "
                "(e.g. Appelant;Appelé;Date;Durée)"
            ).format(count=MAX_PREAMBLE + 1),
        )
    header_line, header = records[header_at]
    names = list(header)
    while names and not names[-1].strip():
        names.pop()
    preamble = tuple(
        _delimiter_join(r, delimiter) for _, r in records[:header_at] if any(c.strip() for c in r)
    )
    rows = tuple(
        (line, tuple(r))
        for line, r in records[header_at + 1 :][:MAX_SAMPLE_ROWS]
        if any(c.strip() for c in r)
    )
    return CsvLayout(
        path=path,
        encoding=encoding,
        delimiter=delimiter,
        quotechar=_quotechar(text, delimiter),
        header_line=header_line,
        names=tuple(n.strip() for n in names),
        row_width=row_width,
        preamble=preamble,
        sample=rows,
    )


def _delimiter_join(cells: list[str], delimiter: str) -> str:
    return delimiter.join(cells).strip(delimiter + " ")


def _quotechar(text: str, delimiter: str) -> str:
    """Double quote unless single quotes clearly wrap fields and double quotes never do."""
    double = text.count(delimiter + '"') + text.count('"' + delimiter)
    single = text.count(delimiter + "'") + text.count("'" + delimiter)
    return "'" if double == 0 and single > 10 else '"'


def _records(text: str, delimiter: str, quotechar: str) -> list[tuple[int, list[str]]]:
    """Parse the sample as the streaming reader will: (1-based start line, cells) per record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quotechar)
    out: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for row in reader:
            out.append((last + 1, row))
            last = reader.line_num
            if len(out) > MAX_SAMPLE_ROWS + MAX_PREAMBLE + 1:
                break
    except csv.Error:
        pass
    return out


_VALUE_LIKE = re.compile(r"[\d\s+\-/:.,()]+")


def _header_like(cells: list[str]) -> bool:
    """A header names things: no cell is a bare number or date, most cells hold letters."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 2 or any(_VALUE_LIKE.fullmatch(c) for c in filled):
        return False
    return sum(any(ch.isalpha() for ch in c) for c in filled) * 2 >= len(filled)


def _find_header(
    records: list[tuple[int, list[str]]], width: int, vocabulary: Mapping[str, Sequence[str]] | None
) -> int | None:
    """Index of the header record among the first non-blank records (title lines may come first)."""
    candidates: list[int] = []
    seen = 0
    for i, (_line, cells) in enumerate(records):
        if not any(c.strip() for c in cells):
            continue
        seen += 1
        if seen > MAX_PREAMBLE + 1:
            break
        n = len(cells)
        fits = n == width or (n == width + 1 and not cells[-1].strip()) or n == width - 1
        if fits and _header_like(cells):
            candidates.append(i)
    if not candidates:
        return None
    if vocabulary is None:
        return candidates[0]
    return max(candidates, key=lambda i: (len(match_columns(records[i][1], vocabulary)), -i))


@contextmanager
def open_records(layout: CsvLayout) -> Iterator[Any]:
    """A csv reader over the whole file, positioned after the header; `reader.line_num` counts lines."""
    try:
        stream = open(  # noqa: SIM115 - closed by the with below, after the caller is done
            layout.path,
            encoding=layout.encoding,
            errors=DECODE_ERRORS,
            newline="",
            buffering=READ_BUFFER,
        )
    except OSError as exc:
        raise EvidenceError(
            layout.path, _("the file cannot be read: {error}").format(error=exc.strerror)
        ) from exc
    with stream:
        reader = csv.reader(stream, delimiter=layout.delimiter, quotechar=layout.quotechar)
        try:
            while reader.line_num < layout.header_line:
                next(reader)
        except (StopIteration, csv.Error) as exc:
            raise EvidenceError(
                layout.path, _("the file changed while it was read; ingest it again"), layout.header_line
            ) from exc
        yield reader
