"""Folding and stemming shared by the index and the queries, so both engines see the same tokens.

One light suffix stemmer serves French and English at once: a query's language is rarely known (an officer
types "trafic de migrants" or "smuggling"), and stripping both languages' inflections from every word makes
"migrants", "migrant", "smuggled" and "smuggling" meet. It is deliberately light (plurals, verb and noun
endings): an aggressive stemmer joins unrelated legal words, and a missed join costs less than a false one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

_STOP_TEXT = """
    a au aux avec ce ces dans de des du elle en et il ils la le les leur lui ma mais me meme mes moi mon ne
    nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous
    c d j l m n s t y est sont ete etre avoir ont
    an and are as at be by for from has have in is it its of on or that the this to was were which with
"""
STOPWORDS = frozenset(_STOP_TEXT.split())

# Longest first; each applies only when at least MIN_STEM letters remain.
_SUFFIX_TEXT = """
    issements issement ements ement ations ation itions ition ateurs atrices ateur atrice
    ances ance ences ence ismes isme istes iste ites ite ives ive ifs if eaux aux euses euse eux
    ables able ibles ible iques ique ments ment
    ings ing edly ed ers er ies ied ly ness ful s x e
"""
_SUFFIXES = sorted(
    _SUFFIX_TEXT.split(),
    key=len,
    reverse=True,
)
MIN_STEM = 4


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case without accents (é→e, œ→oe): what the user types matches what the law writes."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[tuple[int, int, str]]:
    """Each word of `text` with its span and its folded form (spans index the original text)."""
    return [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of a folded word: one suffix off, then doubled final consonants undone (traffick-)."""
    if word.isdigit() or len(word) <= MIN_STEM:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    if len(word) > MIN_STEM and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The index terms of `text`: folded, stop words out, stemmed."""
    return [stem(w) for _s, _e, w in words(text) if w not in STOPWORDS]


def index_text(*parts: str | None) -> str:
    """Parts joined as the space-separated terms stored in the search columns."""
    return " ".join(t for part in parts if part for t in terms(part))
