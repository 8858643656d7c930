"""Numbers in words: the grammar, the speech rules, and a round trip through verbalisers written here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.extract.digit_words import find_digit_sequences
from filiere.extract.numwords import find_number_words, words_to_number

# --- verbalisers (independent of the parser: they write numbers the way a transcriber would) ----------

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
]
_FR_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"}
_BE_TENS = {**_FR_TENS, 70: "septante", 80: "huitante", 90: "nonante"}


def _fr_below_100(n: int, belgian: bool) -> str:
    if n < 17:
        return _FR_UNITS[n]
    if n < 20:
        return "dix-" + _FR_UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if n < 70 or belgian:
        word = _BE_TENS[tens * 10]
        if unit == 0:
            return word
        return f"{word} et un" if unit == 1 else f"{word}-{_FR_UNITS[unit]}"
    if n < 80:
        return "soixante et onze" if n == 71 else "soixante-" + _fr_below_100(n - 60, belgian)
    if n == 80:
        return "quatre-vingts"
    return "quatre-vingt-" + _fr_below_100(n - 80, belgian)


def _fr_below_1000(n: int, belgian: bool, before_mille: bool = False) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        plural = "s" if rest == 0 and hundreds > 1 and not before_mille else ""
        parts.append("cent" if hundreds == 1 else f"{_FR_UNITS[hundreds]} cent{plural}")
    if rest:
        word = _fr_below_100(rest, belgian)
        if before_mille and word == "quatre-vingts":
            word = "quatre-vingt"
        parts.append(word)
    return " ".join(parts)


def french(n: int, belgian: bool = False, hyphens: bool = False) -> str:
    """French words for 0 <= n < 10**9 ("deux millions cent mille"); hyphens=True: 1990 spelling."""
    if n == 0:
        return "zéro"
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append(_fr_below_1000(millions, belgian) + (" million" if millions == 1 else " millions"))
    if thousands:
        parts.append("mille" if thousands == 1 else _fr_below_1000(thousands, belgian, True) + " mille")
    if units:
        parts.append(_fr_below_1000(units, belgian))
    words = " ".join(parts)
    return words.replace(" ", "-") if hyphens else words


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


def _en_below_1000(n: int, use_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_EN_UNITS[hundreds]} hundred")
    if rest:
        tens, unit = divmod(rest, 10)
        word = _EN_UNITS[rest] if rest < 20 else _EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else "")
        parts.append(("and " if hundreds and use_and else "") + word)
    return " ".join(parts)


def english(n: int, use_and: bool = True) -> str:
    """English words for 0 <= n < 10**9 ("two hundred and fifty thousand")."""
    if n == 0:
        return "zero"
    groups = []
    for size, name in ((1_000_000, "million"), (1000, "thousand"), (1, "")):
        count, n = divmod(n, size)
        if count:
            groups.append((_en_below_1000(count, use_and) + f" {name}").strip())
    return " ".join(groups)


def speech_value(n: int) -> int:
    """What a listener understands: "un million cinq" is 1,500,000, not 1,000,005."""
    millions, rest = divmod(n, 1_000_000)
    if millions and 1 <= rest <= 9:
        return millions * 1_000_000 + rest * 100_000
    return n


NUMBERS = st.integers(min_value=0, max_value=999_999_999)

# --- round trips -------------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(n=NUMBERS, belgian=st.booleans(), hyphens=st.booleans())
def test_french_words_round_trip(n: int, belgian: bool, hyphens: bool) -> None:
    words = french(n, belgian, hyphens)
    assert words_to_number(words, speech=False) == n, words
    assert words_to_number(words) == speech_value(n), words


@settings(max_examples=400, deadline=None)
@given(n=NUMBERS, use_and=st.booleans())
def test_english_words_round_trip(n: int, use_and: bool) -> None:
    words = english(n, use_and)
    assert words_to_number(words, speech=False) == n, words


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=2, max_value=999_999_999))
def test_number_found_inside_a_sentence(n: int) -> None:
    words = french(n)
    text = f"Il m'a dit {words} hier soir."
    assert find_number_words(text, speech=False) == [(11, 11 + len(words), n)]
    words = english(n)
    text = f"He told me {words}, then hung up."
    assert find_number_words(text, speech=False) == [(11, 11 + len(words), n)]


# --- the forms of the brief --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("cent cinquante mille", 150_000),
        ("soixante-quinze mille", 75_000),
        ("quatre-vingt-dix-neuf", 99),
        ("quatre-vingts", 80),
        ("vingt et un", 21),
        ("vingt-et-un", 21),
        ("soixante et onze", 71),
        ("septante-sept", 77),
        ("huitante", 80),
        ("nonante et un", 91),
        ("deux millions cent mille", 2_100_000),
        ("un million cinq", 1_500_000),
        ("un milliard deux", 1_200_000_000),
        ("deux millions et demi", 2_500_000),
        ("deux mille cinq", 2005),  # never a price by speech rule: it is also a year
        ("quinze cents", 1500),
        ("150 mille", 150_000),
        ("1,5 million", 1_500_000),
        ("1.5 million", 1_500_000),
        ("2 millions", 2_000_000),
        ("2 millions 500 mille", 2_500_000),
        ("1 500 millions", 1_500_000_000),
        ("a hundred", 100),
        ("two hundred and fifty thousand", 250_000),
        ("a million and a half", 1_500_000),
        ("twenty-five hundred", 2500),
        ("1.5m", 1_500_000),
        ("2k", 2000),
        ("150K", 150_000),
        ("mille", 1000),
        ("Zéro", 0),
        ("un", 1),
        ("150", 150),
    ],
)
def test_words_to_number(text: str, value: int) -> None:
    assert words_to_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["cent et quelques", "bonjour", "vingt douze", "million", "des millions", "1500m", "", "et", "cent et"],
)
def test_not_one_number(text: str) -> None:
    assert words_to_number(text) is None


def test_speech_rule_can_be_switched_off() -> None:
    assert words_to_number("un million cinq", speech=False) == 1_000_005
    assert words_to_number("un million cinq cent mille") == 1_500_000


def test_articles_left_out_unless_asked() -> None:
    text = "Il y a un problème avec une voiture, one of them said."
    assert find_number_words(text) == []
    assert [v for _, _, v in find_number_words(text, articles=True)] == [1, 1, 1]
    assert find_number_words("un million de francs") == [(0, 10, 1_000_000)]


def test_spans_in_a_transcript_line() -> None:
    text = "KADER : Quatre ont payé cent cinquante mille chacun, le chef veut un million cinq."
    found = find_number_words(text)
    assert [(text[s:e], v) for s, e, v in found] == [
        ("Quatre", 4),
        ("cent cinquante mille", 150_000),
        ("un million cinq", 1_500_000),
    ]


def test_pairs_are_separate_numbers() -> None:
    text = "quatre-vingt-seize douze trente-quatre cinquante-six"
    assert [v for _, _, v in find_number_words(text)] == [96, 12, 34, 56]


def test_vague_amounts_are_not_values() -> None:
    assert find_number_words("il a payé cent et quelques mille francs") == []
    assert find_number_words("twenty and something people") == []


def test_words_inside_other_words_are_not_numbers() -> None:
    assert find_number_words("la deuxième fois, dixième, centaine, milliers, sixtieth, someone") == []


# --- dictated digits ---------------------------------------------------------------------------------


def _digits(text: str) -> list[str]:
    return ["".join(c[2] for c in run) for run in find_digit_sequences(text)]


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("neuf six, douze, trente-quatre, cinquante-six", "96123456"),
        ("nine six one two three four five six", "96123456"),
        ("quatre-vingt-seize douze trente-quatre cinquante-six", "96123456"),
        ("zéro zéro deux deux sept, soixante-seize, douze", "002277612"),
        ("plus deux cent vingt-sept, neuf six, douze, trente-quatre", "+227961234"),
        ("double six, triple zéro, quatre-vingt-dix-neuf", "6600099"),
        ("soixante et onze, vingt et un, dix-sept, huit", "7121178"),
        ("seventy-six twelve thirty-four fifty-six", "76123456"),
    ],
)
def test_digit_sequences(text: str, digits: str) -> None:
    assert _digits(text) == [digits]


def test_short_runs_are_not_digit_sequences() -> None:
    assert find_digit_sequences("un deux trois") == []
    assert find_digit_sequences("Il y a un homme et une femme.") == []


def test_a_number_padded_with_spaces_is_read_at_once() -> None:
    """A right-aligned table column ("12" then 40 spaces) used to backtrack exponentially (this call did
    not return before the fix)."""
    assert find_number_words("12" + " " * 40 + "x") == []
    assert find_number_words("12" + " " * 40 + "mille") == [(0, 47, 12000)]
