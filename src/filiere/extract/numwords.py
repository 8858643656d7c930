"""Numbers written in words, French and English, inside running text.

Transcripts spell amounts the way people say them ("cent cinquante mille", "un million cinq",
"two hundred and fifty thousand", "1,5 million", "2k"). The money extractor reads them here; dictated
phone numbers are read by digit_words.py with the same lexicon and grammar, so it lives in one place.

Public API:
    find_number_words(text, articles=False, speech=True) -> [(start, end, value)]   cardinal numbers
    words_to_number(s, speech=True) -> int | None                                    one whole number

`speech=True` reads "un million cinq" as 1,500,000 and "un milliard deux" as 1,200,000,000: a bare
single digit word right after million/milliard/billion, ending the number, counts tenths of it (how
prices are said aloud). With speech=False it is read literally (1,000,005). "deux mille cinq" is always
2005: the rule is not applied to mille, where it would turn years into prices.

"un", "une", "one" alone are articles or pronouns more often than numbers: find_number_words leaves
them out unless `articles=True` (the money extractor asks for them and then requires a currency).
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cache

__all__ = ["LEXICON", "SPACE", "Number", "connector_ok", "find_number_words", "trie_regex", "words_to_number"]

# word -> (kind, value, language). Kinds: unit 1-9, zero, dix (French 10, may take 7-9 after it),
# teen 10-19 complete, tens, hundred, mult (thousand and up), half.
LEXICON: dict[str, tuple[str, int, str]] = {}


def _add(kind: str, lang: str, pairs: str) -> None:
    for item in pairs.split():
        word, value = item.split("=")
        LEXICON[word] = (kind, int(value), lang)


_add("zero", "fr", "zéro=0 zero=0")
_add("unit", "fr", "un=1 une=1 deux=2 trois=3 quatre=4 cinq=5 six=6 sept=7 huit=8 neuf=9")
_add("unit", "en", "one=1 two=2 three=3 four=4 five=5 six=6 seven=7 eight=8 nine=9")
_add("dix", "fr", "dix=10")
_add("teen", "fr", "onze=11 douze=12 treize=13 quatorze=14 quinze=15 seize=16")
_add(
    "teen",
    "en",
    "ten=10 eleven=11 twelve=12 thirteen=13 fourteen=14 fifteen=15 sixteen=16 seventeen=17 "
    "eighteen=18 nineteen=19",
)
_add(
    "tens",
    "fr",
    "vingt=20 vingts=20 trente=30 quarante=40 cinquante=50 soixante=60 septante=70 huitante=80 "
    "octante=80 nonante=90",
)
_add("tens", "en", "twenty=20 thirty=30 forty=40 fourty=40 fifty=50 sixty=60 seventy=70 eighty=80 ninety=90")
_add("hundred", "fr", "cent=100 cents=100")
_add("hundred", "en", "hundred=100")
_add(
    "mult",
    "fr",
    "mille=1000 mil=1000 million=1000000 millions=1000000 milliard=1000000000 milliards=1000000000",
)
_add("mult", "en", "thousand=1000 billion=1000000000 billions=1000000000")
_add("half", "fr", "demi=0 demie=0")
_add("half", "en", "half=0")
_CONNECTORS = {"et": "fr", "and": "en", "a": "en", "an": "en", "virgule": "fr", "point": "en"}
_DECIMAL_MARKS = {"virgule", "point"}  # "un virgule cinq million", "one point five million"
# "mil" is "mille" after digits ("50mil", SMS style) but also millet, the Sahel's grain: never alone.
_NEEDS_COUNT = {"mil"}
_ARTICLE_WORDS = {"un", "une", "one"}
_SUFFIX = {"k": 1000, "m": 1_000_000, "bn": 1_000_000_000}

SPACE = r"[ \t\u00a0\u202f]"
_SEP = rf"(?:{SPACE}*[-\u2010\u2011\u2013]{SPACE}*|{SPACE}+)"
# Between figures and "mille"/"million": spaces and at most one dash. Not `_SEP*`: a repeat inside a repeat
# backtracks exponentially on a run of spaces after a number (a padded table column took minutes).
_BEFORE_MULTIPLIER = rf"{SPACE}*(?:[-\u2010\u2011\u2013]{SPACE}*)?"
# At most six groups of three: a bounded match, so "150 000 150 000 …" cannot make the scan quadratic.
_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f]\d{3}){1,6}(?![\d])|\d+(?:[.,]\d+)?"
_MULT_WORDS = "mille|mil|millions?|milliards?|thousand|million|billions?"


def trie_regex(words: list[str]) -> str:
    """One alternation with shared prefixes factored out, so the engine rejects most positions at once."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


@cache
def _run_regex() -> re.Pattern[str]:
    words = trie_regex(sorted(LEXICON))
    figures_then_word = rf"(?:{_DIGITS})(?={_BEFORE_MULTIPLIER}(?:{_MULT_WORDS})\b)"
    token = rf"(?:{figures_then_word}|\d+(?:[.,]\d+)?(?:k|m|bn)(?!\w)|(?:{words})(?!\w))"
    article = rf"(?:an?{_SEP}(?=(?:hundred|thousand|million|billion)\b))?"
    # Starts at a word boundary, or right after a naira sign "N" ("N1.2m"); never inside "1.2m" itself.
    start = r"(?<!\d[.,])(?:(?<!\w)|(?<=(?<!\w)N)(?=\d))"
    conn = r"(?:et|and|a|point|virgule)"
    # The separator may be empty only where a digit meets a word ("50mil"): words end on (?!\w).
    return re.compile(rf"{start}{article}{token}(?:{_SEP}?(?:{conn}{_SEP})*{token})*", re.IGNORECASE)


_TOKEN = re.compile(
    rf"(?P<num>{_DIGITS})(?:(?P<suf>k|m|bn)(?!\w)|(?!\d))|(?P<word>[^\W\d_]+)",
    re.IGNORECASE,
)


def _digits_value(raw: str) -> Fraction:
    """'150' -> 150, '1,5' / '1.5' -> 3/2, '1,500' -> 1500 (three digits after the mark: grouping)."""
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    match = re.fullmatch(r"(\d+)[.,](\d+)", raw)
    if match is None:
        return Fraction(int(raw))
    whole, part = match.groups()
    if len(part) == 3:
        return Fraction(int(whole + part))
    return Fraction(int(whole)) + Fraction(int(part), 10 ** len(part))


class Number:
    """Builds one cardinal number token by token; `feed` refuses a token that cannot continue it."""

    def __init__(self) -> None:
        self.total = Fraction(0)
        self.last_mult = 0
        self.hundreds = 0
        self.rest = 0
        self.numeric = Fraction(0)
        self.stage = ""  # "", H, T, D, U, C, N (digits), M (after a multiplier), A (article), Z (final)
        self.unit_after_mult = False
        self.start = -1
        self.end = -1
        self.words: list[str] = []

    def feed(self, kind: str, value: int | Fraction, lang: str, word: str) -> bool:
        stage = self.stage
        after_mult = self.unit_after_mult
        self.unit_after_mult = False
        open_group = stage in ("", "H", "M")
        if kind == "zero" and stage == "":
            self.stage = "Z"
        elif kind == "unit" and stage in ("", "H", "M"):
            self.rest, self.stage = int(value), "U"
            self.unit_after_mult = stage == "M" and self.last_mult >= 1_000_000
        elif (kind == "unit" and stage == "T") or (kind == "unit" and stage == "D" and 7 <= value <= 9):
            self.rest += int(value)
            self.stage = "C"
        elif kind == "dix" and (open_group or (stage == "T" and self.rest in (60, 80))):
            self.rest = self.rest + 10 if stage == "T" else 10
            self.stage = "D"
        elif kind == "teen" and open_group:
            self.rest, self.stage = int(value), "C"
        elif kind == "teen" and stage == "T" and self.rest in (60, 80) and lang == "fr":
            self.rest += int(value)
            self.stage = "C"
        elif kind == "tens" and open_group:
            self.rest, self.stage = int(value), "T"
        elif kind == "tens" and stage == "U" and self.rest == 4 and word.startswith("vingt"):
            self.rest, self.stage = 80, "T"
        elif kind == "hundred" and stage in ("", "M"):
            self.hundreds, self.stage = 100, "H"
        elif kind == "hundred" and stage in ("U", "C", "T", "D", "A") and self.hundreds == 0:
            self.hundreds, self.rest, self.stage = self.rest * 100, 0, "H"
        elif kind == "mult":
            return not (
                word in _NEEDS_COUNT and stage not in ("N", "U", "C", "T", "D", "H")
            ) and self._multiply(int(value))
        elif kind == "num" and stage in ("", "M"):
            self.numeric, self.stage = Fraction(value), "N"
        elif kind == "suffixed" and stage == "":
            self.total, self.stage = Fraction(value), "Z"
        elif kind == "article" and stage == "":
            self.rest, self.stage = 1, "A"
        elif kind == "half" and stage == "M" and self.last_mult >= 1_000_000:
            self.total += Fraction(self.last_mult, 2)
            self.stage = "Z"
        else:
            self.unit_after_mult = after_mult
            return False
        return True

    def _multiply(self, mult: int) -> bool:
        stage = self.stage
        if self.last_mult and mult >= self.last_mult:
            return False
        if stage == "N":
            group = self.numeric
        elif stage in ("", "M"):
            if mult != 1000:  # "million" needs a count; "mille", "thousand" alone are 1000
                return False
            group = Fraction(1)
        elif stage in ("H", "T", "D", "U", "C", "A"):
            group = Fraction(self.hundreds + self.rest)
        else:
            return False
        self.total += group * mult
        self.last_mult, self.hundreds, self.rest, self.stage = mult, 0, 0, "M"
        return True

    def value(self, speech: bool) -> int | None:
        if self.stage in ("", "N", "A"):
            return None
        total = self.total + self.hundreds + self.rest
        if speech and self.unit_after_mult and self.stage == "U":
            total = self.total + Fraction(self.rest * self.last_mult, 10)
        if total.denominator != 1:
            return None
        return int(total)


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str, int | Fraction, str, str]]:
    """(start, end, kind, value, lang, lowered word) for each token of a matched run."""
    out: list[tuple[int, int, str, int | Fraction, str, str]] = []
    for match in _TOKEN.finditer(text, start, end):
        if match.group("num") is not None:
            if len(match.group("num")) > 24:  # not a count of anything: a serial, a hash, garbage
                continue
            value = _digits_value(match.group("num"))
            suffix = match.group("suf")
            if suffix and value >= 1000:  # "1500m" is a distance, "1.5m" and "150k" are amounts
                continue
            if suffix:
                out.append((match.start(), match.end(), "suffixed", value * _SUFFIX[suffix.lower()], "", ""))
            else:
                out.append((match.start(), match.end(), "num", value, "", ""))
            continue
        word = match.group("word").lower()
        entry = LEXICON.get(word)
        if entry is not None:
            out.append((match.start(), match.end(), entry[0], entry[1], entry[2], word))
        elif word in _CONNECTORS:
            out.append((match.start(), match.end(), "conn", 0, _CONNECTORS[word], word))
    return out


def connector_ok(number: Number, conns: list[str], nxt: tuple) -> bool:
    """May `conns` ("et", "and", "and a") join the number so far to the next token?"""
    kind, value, word = nxt[2], nxt[3], nxt[5]
    stage = number.stage
    if conns == ["et"]:
        if kind == "half":
            return stage == "M"
        if stage == "T":  # "vingt et un", "soixante et onze", Belgian "septante et un"
            return (kind == "unit" and value == 1) or (word == "onze" and number.rest == 60)
        return False
    if conns == ["and"]:
        small = kind in ("unit", "teen", "tens")
        return small and (stage == "H" or stage == "M")
    if conns == ["and", "a"]:
        return kind == "half" and stage == "M"
    return False


def _decimal(number: Number, tokens: list, j: int) -> bool:
    """ "one point five million": digit words after the mark, then a multiplier; sets number to 1.5."""
    k = j
    while k < len(tokens) and tokens[k][2] in ("unit", "zero"):
        k += 1
    if k == j or k >= len(tokens) or tokens[k][2] != "mult" or number.total or number.hundreds:
        return False
    if number.stage not in ("U", "C", "T", "D", "Z"):
        return False
    fraction = "".join(str(t[3]) for t in tokens[j:k])
    number.numeric = Fraction(number.rest) + Fraction(int(fraction), 10 ** len(fraction))
    number.stage = "N"
    number.end = tokens[k - 1][1]
    return True


def _parse_run(text: str, start: int, end: int, articles: bool, speech: bool) -> list[tuple[int, int, int]]:
    tokens = _tokens(text, start, end)
    found: list[tuple[int, int, int]] = []
    number = Number()

    def close() -> None:
        nonlocal number
        value = number.value(speech)
        lone_article = len(number.words) == 1 and number.words[0] in _ARTICLE_WORDS
        if value is not None and (articles or not lone_article):
            found.append((number.start, number.end, value))
        number = Number()

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok[2] == "conn":
            j = i
            while j < len(tokens) and tokens[j][2] == "conn":
                j += 1
            conns = [t[5] for t in tokens[i:j]]
            if len(conns) == 1 and conns[0] in _DECIMAL_MARKS and _decimal(number, tokens, j):
                i = j
                while tokens[i][2] in ("unit", "zero"):
                    i += 1
                continue
            if conns in (["a"], ["an"]) and j < len(tokens):
                close()
                number.feed("article", 1, "en", conns[0])
                number.start = tok[0]
                number.words.append(conns[0])
                i = j
                continue
            if (
                j < len(tokens)
                and number.stage
                and connector_ok(number, conns, tokens[j])
                and number.feed(tokens[j][2], tokens[j][3], tokens[j][4], tokens[j][5])
            ):
                number.end = tokens[j][1]
                number.words.append(tokens[j][5])
                i = j + 1
                continue
            close()
            i = j
            continue
        if not number.feed(tok[2], tok[3], tok[4], tok[5]):
            close()
            if not number.feed(tok[2], tok[3], tok[4], tok[5]):
                i += 1
                continue
        if number.start < 0:
            number.start = tok[0]
        number.end = tok[1]
        number.words.append(tok[5])
        i += 1
    close()
    return found


def find_number_words(text: str, articles: bool = False, speech: bool = True) -> list[tuple[int, int, int]]:
    """Every number said in words (or digits with a word multiplier) in `text`: (start, end, value).

    Pure digit numbers ("150 000") are not returned: they are the caller's to read.
    """
    found: list[tuple[int, int, int]] = []
    for match in _run_regex().finditer(text):
        found.extend(_parse_run(text, match.start(), match.end(), articles, speech))
    if found and _VAGUE.search(text):
        found = _drop_vague(text, found)
    return found


# "cent et quelques", "vingt et des poussières", "a hundred and something": a vague number, not a value.
_BLANKS = re.compile(r"\s*")
_VAGUE = re.compile(r"\b(?:et|and)\s+(?:quelques?|des\s+poussi[eè]res|some(?:thing)?|odd)\b", re.IGNORECASE)


def _drop_vague(text: str, found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Leave out a number followed by "et quelques" and the multiplier that completes it ("… mille")."""
    vague_ends = {m.start() for m in _VAGUE.finditer(text)}
    vague_tails = {m.end() for m in _VAGUE.finditer(text)}
    kept = []
    for start, end, value in found:
        after = _BLANKS.match(text, end).end()
        left = text[max(0, start - 40) : start]
        before = start - (len(left) - len(left.rstrip()))
        if after in vague_ends or before in vague_tails:
            continue
        kept.append((start, end, value))
    return kept


def words_to_number(s: str, speech: bool = True) -> int | None:
    """The value of `s` when the whole string is one number ("cent cinquante mille" -> 150000), else None."""
    stripped = s.strip()
    if stripped.isdigit():
        return int(stripped)
    found = find_number_words(stripped, articles=True, speech=speech)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(stripped):
        return found[0][2]
    return None
