"""Money amounts in French and English evidence: amount as a number and ISO 4217 currency.

Fees, debts and transfers are the profit element of smuggling and the means element of trafficking, so
every amount an analyst would underline must come out with its currency: "150 000 F", "1,5 million",
"un million cinq", "€2,500", "N500,000", "300 000 by Western Union".

Rules (currency words and cues are data: data/money/currencies.yaml):
- A number (digits, or words via numwords) followed by a currency ("150 000 F", "5 millions de FCFA",
  "cent mille (francs)") or preceded by a sign or code ("€2,500", "N500,000") is money, confidence 1.0
  (0.8 when an ambiguous word such as "dinars" had to be resolved by the default currency).
- A number with no currency but joined by "et", "à", "-", "ou", "to", "or" to an amount with one
  ("entre 100 000 et 150 000 F") takes that currency, confidence 0.9.
- A bare number is money only if it is at least 1,000, is not shaped like a year or a phone number,
  and either a money cue ("payé", "envoie", "chacun", "paid", "commission", "Western Union"…) stands in
  the same sentence within 70 characters before or 50 after it (confidence 0.7), or it is a round
  amount said aloud (>= 10,000, a multiple of 1,000, in words or grouped digits: "cent cinquante
  mille", "500 mille", "20 000") followed by no noun — punctuation, end of line or a word such as
  "pour", "dans", "avant", "each" (confidence 0.6). Its currency is the case region's (ctx.region);
  with no region the currency is None and the confidence 0.1 lower.
- Digits touching other digit groups ("76 45 90 12"), dates (13/04/2025, 2025-04-13) and times (21h04,
  21:04:33) are never read as amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import yaml

from filiere.extract.mention import Context, Mention
from filiere.extract.numwords import find_number_words

__all__ = ["currency_after", "currency_before", "find_money", "has_money_cue", "parse_amount"]

SOURCE = "rule:money"
_DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "money" / "currencies.yaml"
_SP = r"[ \u00a0\u202f]"


@dataclass(frozen=True)
class _Data:
    after: re.Pattern[str]
    before: re.Pattern[str]
    cue: re.Pattern[str]
    alias: dict[str, tuple[str | None, str | None]]  # lowered alias -> (code, ambiguity group)
    exact: dict[str, tuple[str | None, str | None]]  # case-sensitive alias -> (code, group)
    groups: dict[str, dict]
    region_currency: dict[str, str]
    attached_before: frozenset[str]  # signs written only against the digits ("N500"): not "la N1"
    round_follow: re.Pattern[str]  # what may follow a round amount said with no currency


def _alias_regex(aliases: list[str], exact: list[str], attached: list[str], before: bool) -> str:
    def one(alias: str) -> str:
        return re.escape(alias).replace(r"\ ", f"{_SP}*")

    parts = [(a, one(a)) for a in aliases]
    parts += [(a, f"(?-i:{one(a)})") for a in exact]
    if not before:
        parts += [(a, f"(?<=\\d)(?-i:{one(a)})") for a in attached]
    parts.sort(key=lambda p: len(p[0]), reverse=True)
    return "|".join(p[1] for p in parts)


@cache
def _data() -> _Data:
    raw = yaml.safe_load(_DATA_FILE.read_text("utf-8"))
    alias: dict[str, tuple[str | None, str | None]] = {}
    exact: dict[str, tuple[str | None, str | None]] = {}
    after_words: list[str] = []
    after_exact: list[str] = []
    after_attached: list[str] = []
    before_words: list[str] = []
    before_exact: list[str] = []
    before_attached: list[str] = []
    for entry in raw["currencies"]:
        key = (entry["code"], entry.get("group"))
        for name in entry.get("after", []) + entry.get("slang", []) + entry.get("before", []):
            alias[_norm(name)] = key
        for name in entry.get("exact_after", []) + entry.get("exact_before", []):
            exact[name] = key
        for name in entry.get("attached_after", []) + entry.get("attached_before", []):
            exact[name] = key
        after_words += entry.get("after", []) + entry.get("slang", [])
        after_exact += entry.get("exact_after", [])
        after_attached += entry.get("attached_after", [])
        before_words += entry.get("before", [])
        before_exact += entry.get("exact_before", [])
        before_attached += entry.get("attached_before", [])
    groups: dict[str, dict] = {}
    for entry in raw["ambiguous"]:
        name = entry.get("group") or entry["words"][0]
        groups[name] = entry
        for word in entry.get("words", []):
            alias[_norm(word)] = (None, name)
            after_words.append(word)
    after_alts = _alias_regex(after_words, after_exact, after_attached, before=False)
    before_alts = _alias_regex(before_words, before_exact, [], before=True)
    attached_alts = "|".join(f"(?-i:{re.escape(a)})" for a in before_attached)
    after = re.compile(
        rf"{_SP}*(?:\({_SP}*(?P<p>{after_alts}){_SP}*\)|(?:(?:de|d'|d’|of){_SP}*)?(?P<c>{after_alts}))(?!\w)",
        re.IGNORECASE,
    )
    # Searched with endpos = the number's start, so "$" is the number's first digit.
    before = re.compile(rf"(?<!\w)(?:(?P<c>{before_alts}){_SP}?|(?P<a>{attached_alts}))$", re.IGNORECASE)
    cue_words = [w for words in raw["cues"].values() for w in words]
    cue = re.compile(rf"(?<!\w)(?:{_alias_regex(cue_words, [], [], False)})(?!\w)", re.IGNORECASE)
    followers = [w for words in raw["bare_amount_followers"].values() for w in words]
    # "20 000 à 30 000 migrants": a follower word before another number starts a range of counts.
    follower = rf"(?:{_alias_regex(followers, [], [], False)})(?!\w)(?!{_SP}*\d)"
    round_follow = re.compile(rf"{_SP}*(?:[.,;:!?)\]»\"'…\n]|$|{follower})", re.IGNORECASE)
    return _Data(
        after,
        before,
        cue,
        alias,
        exact,
        groups,
        raw["region_currency"],
        frozenset(before_attached),
        round_follow,
    )


def _norm(name: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", "", name).lower()


def _resolve(name: str, ctx: Context, text: str) -> tuple[str | None, float]:
    """ISO code for a currency word as written, with the confidence of the reading."""
    data = _data()
    code, group = data.exact.get(name) or data.alias.get(_norm(name), (None, None))
    if group is None:
        return code, 1.0
    entry = data.groups[group]
    region = (ctx.region or "").upper()
    if region in entry.get("by_region", {}):
        return entry["by_region"][region], 1.0
    if code is not None:  # an unambiguous spelling of a group member ("FCFA" outside CEMAC)
        return code, 1.0
    for hinted, places in entry.get("hints", {}).items():
        if re.search(r"(?<!\w)(?:" + "|".join(map(re.escape, places)) + r")(?!\w)", text, re.IGNORECASE):
            return hinted, 0.9
    return entry["default"], 0.8


def currency_after(text: str, pos: int) -> tuple[int, str] | None:
    """A currency written right after `pos` ("150 000 F", "mille (francs)"): (end, form as written)."""
    match = _data().after.match(text, pos)
    if match is None:
        return None
    return match.end(), match.group("p") or match.group("c")


def currency_before(text: str, pos: int) -> tuple[int, str] | None:
    """A currency sign or code right before `pos` ("€2,500", "N500,000"): (start, form as written)."""
    match = _data().before.search(text, max(0, pos - 12), pos)
    if match is None:
        return None
    return match.start(), match.group("c") or match.group("a")


def has_money_cue(text: str, start: int, end: int) -> bool:
    """Is there a money word in the sentence around text[start:end] (70 characters before, 50 after)?"""
    left = text[max(0, start - 70) : start]
    cut = max(left.rfind("\n"), *(left.rfind(p + " ") for p in ".!?"))
    if cut >= 0:
        left = left[cut + 1 :]
    right = text[end : end + 50]
    stop = _SENTENCE_END.search(right)
    if stop is not None:
        right = right[: stop.start()]
    cue = _data().cue
    return cue.search(left) is not None or cue.search(right) is not None


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")

# Digits as amounts: "150 000", "150.000", "2,500.75", "1500", "12,50". Lookarounds refuse digits that
# touch other digit groups (phone numbers in pairs), dates, times and words ("21h04", "A1234"). Bounded
# repetitions keep the scan linear on hostile input ("150 000 150 000 …", a line of 200,000 digits).
_AMOUNT = re.compile(
    r"(?<![0-9A-MO-Za-z\u00c0-\u024f_+])(?<!\d[:/.,\-])(?<!\d[ \u00a0\u202f])"
    r"(?P<num>(?>\d{1,3}(?P<sep>[ \u00a0\u202f.,'’])\d{3}(?:(?P=sep)\d{3}){0,5}(?:[.,]\d{1,2})?(?!\d)"
    r"|\d{1,24}(?:[.,]\d{1,2})?))"
    r"(?![0-9_/:]|[ \u00a0\u202f.,\-]\d)"  # a letter may follow: "5000F", "2000DH" (see _bare_amount_ok)
)
_RANGE = re.compile(rf"{_SP}*(?:et|à|a|-|–|ou|and|to|or){_SP}*$", re.IGNORECASE)
# Words after which digits are a line or a reference, not an amount ("au 76 451 290", "dossier 25000").
_LABEL_BEFORE = re.compile(
    r"(?:\bau|\bnum[ée]ro|n°|\bno\.|\bt[ée]l[ée]?(?:phone)?|\bphone|\bnumber|\bappel\w*|\bcall\w*|\bline|"
    r"\br[ée]f\w*|\bdossier|\bPV|\bfile|\bcase|\bcode|\bpin)\s*[:.]?\s*$",
    re.IGNORECASE,
)


def parse_amount(raw: str) -> int | float | None:
    """'150 000' -> 150000, '2,500.75' -> 2500.75, '12,50' -> 12.5, '1.500' -> 1500 (grouping)."""
    match = _AMOUNT.fullmatch(raw.strip())
    if match is None:
        return None
    return _number(_digits_fraction(match.group("num"), match.group("sep")))


def _digits_fraction(raw: str, sep: str | None) -> Fraction:
    decimal = re.search(r"[.,](\d{1,2})$", raw)
    if decimal is not None and (sep is None or raw[decimal.start()] != sep):
        whole = re.sub(r"\D", "", raw[: decimal.start()])
        return Fraction(int(whole)) + Fraction(int(decimal.group(1)), 10 ** len(decimal.group(1)))
    return Fraction(int(re.sub(r"\D", "", raw)))


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


@dataclass
class _Candidate:
    start: int
    end: int
    value: Fraction
    plain_digits: str | None  # the digits when written with no grouping at all ("1500"), else None
    spoken: bool = False  # written with words or a multiplier ("cent mille", "500 mille", "2k")
    currency: str | None = None
    confidence: float = 0.0
    span: tuple[int, int] = (0, 0)


def _candidates(text: str) -> list[_Candidate]:
    words = find_number_words(text, articles=True)
    found = [_Candidate(s, e, Fraction(v), None, spoken=True) for s, e, v in words]
    taken = [(s, e) for s, e, _ in words]
    index = 0
    for match in _AMOUNT.finditer(text):
        start, end = match.span()
        while index < len(taken) and taken[index][1] <= start:
            index += 1
        if index < len(taken) and taken[index][0] < end:
            continue  # part of "150 mille", "1,5 million": read by numwords
        raw = match.group("num")
        if len(raw) > 24:  # no amount has that many digits: a serial, a hash, garbage
            continue
        plain = raw if raw.isdigit() else None
        found.append(_Candidate(start, end, _digits_fraction(raw, match.group("sep")), plain))
    found.sort(key=lambda c: c.start)
    return found


def find_money(text: str, ctx: Context) -> list[Mention]:
    """Every amount of money in `text` with its ISO 4217 currency (see the module docstring for rules)."""
    candidates = _candidates(text)
    for cand in candidates:
        after = currency_after(text, cand.end)
        if after is not None:
            cand.currency, cand.confidence = _resolve(after[1], ctx, text)
            cand.span = (cand.start, after[0])
            continue
        before = currency_before(text, cand.start)
        if before is not None and not (before[1] in _data().attached_before and cand.value < 100):
            cand.currency, cand.confidence = _resolve(before[1], ctx, text)
            cand.span = (before[0], cand.end)
    # Ranges and lists: "entre 100 000 et 150 000 F" — right to left, so "100, 200 et 300 F" chains.
    for cand, nxt in zip(reversed(candidates[:-1]), reversed(candidates[1:]), strict=True):
        joined = _RANGE.match(text[cand.end : nxt.start]) or text[cand.end : nxt.start].strip() == ","
        if cand.confidence == 0 and nxt.confidence and nxt.span[0] == nxt.start and joined:
            cand.currency, cand.confidence, cand.span = nxt.currency, 0.9, (cand.start, cand.end)
    region = (ctx.region or "").upper()
    default = _data().region_currency.get(region)
    mentions: list[Mention] = []
    for cand in candidates:
        if cand.confidence == 0:
            if not _bare_amount_ok(text, cand):
                continue
            cand.currency = default
            cand.confidence = 0.7 if default else 0.5
            if not has_money_cue(text, cand.start, cand.end):  # then it passed as a round amount
                cand.confidence = 0.6 if default else 0.4
            cand.span = (cand.start, cand.end)
        start, end = cand.span
        mentions.append(
            Mention(
                type="money",
                start=start,
                end=end,
                text=text[start:end],
                value={"amount": _number(cand.value), "currency": cand.currency},
                source=SOURCE,
                confidence=cand.confidence,
            )
        )
    return mentions


def _bare_amount_ok(text: str, cand: _Candidate) -> bool:
    """A number with no currency is money only when large, not a year or phone, and near a money cue."""
    if cand.value < 1000 or text[cand.end : cand.end + 1].isalpha():  # "1500m", "2000e"
        return False
    plain = cand.plain_digits
    if plain is not None and (len(plain) >= 8 or (len(plain) == 4 and 1900 <= int(plain) <= 2099)):
        return False
    if _LABEL_BEFORE.search(text, max(0, cand.start - 20), cand.start):
        return False
    return has_money_cue(text, cand.start, cand.end) or _round_amount(text, cand)


def _round_amount(text: str, cand: _Candidate) -> bool:
    """ "cent cinquante mille.", "500 mille dans l'enveloppe", "20 000 pour l'essence": see the data file."""
    if cand.value < 10_000 or cand.value % 1000 or cand.plain_digits is not None:
        return False
    if not cand.spoken and not re.fullmatch(
        r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+", text[cand.start : cand.end]
    ):
        return False
    return _data().round_follow.match(text, cand.end) is not None
