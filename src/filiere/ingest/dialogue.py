"""The dialogue of a transcript or hearing record: speaker labels, separators and turns.

A `SPEAKER : text` line opens a turn; a line without a speaker continues the turn above it; a blank line, a
separator ("--- Fin de la communication ---", "***") or a closing formula ends it. Turn offsets are exact:
``text[turn.start:turn.end] == turn.text``; a turn over several lines spans from its first character to its
last, newlines and indentation of the original included (collapse whitespace when displaying it, never when
pointing at the evidence).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from filiere.ingest.header import Line
from filiere.ingest.records import Turn

__all__ = [
    "GENERIC_HEADS",
    "MARKER_LABELS",
    "TurnBuilder",
    "fold",
    "label_counts",
    "label_words",
    "looks_like_speaker",
    "read_dialogue",
    "word_set",
]


def word_set(text: str) -> frozenset[str]:
    """Word tables are written as one space-separated string to stay readable."""
    return frozenset(text.split())


_TIMECODE = r"(?:\[\s*\d{1,2}:\d{2}(?::\d{2})?\s*\]|\(\s*\d{1,2}:\d{2}(?::\d{2})?\s*\)|\d{1,2}:\d{2}:\d{2})"
_SPEAKER_LINE = re.compile(
    rf"[ \t]*(?:{_TIMECODE}[ \t]*(?:[-–—][ \t]*)?)?(?:[-–—•][ \t]+)?"
    r"(?P<label>[^\W\d_][^:：\n]{0,59}?)[ \t]*[:：](?P<rest>.*)"
)
_TITLE_PREFIX = re.compile(r"^(?:m|mr|mme|mlle|dr|sgt|adj|cpl|lt|cpt|cdt|col|el|hadj)\.\s+", re.IGNORECASE)
_PAREN_TAIL = re.compile(r"\s*\([^()]{0,40}\)\s*$")
_LABEL_BAD = re.compile(r"[,;!?.«»\"“”\[\]{}<>=+*#@|/\\%&$€0-9]{1}")
_CONNECTORS = word_set("de du des d la le les l ben bin ould ag al el dit alias et")
_LOWER_WORDS = word_set(
    "feminine masculine feminin masculin inconnue inconnu non identifie identifiee "
    "unknown male female voice man woman adulte enfant jeune agee age"
)
_PRONOUNS = word_set("il elle on je tu nous vous ils elles he she they i we you it ce c ca cela")
GENERIC_HEADS = word_set(
    "homme femme voix interlocuteur interlocutrice locuteur locutrice correspondant correspondante "
    "inconnu inconnue individu personne enfant speaker voice man woman male female unknown person "
    "participant intervenant intervenante appelant appelante appele appelee caller callee"
)
_DISCOURSE_WORDS = word_set(
    "ecoute ecoutez attention bon donc alors mais voila regarde bref ok okay nb ps listen look so well "
    "note remarque conclusion objet subject re question reponse"
)
MARKER_LABELS = word_set(
    "transcription retranscription dialogue contenu conversation texte teneur verbatim content transcript "
    "communication echange exchange"
) | {"teneur de la conversation", "contenu de la communication", "texte de la conversation"}
_DECORATION = re.compile(r"[\s\-–—*=_#~•.·\[\]()<>|/\\+]+")
_RULE_START = re.compile(r"^\s*[-–—*=_#~•·]{3,}")
_WHAT = (
    r"(?:communication|conversation|appel|call|ecoute|transcription|retranscription|enregistrement|"
    r"recording|transcript|message|interception|dialogue|texte|text|audio)s?"
)
_OF = r"(?:\s+(?:de\s+la|de\s+l'?|de|du|d'|of\s+the|of))?\s*"
_END_LINE = re.compile(
    rf"^(?:(?:fin|end|stop|cloture){_OF}(?:{_WHAT})?|(?:communication|conversation|appel|call|recording)\s+"
    r"(?:terminee?|ended|finished|coupee?|interrompue?))(?:\s+(?:n\s*[°o]?|no\.?)\s*\d+)?$"
)
_START_LINE = re.compile(
    rf"^(?:debut|start|beginning|commencement){_OF}(?:{_WHAT})?(?:\s+(?:n\s*[°o]?|no\.?)\s*\d+)?$"
)
_FOOTER = re.compile(
    r"^\s*(?:fait a\b|done at\b|lecture faite|en foi de quoi|certifie|certified|signature|signe par|signed|"
    r"l'opj\b|l'officier|le traducteur|la traductrice|l'interprete|the officer|the interpreter|"
    r"pour copie|dont acte)"
)


def fold(text: str) -> str:
    """Lowercase, without accents, straight apostrophes, single spaces: the form labels are compared in."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def label_words(label: str) -> list[str]:
    return re.split(r"[\s'’\-]+", fold(label))


def looks_like_speaker(label: str, known: Iterable[str] = ()) -> bool:
    """True for speaker labels ("A", "MOUSSA", "Homme 1", "Voix féminine", "Caller", "N'DIAYE Awa")."""
    label = label.strip()
    if not label or len(label) > 40:
        return False
    if label in known:
        return True
    core = _TITLE_PREFIX.sub("", label)
    core = _PAREN_TAIL.sub("", core).strip()
    if not core or not core[0].isalpha() or not core[0].isupper():
        return False
    if _LABEL_BAD.search(re.sub(r"\s\d{1,2}$", "", core)):
        return False
    words = label_words(core)
    if len(core.split()) > 4 or fold(core) in MARKER_LABELS or words[0] in _PRONOUNS:
        return False
    letters = [c for c in core if c.isalpha()]
    if all(c.isupper() for c in letters):
        return True
    if len(core.split()) == 1:
        return words[0] not in _DISCOURSE_WORDS
    if words[0] in GENERIC_HEADS:
        return True
    parts = core.split()
    if fold(parts[-1]) in _CONNECTORS:
        return False
    return all(
        p[0].isupper() or p.isdigit() or fold(p) in _LOWER_WORDS or fold(p) in _CONNECTORS for p in parts[1:]
    )


class TurnBuilder:
    """Collects turns line by line, keeping exact character spans into the decoded text."""

    def __init__(self, text: str):
        self.text = text
        self.turns: list[Turn] = []
        self._speaker: str | None = None
        self._line = 0
        self._start: int | None = None
        self._end = 0

    @property
    def is_open(self) -> bool:
        return self._speaker is not None

    def open(self, speaker: str, line: Line, text_from: int) -> None:
        """Start a turn whose text begins at absolute offset `text_from` on `line` (may be empty)."""
        self.close()
        self._speaker = speaker
        self._line = line.number
        self._start = None
        self._extend(text_from, line.end)

    def extend(self, line: Line) -> None:
        """Add a continuation line to the open turn."""
        if self.is_open:
            self._extend(line.start, line.end)

    def _extend(self, start: int, end: int) -> None:
        segment = self.text[start:end]
        stripped = segment.strip()
        if not stripped:
            return
        first = start + (len(segment) - len(segment.lstrip()))
        if self._start is None:
            self._start = first
        self._end = start + len(segment.rstrip())

    def close(self) -> None:
        """End the open turn; a speaker with no text at all leaves no turn."""
        if self._speaker is not None and self._start is not None:
            self.turns.append(
                Turn(
                    seq=len(self.turns) + 1,
                    speaker=self._speaker,
                    text=self.text[self._start : self._end],
                    start=self._start,
                    end=self._end,
                    line=self._line,
                )
            )
        self._speaker = None
        self._start = None


def _separator_kind(line_text: str) -> str | None:
    """'end' for an end-of-call line, 'sep' for a rule or start-of-call line, else None.

    Checked before speakers: "--- Fin de la communication ---", "[END OF CALL]", "***", "Début".
    """
    stripped = line_text.strip()
    if not stripped:
        return None
    core = _DECORATION.sub(" ", stripped).strip()
    if not core:
        return "sep"
    folded = fold(core)
    if _END_LINE.match(folded):
        return "end"
    if _START_LINE.match(folded):
        return "sep"
    return None


def label_counts(lines: list[Line]) -> Counter[str]:
    """How often each `LABEL :` prefix occurs: speakers come back, a stray header key does not."""
    counts: Counter[str] = Counter()
    for line in lines:
        match = _SPEAKER_LINE.match(line.text)
        if match:
            counts[match["label"].strip()] += 1
    return counts


def read_dialogue(text: str, lines: list[Line], first_index: int, known: set[str]) -> list[Turn]:
    """Turns from `lines[first_index:]` to a footer or end-of-call line; `known` gathers the speakers."""
    builder = TurnBuilder(text)
    for line in lines[first_index:]:
        if not line.text.strip():
            builder.close()
            continue
        if _FOOTER.match(fold(line.text)) and not (
            (match := _SPEAKER_LINE.match(line.text)) and match["label"].strip() in known
        ):
            builder.close()
            break
        kind = _separator_kind(line.text)
        if kind is not None:
            builder.close()
            if kind == "end" and builder.turns:
                break
            continue
        match = _SPEAKER_LINE.match(line.text)
        if not match and _RULE_START.match(line.text):
            builder.close()  # "----- Communication n° 2 -----" and other ruled lines
            continue
        if match and fold(match["label"]) in MARKER_LABELS:
            builder.close()
            continue
        if match and looks_like_speaker(match["label"], known):
            label = match["label"].strip()
            known.add(label)
            builder.open(label, line, line.start + match.start("rest"))
            continue
        builder.extend(line)
    builder.close()
    return builder.turns
