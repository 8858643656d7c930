"""Phone numbers dictated in words: digit by digit, in French pairs, or by hundreds.

"neuf six, douze" -> 9 6 12; "quatre-vingt-seize" -> 96; "double six" -> 66. Each chunk is read with the
number-word grammar of numwords.py; phones.py decides which chunks form a phone number.
"""

from __future__ import annotations

import re
from functools import cache

from filiere.extract.numwords import LEXICON, SPACE, Number, connector_ok, trie_regex

__all__ = ["find_digit_sequences"]

# Words that read dictated digits but are not cardinal-number words.
_REPEAT = {"double": 2, "triple": 3}
_PLUS = {"plus"}
_DIGIT_SEP = rf"(?:{SPACE}*(?:[,/\-\u2010\u2011\u2013\u2014\u2026]|\.\.\.){SPACE}*|{SPACE}+)"


@cache
def _digit_run_regex() -> re.Pattern[str]:
    words = [w for w, (kind, _, _) in LEXICON.items() if kind != "mult" and kind != "half"]
    alt = trie_regex(sorted([*words, *_REPEAT, "et", "and"]))
    token = rf"(?:{alt})(?!\w)"
    head = rf"(?:(?:plus|\+){SPACE}*)?"
    # At least four words: fewer cannot dictate the seven digits of the shortest phone number.
    return re.compile(rf"(?<!\w){head}{token}(?:{_DIGIT_SEP}{token}){{3,}}", re.IGNORECASE)


_WORD = re.compile(r"[^\W\d_]+|\+")


def _chunk_digits(words: list[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
    """Read one chunk (a digit, a pair, a hundred) from words[i:]: (words used, digits) or None."""
    word = words[i][2]
    nxt = words[i + 1][2] if i + 1 < len(words) else ""
    if word in _REPEAT:
        entry = LEXICON.get(nxt)
        if entry and entry[0] in ("unit", "zero"):
            return 2, str(entry[1]) * _REPEAT[word]
        return None
    entry = LEXICON.get(word)
    if entry is None:
        return None
    number = Number()
    used = 0
    j = i
    while j < len(words):
        current = words[j][2]
        if current in ("et", "and") and j + 1 < len(words):
            nxt_entry = LEXICON.get(words[j + 1][2])
            tok = (0, 0, *(nxt_entry or ("", 0, "")), words[j + 1][2])
            if (
                nxt_entry
                and connector_ok(number, [current], tok)
                and number.feed(nxt_entry[0], nxt_entry[1], nxt_entry[2], words[j + 1][2])
            ):
                j += 2
                used = j - i
                continue
            break
        current_entry = LEXICON.get(current)
        if current_entry is None or current_entry[0] == "mult":
            break
        if not number.feed(current_entry[0], current_entry[1], current_entry[2], current):
            break
        j += 1
        used = j - i
        if number.stage == "Z":
            break
    if used == 0:
        return None
    value = number.value(speech=False)
    if value is None:
        return None
    if number.hundreds:
        digits = f"{value:03d}"
    elif number.stage in ("U", "Z"):
        digits = str(value)
    else:
        digits = f"{value:02d}"
    return used, digits


def find_digit_sequences(text: str) -> list[list[tuple[int, int, str]]]:
    """Runs of four or more dictated number words: each run a list of chunks (start, end, digits).

    "neuf six, douze" -> [(…, "9"), (…, "6"), (…, "12")]; "quatre-vingt-seize" -> "96";
    "double six" -> "66"; "deux cent vingt-sept" -> "227"; a leading "plus"/"+" is a chunk "+".
    The caller decides which chunks form a phone number.
    """
    runs: list[list[tuple[int, int, str]]] = []
    for match in _digit_run_regex().finditer(text):
        words = [
            (m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text, match.start(), match.end())
        ]
        chunks: list[tuple[int, int, str]] = []
        i = 0
        if words and words[0][2] in _PLUS | {"+"}:
            chunks.append((words[0][0], words[0][1], "+"))
            i = 1
        while i < len(words):
            read = _chunk_digits(words, i)
            if read is None:
                if len(chunks) > 1 or (chunks and chunks[0][2] != "+"):
                    runs.append(chunks)
                chunks = []
                i += 1
                continue
            used, digits = read
            chunks.append((words[i][0], words[i + used - 1][1], digits))
            i += used
        if chunks and (len(chunks) > 1 or chunks[0][2] != "+"):
            runs.append(chunks)
    return runs
