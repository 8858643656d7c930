"""Phone numbers in evidence text, in every form transcribers write them, normalised to E.164.

Forms: "76 12 34 56", "0022376123456", "00 223 76 12 34 56", "+223-76-12-34-56", "+227 96.12.34.56",
"(+218) 92 555 0147", "218925550147", "96123456", and numbers dictated in words, digit by digit or in
French pairs ("neuf six, douze, trente-quatre", "nine six one two…", "quatre-vingt-seize douze…").
Normalisation is filiere.model.phones.normalise_phone with the case's region (ctx.region).

How a candidate is judged:
- Digit groups joined by one space, dot or hyphen form a run; a run that is not one number is split
  into the longest stretches of groups that are ("300 000 76 12 34 56" gives "76 12 34 56").
- Never phones: dates (13.04.2025, 2025-04-13, "13 04 2025"), times (21h04, 21:04:33 — the colon and
  letters stop a run), amounts (a currency right before or after; thousands grouping such as
  "150 000 000" near a money word), runs of years, 14+ bare digits (IMEI, IMSI), and numbers right after
  a document label (IMEI, passeport, CNI, plaque, immatriculation, IBAN, réf…).
- A candidate that normalise_phone cannot read is no mention. One it reads but phonenumbers does not
  consider valid is kept only when written with "+" or "00" (confidence 0.6); valid numbers get 1.0
  with "+"/"00", 0.95 in groups, 0.85 as one bare block, 0.6 when shaped like thousands, 0.9 dictated.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

import phonenumbers

from filiere.extract.digit_words import find_digit_sequences
from filiere.extract.mention import Context, Mention
from filiere.extract.money import currency_after, currency_before, has_money_cue
from filiere.model.phones import normalise_phone

__all__ = ["find_phones"]

SOURCE = "rule:phone"
_MIN_DIGITS = 7  # The Gambia's national numbers have 7 digits; the rest of the region 8 to 10
_MAX_DIGITS = 15  # E.164 maximum, country code included

_SP = r"[ \t\u00a0\u202f]"
# A prefix "+223", "+ 223", "(+218)", "(00218)" then digit groups joined by one separator each.
_RUN = re.compile(
    rf"(?<![\w+])(?<!\d[:/.,])(?<!\d-)"
    rf"(?P<run>(?:\({_SP}*(?:\+|00)?{_SP}*\d{{1,4}}{_SP}*\){_SP}*|\+{_SP}?)?"
    rf"(?>\d+(?:(?:{_SP}{{1,2}}|{_SP}?[.\-\u2010\u2011\u2013]{_SP}?)\d+)*))"
    r"(?![\w/:]|[.,]\d)"
)
_DIGITS = re.compile(r"\d+")
# Labels after which digits identify a handset, a document, a vehicle or a file, not a line.
_LABEL = re.compile(
    r"(?:IMEI|IMSI|ICCID|s[ée]rie|serial|passeport|passport|CNI|NINA|carte\s+d.identit[ée]|identity\s+card|"
    r"ID\s+card|plaque|plate|immatricul\w*|registration|ch[aâ]ssis|IBAN|RIB|compte\s+bancaire|"
    r"bank\s+account|r[ée]f[ée]rence|r[ée]f|ref|PV|proc[èe]s-verbal|dossier|case\s+file)"
    r"\W{0,3}(?:n°|no\.?|num[ée]ro|number)?\W{0,3}$",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def _normalise(digits: str, region: str | None) -> tuple[str | None, bool]:
    """(E.164 or None, valid?) for a digit string, cached: transcripts repeat the same few numbers."""
    e164 = normalise_phone(digits, region)
    if e164 is None:
        return None, False
    return e164, phonenumbers.is_valid_number(phonenumbers.parse(e164))


def _is_date(groups: list[str], seps: list[str]) -> bool:
    if len(groups) != 3:
        return False
    if len(set(seps)) != 1:
        return False
    lengths = [len(g) for g in groups]
    day_first = lengths[2] in (2, 4) and 1 <= int(groups[0]) <= 31 and 1 <= int(groups[1]) <= 12
    year_first = lengths == [4, 2, 2] and 1 <= int(groups[1]) <= 12 and 1 <= int(groups[2]) <= 31
    return (day_first and lengths[0] <= 2 and lengths[1] <= 2) or year_first


def _is_thousands(groups: list[str], seps: list[str]) -> bool:
    """Amount grouping ("150 000 000", "1.500.000"); phones are rarely grouped by threes from the left."""
    if len(groups) < 2 or len(set(seps)) != 1 or seps[0].strip(" \t\u00a0\u202f") not in ("", "."):
        return False
    first = groups[0]
    return 1 <= len(first) <= 3 and first[0] != "0" and all(len(g) == 3 for g in groups[1:])


def _is_years(groups: list[str]) -> bool:
    return all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups)


class _Judge:
    """Judges stretches of one run of chunks (start, end, digits) against one text and region."""

    def __init__(self, text: str, region: str | None, spoken: bool):
        self.text = text
        self.region = region
        self.spoken = spoken

    def judge(self, chunks: list[tuple[int, int, str]]) -> tuple[str, float] | None:
        text = self.text
        groups = [c[2] for c in chunks]
        intl = groups[0] == "+" or groups[0].startswith("+") or groups[0].startswith("00")
        digits = "".join(groups)
        count = len(digits.lstrip("+"))
        if count < _MIN_DIGITS or count > _MAX_DIGITS + (2 if digits.startswith("00") else 0):
            return None
        start, end = chunks[0][0], chunks[-1][1]
        if currency_after(text, end) is not None or currency_before(text, start) is not None:
            return None
        thousands = False
        if not self.spoken and not intl:
            seps = [text[a[1] : b[0]] for a, b in pairwise(chunks)]
            if _is_date(groups, seps) or _is_years(groups) or (count >= 14 and len(groups) == 1):
                return None
            thousands = _is_thousands(groups, seps)
            if thousands and has_money_cue(text, start, end):
                return None
        e164, valid = _normalise(digits, self.region)
        if e164 is None:
            return None
        if not valid:
            return (e164, 0.6) if intl else None
        if self.spoken:
            return e164, 0.9
        if thousands:
            return e164, 0.6
        if intl:
            return e164, 1.0
        return e164, 0.95 if len(groups) > 1 else 0.85

    def split(self, chunks: list[tuple[int, int, str]]) -> list[tuple[int, int, str, float]]:
        """Stretches of consecutive chunks that are phone numbers: left to right, longest first.

        Linear in the run (a stretch holds at most 17 digits), so a page of numbers stays fast.
        """
        found: list[tuple[int, int, str, float]] = []
        i = 0
        while i < len(chunks):
            j = i
            digits = 0
            while j < len(chunks) and digits + len(chunks[j][2].lstrip("+")) <= _MAX_DIGITS + 2:
                digits += len(chunks[j][2].lstrip("+"))
                j += 1
            verdict = None
            while j > i and verdict is None:
                if sum(len(c[2].lstrip("+")) for c in chunks[i:j]) >= _MIN_DIGITS:
                    verdict = self.judge(chunks[i:j])
                if verdict is None:
                    j -= 1
            if verdict is None:
                i += 1
                continue
            found.append((chunks[i][0], chunks[j - 1][1], *verdict))
            i = j
        return found


def _digit_chunks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Chunks of a digit run; a "+223" or "(+218)" prefix is one chunk whose digits start with "+"."""
    chunks: list[tuple[int, int, str]] = []
    pos = start
    if text[start] == "(":
        close = text.index(")", start, end)
        code = re.sub(r"\D", "", text[start:close])
        chunks.append((start, close + 1, code if code.startswith("00") else "+" + code))
        pos = close + 1
    elif text[start] == "+":
        first = _DIGITS.search(text, start, end)
        if first is None:
            return []
        chunks.append((start, first.end(), "+" + first.group()))
        pos = first.end()
    chunks += [(m.start(), m.end(), m.group()) for m in _DIGITS.finditer(text, pos, end)]
    return chunks


def find_phones(text: str, ctx: Context) -> list[Mention]:
    """Every phone number in `text` with its E.164 form (see the module docstring for what is refused)."""
    region = ctx.region.upper() if ctx.region else None
    spans: list[tuple[int, int, str, float]] = []
    judge = _Judge(text, region, spoken=False)
    for match in _RUN.finditer(text):
        start, end = match.span("run")
        if sum(c.isdigit() for c in text[start:end]) < _MIN_DIGITS:
            continue
        if _LABEL.search(text, max(0, start - 30), start):
            continue
        spans += judge.split(_digit_chunks(text, start, end))
    spoken = _Judge(text, region, spoken=True)
    for chunks in find_digit_sequences(text):
        if sum(len(c[2]) for c in chunks) >= _MIN_DIGITS:
            spans += spoken.split(chunks)
    spans.sort()
    mentions: list[Mention] = []
    last_end = -1
    for start, end, e164, confidence in spans:
        if start < last_end:
            continue
        last_end = end
        mentions.append(Mention("phone", start, end, text[start:end], e164, SOURCE, confidence))
    return mentions
