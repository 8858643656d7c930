"""Accent- and case-folding with a map back to the original characters.

Rules match on folded text ("agades" for "Agadès", "n'gourma" for "N’Gourma") but a mention must point
at the exact original characters. Folding is strictly per character, each character giving zero or one
character, so every span of the folded text maps back to a span of the original whose fold is that span.
Zero-width results are the combining marks of decomposed text (e + U+0301): they are dropped and belong
to the character before them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Unified punctuation: every apostrophe becomes "'", every dash "-", every non-breaking space " ".
_APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u0060\u00b4\u2032\u201b\uff07"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008"
# Letters that NFD does not decompose but whose readers ignore the stroke.
_STROKES = {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i", "ƚ": "l", "ɨ": "i"}


def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DASHES:
        return "-"
    if ch in _SPACES:
        return " "
    if unicodedata.category(ch) == "Mn":  # a combining mark: belongs to the letter before it
        return ""
    lower = ch.lower()
    if len(lower) != 1:  # "İ" lowers to two characters: keep the base letter
        lower = lower[0]
    lower = _STROKES.get(lower, lower)
    base = "".join(c for c in unicodedata.normalize("NFD", lower) if unicodedata.category(c) != "Mn")
    return base if len(base) == 1 else lower


class _Table(dict):
    """str.translate table that computes and remembers each character's fold on first sight."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _Table({c: _fold_char(chr(c)) for c in range(0x250)})


def fold_char(ch: str) -> str:
    """The fold of one character: "" or one character."""
    return _TABLE[ord(ch)]


@dataclass(frozen=True)
class Folded:
    """A folded text and the way back to the original's indices.

    Only dropped characters (combining marks) make the two differ, so the map is kept sparse: the
    original positions of dropped characters, and for each the folded index it precedes. Memory stays
    proportional to the marks, not to the text, even for a 50 MB document.
    """

    original: str
    text: str
    _dropped: tuple[int, ...] = ()  # original indices of dropped characters, ascending
    _keys: tuple[int, ...] = ()  # _dropped[k] - k: the folded index each dropped character precedes

    @property
    def identity(self) -> bool:
        return not self._dropped

    def offset(self, i: int) -> int:
        """Original index of folded index `i` (0 <= i <= len(text); len(text) maps to len(original))."""
        if not self._dropped:
            return i
        if i >= len(self.text):
            return len(self.original)
        return i + bisect_right(self._keys, i)

    def index(self, original_index: int) -> int:
        """Folded index of the first kept character at or after `original_index`."""
        if not self._dropped:
            return original_index
        return original_index - bisect_left(self._dropped, original_index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of folded span [start, end): includes dropped marks that trail its last letter."""
        if not self._dropped:
            return start, end
        return self.offset(start), self.offset(end) if end > start else self.offset(start)

    def offsets(self) -> list[int]:
        """The full map, with a final entry len(original) for the end of the text."""
        if not self._dropped:
            return list(range(len(self.text) + 1))
        dropped = set(self._dropped)
        return [i for i in range(len(self.original)) if i not in dropped] + [len(self.original)]


@lru_cache(maxsize=16)
def folded(text: str) -> Folded:
    """Fold `text` once; every extractor of the same text reuses the result (cache keyed by the text)."""
    out = text.translate(_TABLE)
    if len(out) == len(text):
        return Folded(text, out)
    gone = "".join(sorted(c for c in set(text) if not _TABLE[ord(c)]))
    dropped = tuple(m.start() for m in re.finditer("[" + re.escape(gone) + "]", text))
    return Folded(text, out, dropped, tuple(d - k for k, d in enumerate(dropped)))


def fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, strip accents, unify apostrophes, dashes and spaces.

    Returns the folded text and a map of len(folded) + 1 original indices: folded[i] comes from
    text[map[i]], and a folded span [a, b) comes from text[map[a]:map[b]].
    """
    f = folded(text)
    return f.text, f.offsets()


_SEPARATORS = re.compile(r"[\s\-]+")


def canonical(spelling: str) -> str:
    """Folded spelling with runs of spaces/hyphens as one space: the key of a term."""
    return _SEPARATORS.sub(" ", "".join(fold_char(ch) for ch in spelling)).strip()


def trie_pattern(keys: Iterable[str]) -> str:
    """A regex matching any canonical key between word boundaries, longest first, as a character trie.

    Shared prefixes are tested once, so thousands of terms cost about as much as a handful; a space in a
    key matches any run of spaces and hyphens ("in guezzam" matches "In-Guezzam").
    """
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [
            (r"[\s\-]+" if ch == " " else re.escape(ch)) + emit(sub) for ch, sub in node.items() if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    if not trie:
        return r"(?!x)x"
    return r"(?<!\w)" + emit(trie) + r"(?!\w)"


def written_as(spelling: str, original: str) -> bool:
    """Does `original` honour the capitals of `spelling`: all capitals for an acronym ("OM", "BBM"),
    else an initial capital ("Tam", "Wave")?"""
    if len(spelling) > 1 and spelling.isupper():
        return original.isupper()
    return original[:1].isupper()


class Lexicon(Generic[T]):
    """Spellings -> payloads, matched accent- and case-insensitively in one regex pass over folded text.

    A spelling added with `capitalised=True` only matches where the original is written with capitals
    (see `written_as`), for terms that are ordinary words in lower case ("Tam", "Wave", "MAN").
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[T, str | None]] = {}
        self._pattern: re.Pattern[str] | None = None

    def __contains__(self, spelling: str) -> bool:
        return canonical(spelling) in self._entries

    def get(self, spelling: str) -> T | None:
        entry = self._entries.get(canonical(spelling))
        return entry[0] if entry else None

    def add(self, spelling: str, payload: T, capitalised: bool = False) -> T | None:
        """Add a spelling; returns the payload it already had (kept), or None when it was new."""
        key = canonical(spelling)
        if not key:
            return None
        if key in self._entries:
            return self._entries[key][0]
        self._entries[key] = (payload, spelling if capitalised else None)
        self._pattern = None
        return None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = re.compile(trie_pattern(sorted(self._entries, key=lambda k: (-len(k), k))))
        return self._pattern

    def finditer(self, text: str) -> Iterator[tuple[int, int, T]]:
        """(start, end, payload) of every term in `text`, spans in the original characters."""
        f = folded(text)
        for m in self.pattern.finditer(f.text):
            entry = self._entries.get(_SEPARATORS.sub(" ", m.group()))
            if entry is None:
                continue
            start, end = f.span(m.start(), m.end())
            if entry[1] is None or written_as(entry[1], text[start:end]):
                yield start, end, entry[0]
