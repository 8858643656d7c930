"""Person names the rules and the model miss or mangle, mended with what the field knows.

- Speaker labels written in free text ("KOJO : I am at the motor park") name people, as in transcripts.
- Common given names of the region (data/persons/given_names.yaml) are names wherever they are written.
- The statistical model's PER spans are trimmed of civil titles and stray words ("Mrs Osagie" → "Osagie",
  "registered to Benson Eze" → "Benson Eze"); single pronouns or common words it takes for names go.
- A word tagged ORG/LOC by the model that is elsewhere in the same original a person's name is a person:
  the small French model reads upper-case names ("HAMIDOU") as organisations.
"""

from __future__ import annotations

import re
from functools import cache

from filiere.data import DATA_DIR, load_yaml
from filiere.extract.language import fold_text
from filiere.extract.mention import Mention
from filiere.extract.persons import is_generic_speaker
from filiere.ingest.header import make_vocabulary, normalise_key

SOURCE = "rule:given-name"
_LABEL = re.compile(
    r"^[ \t]*(?P<label>(?P<head>[A-ZÀ-Þ][\wÀ-ÿ'’.-]*(?:[ \t][A-ZÀ-Þ][\wÀ-ÿ'’.-]*){0,2})"
    r"(?:[ \t]+\([^()\n]{1,40}\))?)[ \t]?:[ \t]+",  # "PILOTE (Cheikh SOW) :", the clerk's identification
    re.MULTILINE,
)
_TOKEN = re.compile(r"[A-ZÀ-Þ][\wÀ-ÿ'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s+|\n\s*|[«\"]\s*)$")


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    persons = DATA_DIR / "persons"
    given = load_yaml((persons / "given_names.yaml").read_text(encoding="utf-8"))
    non_names = load_yaml((persons / "non_names.yaml").read_text(encoding="utf-8"))
    titles = load_yaml((persons / "titles.yaml").read_text(encoding="utf-8"))
    names = frozenset(fold_text(n) for n in given["names"])
    words_too = frozenset(fold_text(n) for n in given["words_too"])
    stop = frozenset(fold_text(w) for group in non_names.values() for w in group)
    civil = frozenset(fold_text(w).rstrip(".") for w in titles["civil"]["words"])
    return names, words_too, stop, civil


@cache
def _chatter() -> frozenset[str]:
    """Words of talk ("Allô", "Compris", "Salam"): a model span that is only one of them is nothing."""
    non_names = load_yaml((DATA_DIR / "persons" / "non_names.yaml").read_text(encoding="utf-8"))
    groups = ("function_words", "discourse", "greetings", "questions")
    return frozenset(fold_text(w) for group in groups for w in non_names.get(group, ()))


def is_chatter(text: str) -> bool:
    return fold_text(text).strip(" .,;:!?…'\"«»") in _chatter()


@cache
def _record_keys() -> frozenset[str]:
    """Header keys of transcripts and hearing records ("Date", "Appelant", "Nationalité"): never names."""
    from filiere.ingest.interview import INTERVIEW_KEYS
    from filiere.ingest.transcript import TRANSCRIPT_KEYS

    return frozenset(make_vocabulary(TRANSCRIPT_KEYS)) | frozenset(make_vocabulary(INTERVIEW_KEYS))


def is_record_word(text: str) -> bool:
    """A header key or a question/answer label: a word of the record's form, not a person or place."""
    return normalise_key(text) in _record_keys() or is_generic_speaker(text)


def speaker_labels(text: str) -> list[tuple[str, int, int]]:
    """`LABEL :` at the start of lines, written in capitals as transcripts write speakers ("KOJO :"), as
    (label, start, end); header keys and form fields ("Date :", "Motif :") are not speakers."""
    return [
        (m.group("label"), m.start("label"), m.end("label"))
        for m in _LABEL.finditer(text)
        if m.group("head").isupper() and not is_record_word(m.group("head"))
    ]


_CONTACT = re.compile(
    r"^[ \t]*(?:[-•*][ \t]*)?(?P<label>[A-ZÀ-Þ«\"][^:\n]{0,38}?)[»\"]?[ \t]*:[ \t]*"
    r"(?=(?:\+|00)?\d[\d .\-]{6,}\d[ \t]*$)",
    re.MULTILINE,
)


def contact_mentions(text: str) -> list[Mention]:
    """Seized-phone contact entries ("Boussole : 97 66 30 12"): the label names the number's user."""
    found = []
    for m in _CONTACT.finditer(text):
        label = m.group("label").strip('«» \t"')
        if not label or is_record_word(label) or not label[0].isupper():
            continue
        start = text.index(label, m.start("label"))
        found.append(
            Mention(
                "person",
                start,
                start + len(label),
                label,
                {"name": label, "kind": "contact", "title": None},
                "rule:contact-list",
                0.8,
            )
        )
    return found


def given_name_mentions(text: str) -> list[Mention]:
    """Capitalised given names of the list, with a following capitalised surname when there is one."""
    names, words_too, stop, _civil = _words()
    found = []
    tokens = list(_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        token = tokens[i]
        folded = fold_text(token.group())
        if folded not in names or (folded in words_too and _SENTENCE_START.search(text[: token.start()])):
            i += 1
            continue
        end = token.end()
        j = i + 1
        while j < len(tokens) and j <= i + 2 and text[end : tokens[j].start()] in (" ", "\t"):
            if fold_text(tokens[j].group()) in stop:
                break
            end = tokens[j].end()
            j += 1
        found.append(
            Mention(
                "person",
                token.start(),
                end,
                text[token.start() : end],
                {"name": text[token.start() : end], "kind": "name", "title": None},
                SOURCE,
                0.8,
            )
        )
        i = j
    return found


_SPAN_BREAK = re.compile(r"\n|(?<![A-Z])\.\s")


def clean_model_person(m: Mention) -> Mention | None:
    """Trim a model PER span to its name; None when nothing name-like is left."""
    _names, _words_too, stop, civil = _words()
    # a name never runs over a line break or a full stop ("Boss. Reste en ligne", "Entrant\nCorrespondant")
    cut = _SPAN_BREAK.search(m.text)
    if cut:
        m = Mention(
            m.type, m.start, m.start + cut.start(), m.text[: cut.start()], m.value, m.source, m.confidence
        )
    tokens = list(re.finditer(r"\S+", m.text))
    keep = list(tokens)
    while keep and (
        not keep[0].group()[0].isupper() or fold_text(keep[0].group()).rstrip(".,") in stop | civil
    ):
        keep.pop(0)
    while keep and (not keep[-1].group()[0].isupper() or fold_text(keep[-1].group()).rstrip(".,") in stop):
        keep.pop()
    if not keep:
        return None
    start = m.start + keep[0].start()
    text = m.text[keep[0].start() : keep[-1].end()].rstrip(".,;:")
    if not text:
        return None
    return Mention("person", start, start + len(text), text, m.value, m.source, m.confidence)


def relabel_known_persons(mentions: list[Mention], known: set[str]) -> list[Mention]:
    """Model ORG/LOC mentions whose text is a known person's name become person mentions."""
    out = []
    for m in mentions:
        if (
            m.source.startswith("spacy")
            and m.type in ("organization", "place")
            and fold_text(m.text) in known
        ):
            m = Mention("person", m.start, m.end, m.text, None, m.source, m.confidence)
        out.append(m)
    return out
