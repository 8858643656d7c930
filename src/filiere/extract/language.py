"""Which language a text or a dialogue turn is in (French, English, mixed), and which scripts it uses.

Statistical language identifiers fail on the three-word turns of an intercepted call ("Ok, on part
demain."); counting function words and the everyday words of phone calls does not. The word lists are
data (data/language/function_words.yaml). One regex tokenisation and set lookups keep it fast.

Also home of `fold_text`, the length-preserving lower-case/accent fold shared by the date and person
rules, so that offsets found in the folded text are offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from filiere.data import load_yaml

__all__ = ["LanguageProfile", "detect_language", "detect_scripts", "fold_text", "language_profile"]

LANGUAGES = ("fr", "en", "mixed", "unknown")
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "language"
MIXED_SHARE = 0.2  # a document is "mixed" when each language has at least this share

_QUOTES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'"}


class _FoldTable(dict[int, str]):
    """str.translate table computed lazily: one character in, one character out."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _QUOTES:
            out = _QUOTES[char]
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            base = base.lower()
            if len(base) != 1:
                lower = char.lower()
                base = lower if len(lower) == 1 else char
            out = base
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold_text(text: str) -> str:
    """Lower case, accents and typographic apostrophes removed, same length as `text` (offsets hold)."""
    return text.translate(_FOLD)


_WORD = re.compile(r"[^\W\d_]+")


@cache
def _words() -> dict[str, str]:
    """word -> "fr" | "en" from the data file (lower case, accents kept as listed)."""
    data = load_yaml((DATA_DIR / "function_words.yaml").read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for language in ("fr", "en"):
        for word in data[language]:
            table[str(word).lower()] = language
    return table


def _counts(text: str) -> tuple[int, int]:
    """(French hits, English hits) among the words of `text`."""
    table = _words()
    fr = en = 0
    for word, n in Counter(_WORD.findall(text.lower())).items():
        language = table.get(word)
        if language == "fr":
            fr += n
        elif language == "en":
            en += n
    return fr, en


def _decide(fr: int, en: int) -> str:
    total = fr + en
    if total == 0:
        return "unknown"
    minority = min(fr, en)
    if total >= 6 and minority >= 2 and minority / total >= MIXED_SHARE:
        return "mixed"
    if fr == en:
        return "mixed"
    return "fr" if fr > en else "en"


def detect_language(text: str) -> str:
    """ "fr", "en", "mixed" or "unknown" (no known word at all: names only, numbers, other scripts).

    Short turns are decided by the majority of known words; a tie is "mixed". Longer texts are "mixed"
    when the minority language has at least 20 % of the hits (and two of them).
    """
    return _decide(*_counts(text))


_SCRIPTS = (
    ("latin", re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")),
    ("tifinagh", re.compile(r"[\u2d30-\u2d7f]")),
)
_KNOWN_SCRIPTS = re.compile(
    r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
    r"\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u2d30-\u2d7f]+"
)
_LETTER = re.compile(r"[^\W\d_]")


def detect_scripts(text: str) -> set[str]:
    """Scripts of the letters in `text`: a subset of {"latin", "arabic", "tifinagh", "other"}."""
    found = {name for name, pattern in _SCRIPTS if pattern.search(text)}
    if _LETTER.search(_KNOWN_SCRIPTS.sub("", text)):
        found.add("other")
    return found


@dataclass
class LanguageProfile:
    """The language of a document and of each of its turns, with the shares behind the decision."""

    language: str
    turns: list[str] = field(default_factory=list)
    shares: dict[str, float] = field(default_factory=dict)
    scripts: set[str] = field(default_factory=set)


def language_profile(text: str, turns: Iterable[str] = ()) -> LanguageProfile:
    """Document language plus one language per turn (the turns' texts, in order).

    A turn with no known word ("Ok.", "Moussa ?") takes the document's language, since the pipeline
    needs one to choose a model. The document is "mixed" when French and English each weigh at least
    20 % — by turn words when turns are given (a French officer questioning an English speaker), by
    word hits otherwise.
    """
    turn_texts = list(turns)
    scripts = detect_scripts(text) if text else set()
    if not turn_texts:
        fr, en = _counts(text)
        total = fr + en
        shares = {"fr": fr / total, "en": en / total} if total else {}
        return LanguageProfile(_decide(fr, en), [], shares, scripts)
    raw = [detect_language(t) for t in turn_texts]
    weight: Counter[str] = Counter()
    for turn, language in zip(turn_texts, raw, strict=True):
        n = len(_WORD.findall(turn))
        if language == "mixed":
            weight["fr"] += n / 2
            weight["en"] += n / 2
        elif language in ("fr", "en"):
            weight[language] += n
    total = weight["fr"] + weight["en"]
    if not total:
        language = detect_language(text) if text else "unknown"
        return LanguageProfile(language, [language] * len(raw), {}, scripts)
    shares = {"fr": weight["fr"] / total, "en": weight["en"] / total}
    if min(shares.values()) >= MIXED_SHARE:
        language = "mixed"
    else:
        language = "fr" if shares["fr"] > shares["en"] else "en"
    resolved = [lang if lang != "unknown" else language for lang in raw]
    return LanguageProfile(language, resolved, shares, scripts)
