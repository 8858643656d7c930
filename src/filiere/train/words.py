"""Whole numbers spelled out in French and English, as people say amounts and ages on the phone.

Generated transcripts say "cent cinquante mille", "one hundred and fifty thousand", "il a seize ans"; the
extractors must read them back (filiere.extract.numwords), so the spelling follows the usual written rules:
French traditional spelling ("vingt et un", "quatre-vingts", "deux cents" but "deux cent mille"), British
English with "and" after hundreds ("two hundred and fifty").
"""

from __future__ import annotations

__all__ = ["number_words"]

_FR_UNITS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = (
    (1_000_000_000, "milliard", "billion"),
    (1_000_000, "million", "million"),
    (1_000, "mille", "thousand"),
)


def number_words(n: int, language: str) -> str:
    """`n` (0 or more) in words: "fr" or "en" ("un million cinq cent mille", "one hundred and five")."""
    if n < 0:
        raise ValueError(f"no words for a negative number: {n}")
    if language == "fr":
        return _french(n)
    if language == "en":
        return _english(n)
    raise ValueError(f"unknown language {language!r}: use fr or en")


def _french_below_100(n: int, plural_tail: bool) -> str:
    if n < 20:
        return _FR_UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix, quatre-vingt-dix: the teen rides on the ten below
        base = "soixante" if tens == 7 else "quatre-vingt"
        teen = _FR_UNITS[10 + unit]
        joiner = " et " if tens == 7 and unit == 1 else "-"
        return f"{base}{joiner}{teen}"
    if tens == 8:
        if unit == 0:
            return "quatre-vingts" if plural_tail else "quatre-vingt"
        return f"quatre-vingt-{_FR_UNITS[unit]}"
    word = _FR_TENS[tens]
    if unit == 0:
        return word
    if unit == 1:
        return f"{word} et un"
    return f"{word}-{_FR_UNITS[unit]}"


def _french_below_1000(n: int, plural_tail: bool) -> str:
    """`plural_tail`: the group ends the number or comes before million/milliard (nouns), so "cents" and
    "quatre-vingts" take their s; before "mille" (an invariable adjective) they do not."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        head = "cent" if hundreds == 1 else f"{_FR_UNITS[hundreds]} cent"
        if hundreds > 1 and rest == 0 and plural_tail:
            head += "s"
        parts.append(head)
    if rest or not hundreds:
        parts.append(_french_below_100(rest, plural_tail))
    return " ".join(parts)


def _french(n: int) -> str:
    if n == 0:
        return _FR_UNITS[0]
    parts = []
    for value, word, _en in _SCALES:
        count, n = divmod(n, value)
        if not count:
            continue
        if value == 1000:
            parts.append("mille" if count == 1 else f"{_french_below_1000(count, False)} mille")
        else:
            noun = word + ("s" if count > 1 else "")
            parts.append(f"{_french_big(count)} {noun}")
    if n:
        parts.append(_french_below_1000(n, True))
    return " ".join(parts)


def _french_big(count: int) -> str:
    """The count before million/milliard: may itself hold thousands ("deux mille millions" is rare, but
    correct)."""
    return _french(count) if count >= 1000 else _french_below_1000(count, True)


def _english_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_EN_UNITS[hundreds]} hundred")
    if rest:
        if rest < 20:
            small = _EN_UNITS[rest]
        else:
            tens, unit = divmod(rest, 10)
            small = _EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else "")
        parts.append(f"and {small}" if hundreds else small)
    return " ".join(parts) or _EN_UNITS[0]


def _english(n: int) -> str:
    if n == 0:
        return _EN_UNITS[0]
    parts = []
    for value, _fr, word in _SCALES:
        count, n = divmod(n, value)
        if count:
            head = _english(count) if count >= 1000 else _english_below_1000(count)
            parts.append(f"{head} {word}")
    if n:
        # "two thousand and five": the "and" is said before a last group below one hundred
        tail = _english_below_1000(n)
        parts.append(f"and {tail}" if parts and n < 100 else tail)
    return " ".join(parts)
