"""People as investigators' evidence names them, where a generic NER model misses them.

Intercepted calls name people by the way they are addressed ("Le Vieux", "Aunty Fatou", "oui chef"), by
introductions ("c'est Doulaye", "my name is Blessing", "dit Le Vieux") and by titles ("M. KEITA",
"le sergent"); police records write the surname first in capitals ("KEITA Moussa"). These rules find those
forms; spaCy finds the rest, and the merge step chooses among overlaps.

Value: {"name": display form, "kind": name|nickname|title|speaker, "title": str | None}. The display form
puts given names first and writes capitalised surnames in title case ("KEITA Moussa" -> "Moussa Keita").
Word lists (titles, forms of address, generic speaker labels, capitalised non-names) are data in
data/persons/. Capitalised words are never taken as names on their own: a trigger is always needed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from filiere.data import load_yaml
from filiere.extract.language import fold_text
from filiere.extract.mention import Context, Mention

__all__ = ["display_name", "find_persons", "is_form_of_address", "is_generic_speaker"]

SOURCE = "rule:person"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "persons"

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_TOKEN = rf"[{_UP}](?:[{_UP}{_LOW}]|(?:['’](?![sS]\b)|-)(?=[{_UP}{_LOW}]))*"  # "N'Diaye", not "Ben's"
_PARTICLE = r"(?:ag|ould|ben|bin|ibn|dan|mint|el)"
_NAME = re.compile(rf"{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN}){{0,2}}")
_NAME_TOKEN = re.compile(rf"{_TOKEN}|{_PARTICLE}")
_SURNAME_FIRST = re.compile(
    rf"(?<![\w'’-])(?P<sur>[{_UP}][{_UP}'’-]+(?:[ \t]+[{_UP}][{_UP}'’-]+)?)"
    rf"[ \t]+(?P<given>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?(?:[ \t]+[{_UP}][{_LOW}]+)?)(?![\w'’-])"
    rf"|(?<![\w'’-])(?P<given2>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)"
    rf"[ \t]+(?P<sur2>[{_UP}][{_UP}'’-]+)(?![\w'’-])"
)
_ELISION = re.compile(r"^(?:c|j|l|d|s|qu|n|m|t)['’](?P<next>.)", re.IGNORECASE)
_ARTICLE = re.compile(r"[ \t]+(?P<article>(?:le|la|the)[ \t]+|l['’])", re.IGNORECASE)
_INTRO_NAME = (
    r"c'est\s+moi\s*,|it's\s+me\s*,|c'est|moi\s+c'est|je\s+suis|je\s+m'appelle|il\s+s'appelle|elle\s+s'appelle|s'appelle|"
    r"(?:le\s+|la\s+)?(?:de)?nommee?|(?:le\s+|la\s+)?prenommee?|le\s+sieur|"
    r"my\s+name\s+is|his\s+name\s+is|her\s+name\s+is|name's|this\s+is|i\s+am|i'm|it's|it\s+is|call\s+me|"
    r"(?:is|was|man|woman|guy|boy|girl|one|someone|somebody|person|friend|lady|driver)\s+(?:called|named)"
)
_INTRO_NICK = (
    r"on\s+l'appelle|on\s+m'appelle|on\s+le\s+surnomme|on\s+la\s+surnomme|surnommee?|alias|dite?|"
    r"a\.k\.a\.?|aka|nicknamed|known\s+as|they\s+call\s+(?:him|her|me)"
)
_VOC_BEFORE = re.compile(
    r"(?:^|[,;:!?.…(«\"-]|\b(?:oui|non|merci|bonjour|bonsoir|salut|allo|alors|ok|okay|d'accord|pardon|eh|he|ah|"
    r"yes|no|hello|thanks|thank\s+you|sorry|please|ca\s+va|bon|bien|toi|you))\s*$"
)
_VOC_AFTER = re.compile(r"\s*(?:[,;!?.…)»\"]|$)")


@dataclass(frozen=True)
class _Words:
    stop: frozenset[str]  # folded capitalised non-names
    titles: dict[str, tuple[str, str]]  # folded title -> (display, category)
    lower_ok: frozenset[str]  # folded titles that may be written in lower case before a name
    alone: dict[str, tuple[str, str]]  # folded word -> (display, kind)
    prefixes: dict[str, str]  # folded nickname prefix -> display
    definite: dict[str, tuple[str, str, str | None]]  # folded "le sergent" -> (display, kind, title)
    generic: frozenset[str]
    trigger: re.Pattern[str]


def _load(name: str) -> dict:
    return load_yaml((DATA_DIR / name).read_text(encoding="utf-8"))


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@cache
def _words() -> _Words:
    titles_data, nick_data = _load("titles.yaml"), _load("nicknames.yaml")
    stop = {fold_text(str(w)) for values in _load("non_names.yaml").values() for w in values}
    titles: dict[str, tuple[str, str]] = {}
    alone: dict[str, tuple[str, str]] = {}
    definite: dict[str, tuple[str, str, str | None]] = {}
    for category, entry in titles_data.items():
        for word in entry["words"]:
            titles.setdefault(fold_text(word).rstrip("."), (word, category))
        for word in entry.get("alone", ()):
            alone[fold_text(word)] = (word, "nickname" if category == "address" else "title")
        for word in entry.get("definite", ()):
            rank = word.capitalize()
            for article in ("le", "la", "the"):
                definite[f"{article} {fold_text(word)}"] = (f"{article.capitalize()} {word}", "title", rank)
    for phrase in nick_data["definite"]:
        words = phrase.split()
        display = " ".join([words[0].capitalize(), *(w.capitalize() for w in words[1:])])
        definite[fold_text(phrase)] = (display, "nickname", None)
    prefixes = {fold_text(w): w for w in nick_data["prefixes"]}
    lower_ok = frozenset(
        fold_text(w).rstrip(".") for c in ("religious", "rank") for w in titles_data[c]["words"]
    )
    generic = frozenset(fold_text(str(w)) for w in _load("generic_speakers.yaml")["words"])
    stop |= set(titles) | set(alone) | set(prefixes)
    trigger = re.compile(
        rf"(?<![\w'])(?:(?P<nick>{_INTRO_NICK})|(?P<intro>{_INTRO_NAME})|(?P<definite>{_alt(definite)})"
        rf"|(?P<title>{_alt(titles)})|(?P<prefix>{_alt(prefixes)})|(?P<alone>{_alt(alone)}))(?![\w'])"
    )
    return _Words(frozenset(stop), titles, lower_ok, alone, prefixes, definite, generic, trigger)


def _cap_token(token: str) -> str:
    if len(token) > 1 and token.isupper():
        return re.sub(r"(?<=['’-])(\w)", lambda m: m[1].upper(), token.capitalize())
    return token


def display_name(name: str) -> str:
    """One spacing, capitalised surnames in title case ("N'DIAYE  Awa" -> "N'Diaye Awa")."""
    return " ".join(_cap_token(t) for t in name.split())


@cache
def _stop_after_title() -> frozenset[str]:
    calendar = {fold_text(str(w)) for w in _load("non_names.yaml").get("calendar", ())}
    return _words().stop - calendar


@cache
def _nickname_labels() -> frozenset[str]:
    """Nicknames used as speaker labels ("OLD MAN", "LE VIEUX"): they name someone, unlike "Homme 1"."""
    phrases = _load("nicknames.yaml")["definite"]
    return frozenset(re.sub(r"^(?:le|la|the)\s+", "", fold_text(p)) for p in phrases)


def is_generic_speaker(label: str) -> bool:
    """True for labels that name nobody: "A", "Homme 1", "Voix féminine", "Caller", "Q", "Inconnu"."""
    if re.sub(r"^(?:le|la|the)\s+", "", fold_text(label).strip()) in _nickname_labels():
        return False
    words = [w for w in re.split(r"[^\w']+", fold_text(label)) if w and not w.isdigit()]
    if not words:
        return True
    if len(words) == 1 and len(words[0]) == 1:
        return True
    generic = _words().generic
    return all(w in generic or len(w) == 1 for w in words)


def _name_at(text: str, pos: int, stop: frozenset[str]) -> tuple[int, int] | None:
    """Span of the name starting at `pos` (spaces skipped), cut before its first non-name word."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    m = _NAME.match(text, pos)
    if not m:
        return None
    end = pos
    for token in _NAME_TOKEN.finditer(text, pos, m.end()):
        word = token[0]
        folded = fold_text(word)
        elision = _ELISION.match(word)
        if folded in stop or (elision and not elision["next"].isupper()):
            break
        if word[0].isupper():
            end = token.end()
    return (pos, end) if end > pos else None


def _addressed(folded: str, start: int, end: int) -> bool:
    """True when the words at [start, end) are said to someone: "Oui chef.", "Alors, le vieux ?"."""
    window = folded[max(0, start - 25) : start]
    if start <= 25:
        window = "\n" + window
    return bool(_VOC_BEFORE.search(window.split("\n")[-1])) and bool(_VOC_AFTER.match(folded, end))


def _mention(text: str, start: int, end: int, name: str, kind: str, title: str | None, c: float) -> Mention:
    value = {"name": name, "kind": kind, "title": title}
    return Mention("person", start, end, text[start:end], value, SOURCE, c)


def _from_trigger(text: str, folded: str, m: re.Match[str], words: _Words) -> Mention | None:
    kind = m.lastgroup
    start, end = m.span()
    if kind in ("intro", "nick"):
        if m["nick"] and m["nick"].startswith("dit"):
            before = text[max(0, start - 40) : start].rstrip()
            previous = before.rsplit(None, 1)[-1:] or [""]
            named = previous[0][:1].isupper() and fold_text(previous[0]).strip(",.") not in words.stop
            if not (before.endswith((",", "(")) or named):
                return None  # "il m'a dit Moussa est parti": a verb, not an alias
        article = _ARTICLE.match(text, end) if kind == "nick" else None
        span = _name_at(text, article.end() if article else end, words.stop)
        if span is None:
            return None
        name_start = article.start("article") if article and span[0] == article.end() else span[0]
        label = display_name(text[name_start : span[1]])
        what = "nickname" if kind == "nick" else "name"
        return _mention(text, name_start, span[1], label, what, None, 0.85)
    key = re.sub(r"\s+", " ", m[0])
    if kind == "definite":
        display, what, title = words.definite[key]
        rank_start = start + len(m[0].split()[0]) + 1
        while text[rank_start] in " \t":
            rank_start += 1
        if what == "title":
            span = _name_at(text, end, words.stop)
            if span and span[0] - end <= 2 and span[0] > end:  # "le sergent Abdou"
                name = display_name(text[span[0] : span[1]])
                return _mention(text, rank_start, span[1], name, "name", title, 0.9)
        elif not (text[rank_start].isupper() or _addressed(folded, start, end)):
            return None
        return _mention(text, start, end, display, what, title, 0.7)
    if kind == "prefix" and text[start].isupper():
        span = _name_at(text, end + (1 if text[end : end + 1] == "." else 0), words.stop)
        if span and span[0] - end <= 2:
            return _mention(text, start, span[1], display_name(text[start : span[1]]), "nickname", None, 0.8)
    if kind == "title" and (text[start].isupper() or key in words.lower_ok):
        after = end + (1 if text[end : end + 1] == "." else 0)
        span = _name_at(text, after, _stop_after_title())  # "Oga Sunday": a day name is a name after a title
        if span and span[0] - after <= 2 and (span[0] > after or after > end):
            display, _category = words.titles[key]
            return _mention(text, start, span[1], display_name(text[span[0] : span[1]]), "name", display, 0.9)
    if key in words.alone:
        display, what = words.alone[key]
        if re.match(r"[ \t]+(?:de|du|des|d'|of)\b", folded[end:]):
            return None  # "Chef de ghetto", "Chief of staff": a role, not a name
        if text[start].isupper() or _addressed(folded, start, end):
            return _mention(text, start, end, display, what, display if what == "title" else None, 0.7)
    return None


def _surname_first(text: str, m: re.Match[str], stop: frozenset[str]) -> Mention | None:
    surname = m["sur"] or m["sur2"]
    given = m["given"] or m["given2"]
    tokens = re.split(r"[ \t]+", f"{surname} {given}")  # "AL-HASNAWI" is one surname, not the word "Al"
    if any(fold_text(t) in stop for t in tokens):
        return None
    if any((e := _ELISION.match(t)) and not e["next"].isupper() for t in tokens):
        return None
    return _mention(text, m.start(), m.end(), display_name(f"{given} {surname}"), "name", None, 0.85)


def _speaker(text: str, label: str, start: int, end: int, words: _Words) -> Mention | None:
    if is_generic_speaker(label) or not (0 <= start < end <= len(text)):
        return None
    label_text = text[start:end]
    raw = re.sub(r"\s*\([^()]*\)\s*$", "", label_text).strip()
    also = _bracketed_name(label_text[len(raw) :], words)
    title = None
    m = words.trigger.match(fold_text(raw))
    if m and m.lastgroup == "title" and len(m[0]) < len(raw):
        title = words.titles[re.sub(r"\s+", " ", m[0])][0]
        raw = raw[m.end() :].lstrip(". \t")
    if not raw:
        return None
    reordered = _SURNAME_FIRST.fullmatch(raw)
    if reordered and reordered["sur"]:
        raw = f"{reordered['given']} {reordered['sur']}"
    mention = _mention(text, start, end, display_name(raw), "speaker", title, 0.95)
    if also and fold_text(also) != fold_text(mention.value["name"]):
        mention.value["also"] = also  # "PILOTE (Cheikh SOW)": the clerk's identification of the voice
    return mention


def _bracketed_name(tail: str, words: _Words) -> str | None:
    """The name in a label's brackets, "(Cheikh SOW)" / "(SOW Cheikh)" -> "Cheikh Sow"; None for notes
    such as "(en haoussa)" or "(off)", which are not written as names."""
    m = re.fullmatch(r"\s*\(\s*([^()]+?)\s*\)\s*", tail)
    if not m:
        return None
    inner = m[1]
    tokens = inner.split()
    if not tokens or len(tokens) > 4 or not all(t[:1].isupper() for t in tokens):
        return None
    if all(fold_text(t) in words.stop or fold_text(t) in words.generic for t in tokens):
        return None
    reordered = _SURNAME_FIRST.fullmatch(inner)
    if reordered and reordered["sur"]:
        inner = f"{reordered['given']} {reordered['sur']}"
    return display_name(inner)


def find_persons(text: str, ctx: Context, speakers: Iterable[tuple[str, int, int]] = ()) -> list[Mention]:
    """Person mentions: non-generic speaker labels, forms of address, introductions, titled names and
    surname-first names. `speakers` are (label, start, end) with the label's span in `text`."""
    words = _words()
    found: list[tuple[int, Mention]] = []
    for label, start, end in speakers:
        if mention := _speaker(text, label, start, end, words):
            found.append((0, mention))
    if text:
        folded = fold_text(text)
        for m in words.trigger.finditer(folded):
            if mention := _from_trigger(text, folded, m, words):
                found.append((1, mention))
        for m in _SURNAME_FIRST.finditer(text):
            if mention := _surname_first(text, m, words.stop):
                found.append((2, mention))
    return _without_overlaps([(p, _within_sentence(m, keep_last=p == 2)) for p, m in found])


_SENTENCE_BREAK = re.compile(r"(?<=\w\w)\.\s+")  # "Serigne. Mariama": not an initial ("M. Diallo")


def _within_sentence(mention: Mention, keep_last: bool) -> Mention:
    """A name never runs over a full stop: "c'est Serigne. Mariama CISSÉ, alias…" holds two people. A
    surname-first match keeps its last part (the name with the capitals), others their first."""
    parts = [(m.start(), m.end()) for m in _SENTENCE_BREAK.finditer(mention.text)]
    if not parts:
        return mention
    start, end = (parts[-1][1], len(mention.text)) if keep_last else (0, parts[0][0])
    text = mention.text[start:end]
    value = mention.value
    if isinstance(value, dict) and value.get("name"):
        value = {**value, "name": display_name(text) or text}
    return Mention(
        mention.type,
        mention.start + start,
        mention.start + end,
        text,
        value,
        mention.source,
        mention.confidence,
    )


def _without_overlaps(found: list[tuple[int, Mention]]) -> list[Mention]:
    """Keep the best of overlapping mentions (lower priority number, then longer), in text order."""
    starts: list[int] = []
    kept: list[Mention] = []  # sorted by start, never overlapping: bisect keeps this O(n log n)
    for _priority, mention in sorted(found, key=lambda p: (p[0], -(p[1].end - p[1].start), p[1].start)):
        i = bisect.bisect_right(starts, mention.start)
        if (i and kept[i - 1].end > mention.start) or (i < len(kept) and kept[i].start < mention.end):
            continue
        starts.insert(i, mention.start)
        kept.insert(i, mention)
    return kept


_KINSHIP_ADDRESS = frozenset(
    (
        "grand", "grande", "petit", "petite", "frere", "soeur", "grand frere", "grande soeur", "petit frere",
        "frangin", "fiston", "doyen", "tonton", "tantie", "jeune homme", "brother", "sister", "big brother",
        "big sister", "bros", "boy", "young man", "senior man", "elder", "ma", "sir", "officer",
    )
)  # fmt: skip


def is_form_of_address(name: str) -> bool:
    """True for words said to many people ("Patron", "Grand frère", "Mon commandant", "Le Vieux", "my
    brother"): heard as a vocative, they do not tell who is on the line."""
    folded = fold_text(name).strip()
    bare = re.sub(r"^(?:le|la|les|the|l')\s*", "", folded)
    words = _words()
    if re.match(r"(?:mon|ma|mes|my|notre|our)\s", folded) or bare in _KINSHIP_ADDRESS:
        return True
    return (
        any(
            f in words.alone or f in words.titles or f in words.definite or f in words.generic
            for f in (folded, bare)
        )
        or bare in _nickname_labels()
    )
