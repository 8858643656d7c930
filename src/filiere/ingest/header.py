"""The `Key: value` block at the top of a police record, read with a vocabulary of key spellings.

Records are typed by hand in French or English: "Réf.", "REF", "N° PV", "Ligne écoutée", "Date/Time",
with ":", " : ", " - " or dotted leaders between key and value. Each document kind gives a vocabulary
(canonical key -> spellings, as data); this module folds spellings (accents, case, spacing, trailing
dots, "(e)/(s)", small connector words) so that one entry covers many variants. Unknown keys are kept
under a slug of their own name: nothing written in a header is dropped.

Where the header ends matters as much as what it holds (dialogue lines "MOUSSA : …" look like header
lines), so the caller can pass `stop`, a predicate that ends the header at a key line it recognises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "Header",
    "KeyLine",
    "Line",
    "make_vocabulary",
    "normalise_key",
    "parse_header",
    "read_key_line",
    "slug_key",
    "split_lines",
]

MAX_PREAMBLE_LINES = 40  # non-blank lines searched for the first known key
MAX_KEY_CHARS = 48
MAX_KEY_WORDS = 6

_NEWLINE = re.compile(r"\r\n|\r|\n")
_DROP_WORDS = frozenset(["et", "and", "de", "du", "des", "d", "l", "la", "le", "les", "of", "the", "en"])
_KEY_BODY = rf"[^\W\d_][^:\n\t]{{0,{MAX_KEY_CHARS - 1}}}?"
_COLON_LINE = re.compile(rf"[ \t]*(?P<key>{_KEY_BODY}|N[°º][^:\n\t]{{0,40}}?)[ \t]*(?:\.{{2,}}[ \t]*)?[:：]")
# Separators accepted only after a key of the vocabulary (where they cannot be read another way).
_KNOWN_ONLY_SEP = re.compile(
    r"[ \t]*(?:\.{3,}[ \t]*(?:[:：\-–—][ \t]*)?|[ \t]+[-–—][ \t]*|[-–—][ \t]+|\t[ \t]*)"
)
_INLINE_KEY = re.compile(r"(?:\t|[ ]{2,})[ \t]*(?P<key>[^\W\d_][^:\n\t]{0,40}?)[ \t]*(?:\.{2,}[ \t]*)?[:：]")
_BAD_KEY_CHARS = re.compile(r"[,;!?\"«»“”\[\]{}<>=+*#@|]")


class Line(NamedTuple):
    """One physical line: 1-based number, offsets of its text (newline excluded) and of the next line."""

    number: int
    start: int
    end: int
    next_start: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Cut `text` at \\n, \\r\\n or \\r (as editors number lines), keeping exact offsets."""
    lines: list[Line] = []
    pos = 0
    number = 1
    for match in _NEWLINE.finditer(text):
        lines.append(Line(number, pos, match.start(), match.end(), text[pos : match.start()]))
        pos = match.end()
        number += 1
    if pos < len(text) or not lines:
        lines.append(Line(number, pos, len(text), len(text), text[pos:]))
    return lines


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def normalise_key(key: str) -> str:
    """Fold a key as written into the form vocabularies match ("Né(e) le" -> "ne", "N° PV" -> "no pv").

    A key that is the lone French preposition "à" (birth place: "Né le … à : Gao") folds to "à", kept apart
    from "A" (a speaker or an answer label).
    """
    stripped = key.strip().rstrip(".").strip()
    if stripped.lower() == "à":
        return "à"
    folded = _fold(stripped)
    folded = re.sub(r"\bn\s*[°º]\s*|\bno\.\s*", "no ", folded)
    folded = folded.replace("°", " ").replace("º", " ")
    folded = re.sub(r"\((?:e|s|es|ne|x|le|la)\)", "", folded)
    words = [word for word in re.split(r"[^0-9a-z]+", folded) if word]
    kept = [word for word in words if word not in _DROP_WORDS] or words
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in kept)


def slug_key(key: str) -> str:
    """The header key an unknown key is stored under: its own words, folded, joined by "_"."""
    slug = re.sub(r"[^0-9a-z]+", "_", _fold(key.strip())).strip("_")
    return slug or "key"


def make_vocabulary(spellings: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Turn {canonical: [spellings…]} into {folded spelling: canonical}; the canonical name counts too."""
    vocabulary: dict[str, str] = {}
    for canonical, forms in spellings.items():
        for form in (canonical.replace("_", " "), *forms):
            folded = normalise_key(form)
            if folded:
                vocabulary.setdefault(folded, canonical)
    return vocabulary


@dataclass(frozen=True)
class KeyLine:
    """One `key: value` pair found on a line (a line may hold several: "Date : …    Heure : …")."""

    raw_key: str
    key: str  # folded form
    canonical: str | None  # None when the key is not in the vocabulary
    value: str
    value_start: int  # offsets of the value in the whole text
    value_end: int
    line: Line


def _valid_key(raw: str) -> bool:
    raw = raw.strip()
    if not raw or len(raw) > MAX_KEY_CHARS or _BAD_KEY_CHARS.search(raw):
        return False
    return len(raw.split()) <= MAX_KEY_WORDS and bool(normalise_key(raw))


def _value_span(line: Line, value_from: int) -> tuple[int, int]:
    """Offsets (in the line's text) of the value after stripping surrounding spaces."""
    text = line.text
    start = value_from
    end = len(text)
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    return start, end


def read_key_line(line: Line, vocabulary: Mapping[str, str]) -> list[KeyLine] | None:
    """Read a line as one or more `key: value` pairs, or None when it is not a key line.

    ":" works for any key; " - ", dotted leaders and a tab work only after a key of the vocabulary.
    """
    text = line.text
    first: tuple[str, int] | None = None  # (raw key, offset where the value begins)
    colon = _COLON_LINE.match(text)
    if colon and normalise_key(colon["key"]) in vocabulary:
        first = (colon["key"], colon.end())
    else:
        lead = len(text) - len(text.lstrip(" \t"))
        for sep in _KNOWN_ONLY_SEP.finditer(text, lead):
            raw = text[lead : sep.start()]
            if sep.start() <= lead or len(raw) > MAX_KEY_CHARS:
                break
            if raw[:1].isalpha() and normalise_key(raw) in vocabulary and _valid_key(raw):
                first = (raw, sep.end())
                break
        if first is None and colon and _valid_key(colon["key"]):
            first = (colon["key"], colon.end())
    if first is None:
        return None
    pairs: list[KeyLine] = []
    raw_key, value_from = first
    while True:
        value_start, value_end = _value_span(line, value_from)
        inline = None
        for candidate in _INLINE_KEY.finditer(text, value_from):
            if normalise_key(candidate["key"]) in vocabulary and _valid_key(candidate["key"]):
                inline = candidate
                break
        if inline is not None:
            value_end = max(value_start, inline.start())
            while value_end > value_start and text[value_end - 1] in " \t":
                value_end -= 1
        folded = normalise_key(raw_key)
        pairs.append(
            KeyLine(
                raw_key=raw_key.strip(),
                key=folded,
                canonical=vocabulary.get(folded),
                value=text[value_start:value_end],
                value_start=line.start + value_start,
                value_end=line.start + value_end,
                line=line,
            )
        )
        if inline is None:
            return pairs
        raw_key, value_from = inline["key"], inline.end()


@dataclass
class Header:
    """What parse_header found: canonical values, where each is, and where the header ends."""

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # canonical key -> 1-based line
    raw_keys: dict[str, str] = field(default_factory=dict)  # canonical key -> key as written
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # canonical key -> value offsets
    start: int = 0  # offset of the first header line (or of the search start when there is none)
    end: int = 0  # offset just after the last header line (its newline included)
    end_line: int = 0  # 1-based number of the last header line; 0 when there is no header
    known: int = 0  # number of keys found in the vocabulary

    def add(self, pair: KeyLine) -> None:
        name = pair.canonical or slug_key(pair.raw_key)
        key = name
        counter = 2
        while key in self.values:
            key = f"{name}_{counter}"
            counter += 1
        self.values[key] = pair.value
        self.lines[key] = pair.line.number
        self.raw_keys[key] = pair.raw_key
        self.spans[key] = (pair.value_start, pair.value_end)
        if pair.canonical:
            self.known += 1


StopPredicate = Callable[[KeyLine, Header], bool]
"""Called with the first pair of a candidate line and the header read so far; True ends the header."""


def _block_has_known(
    lines: list[Line], index: int, vocabulary: Mapping[str, str], stop: StopPredicate | None, header: Header
) -> bool:
    """True when the run of key lines starting at `index` holds a vocabulary key before it ends."""
    for line in lines[index:]:
        if not line.text.strip():
            return False
        pairs = read_key_line(line, vocabulary)
        if not pairs or (stop is not None and stop(pairs[0], header)):
            return False
        if any(pair.canonical for pair in pairs):
            return True
    return False


def parse_header(
    text: str,
    vocabulary: Mapping[str, str],
    *,
    start: int = 0,
    stop: StopPredicate | None = None,
    lines: list[Line] | None = None,
) -> Header:
    """Find and read the header block of `text` from offset `start`.

    The header begins at the first line holding a vocabulary key (within MAX_PREAMBLE_LINES non-blank
    lines; title lines before it are skipped), taking in unknown-key lines just above it. It goes on
    through key lines and blank lines; after a blank line, a run of unknown keys belongs to it only if the
    run also holds a vocabulary key. It ends at the first other line, or where `stop` says so.
    """
    all_lines = lines if lines is not None else split_lines(text)
    first_index = next((i for i, line in enumerate(all_lines) if line.next_start > start), len(all_lines))
    header = Header(start=start, end=start)
    begin: int | None = None
    seen = 0
    for index in range(first_index, len(all_lines)):
        line = all_lines[index]
        if not line.text.strip():
            continue
        seen += 1
        if seen > MAX_PREAMBLE_LINES:
            break
        pairs = read_key_line(line, vocabulary)
        if pairs and any(pair.canonical for pair in pairs) and not (stop and stop(pairs[0], header)):
            begin = index
            break
    if begin is None:
        return header
    while begin > first_index:
        pairs = read_key_line(all_lines[begin - 1], vocabulary)
        if not pairs or (stop is not None and stop(pairs[0], header)):
            break
        begin -= 1

    header.start = all_lines[begin].start
    after_blank = False
    for index in range(begin, len(all_lines)):
        line = all_lines[index]
        if not line.text.strip():
            after_blank = True
            continue
        pairs = read_key_line(line, vocabulary)
        if not pairs or (stop is not None and stop(pairs[0], header)):
            break
        known_here = any(pair.canonical for pair in pairs)
        if (
            after_blank
            and not known_here
            and not _block_has_known(all_lines, index, vocabulary, stop, header)
        ):
            break
        for pair in pairs:
            header.add(pair)
        header.end = line.next_start
        header.end_line = line.number
        after_blank = False
    return header
