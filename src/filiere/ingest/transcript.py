"""Intercept transcripts (procès-verbal de retranscription d'écoute): header, call record and dialogue.

Layout read: optional title lines, a `Key: value` header (line tapped, date, time, caller, callee,
duration, reference…), then the dialogue as `SPEAKER : text` lines. A line without a speaker continues
the turn above it; a blank line, a separator ("--- Fin de la communication ---", "***") or a closing
formula ends it. Turn offsets are exact: ``text[turn.start:turn.end] == turn.text``; a turn over several
lines spans from its first character to its last, newlines and indentation of the original included
(collapse whitespace when displaying it, never when pointing at the evidence).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date, time
from pathlib import Path

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.datetimes import find_date, iso_local, parse_datetime, parse_duration, parse_time
from filiere.ingest.header import Header, KeyLine, Line, make_vocabulary, parse_header, split_lines
from filiere.ingest.records import CallRow, ParsedTranscript, RowError, Turn

__all__ = [
    "TRANSCRIPT_KEYS",
    "TurnBuilder",
    "parse_transcript",
    "transcript_score",
]

# Canonical header key -> spellings met in transcripts (folding handles case, accents, "(s)", dots).
TRANSCRIPT_KEYS: dict[str, tuple[str, ...]] = {
    "reference": (
        "Réf", "Ref", "Référence", "Reference", "N° PV", "PV n°", "PV", "N°", "Numéro", "Numéro du PV",
        "Référence du PV", "Ref no", "Reference number", "Transcript no", "Transcript number",
    ),
    "target_line": (
        "Ligne écoutée", "Ligne interceptée", "Ligne surveillée", "Ligne cible", "Numéro écouté",
        "Numéro intercepté", "Numéro cible", "Numéro sous écoute", "Ligne sous écoute", "Target line",
        "Target number", "Intercepted line", "Intercepted number", "Monitored line", "Line", "Ligne",
    ),
    "date": (
        "Date", "Date de l'appel", "Date de la communication", "Date of call", "Call date", "Jour", "Day",
    ),
    "time": (
        "Heure", "Time", "Hour", "Heure de l'appel", "Heure de début", "Heure d'appel", "Start time",
        "Call time", "Time of call",
    ),
    "datetime": (
        "Date et heure", "Date/Heure", "Date & heure", "Date/Time", "Date and time", "Date & time",
        "Horodatage", "Timestamp", "Début", "Start", "Date et heure de l'appel",
    ),
    "caller": (
        "Appelant", "Numéro appelant", "Numéro de l'appelant", "Poste appelant", "Émetteur", "Expéditeur",
        "Caller", "Calling number", "Calling party", "Caller number", "From", "De",
    ),
    "callee": (
        "Appelé", "Numéro appelé", "Numéro de l'appelé", "Poste appelé", "Correspondant", "Destinataire",
        "Called", "Callee", "Called number", "Called party", "Recipient", "Other party", "To", "À",
    ),
    "duration": (
        "Durée", "Durée de l'appel", "Durée de la communication", "Duration", "Call duration", "Length",
    ),
    "direction": ("Sens", "Sens de l'appel", "Sens de la communication", "Direction", "Call direction"),
    "call_type": ("Type", "Type d'appel", "Type de communication", "Nature", "Call type"),
    "language": ("Langue", "Langues utilisées", "Langue utilisée", "Language", "Languages", "Language used"),
    "interpreter": (
        "Traducteur", "Traductrice", "Interprète", "Traduit par", "Interpreter", "Translator",
        "Translated by",
    ),
    "officer": (
        "OPJ", "Officier", "Officier de police judiciaire", "Enquêteur", "Agent", "Retranscrit par",
        "Transcripteur", "Officer", "Investigator", "Transcribed by",
    ),
    "operation": ("Opération", "Dossier", "Affaire", "Operation", "Case", "Case name", "File"),
    "authorisation": (
        "Autorisation", "Réquisition", "Ordonnance", "Commission rogatoire", "Authorisation", "Authorization",
        "Warrant",
    ),
    "imei": ("IMEI",),
    "imsi": ("IMSI",),
    "cell_id": ("Cellule", "Relais", "Antenne", "BTS", "CGI", "Cell", "Cell ID", "Cell-ID"),
    "service": ("Service", "Unité", "Brigade", "Unit"),
    "notes": (
        "Observations", "Remarques", "Commentaires", "Résumé", "Notes", "Comments", "Remarks", "Summary",
    ),
}  # fmt: skip
_VOCABULARY = make_vocabulary(TRANSCRIPT_KEYS)
_SPECIFIC_KEYS = frozenset({"target_line", "caller", "callee", "duration", "datetime", "direction"})

_TITLE = re.compile(
    r"retranscription|transcription d.?ecoute|ecoutes? telephonique|intercept|"
    r"transcript of (?:an? )?(?:intercepted )?(?:call|communication|conversation)|call transcript|"
    r"wiretap|pv d.?ecoute"
)
_OTHER_TITLE = re.compile(
    r"audition|record of (?:an )?interview|statement of|witness statement|hearing record|record of hearing|"
    r"declaration de"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TIMECODE = r"(?:\[\s*\d{1,2}:\d{2}(?::\d{2})?\s*\]|\(\s*\d{1,2}:\d{2}(?::\d{2})?\s*\)|\d{1,2}:\d{2}:\d{2})"
_SPEAKER_LINE = re.compile(
    rf"[ \t]*(?:{_TIMECODE}[ \t]*(?:[-–—][ \t]*)?)?(?:[-–—•][ \t]+)?"
    r"(?P<label>[^\W\d_][^:：\n]{0,59}?)[ \t]*[:：](?P<rest>.*)"
)
_TITLE_PREFIX = re.compile(r"^(?:m|mr|mme|mlle|dr|sgt|adj|cpl|lt|cpt|cdt|col|el|hadj)\.\s+", re.IGNORECASE)
_PAREN_TAIL = re.compile(r"\s*\([^()]{0,40}\)\s*$")
_LABEL_BAD = re.compile(r"[,;!?.«»\"“”\[\]{}<>=+*#@|/\\%&$€0-9]{1}")
_CONNECTORS = _words("de du des d la le les l ben bin ould ag al el dit alias et")
_LOWER_WORDS = _words(
    "feminine masculine feminin masculin inconnue inconnu non identifie identifiee "
    "unknown male female voice man woman adulte enfant jeune agee age"
)
_PRONOUNS = _words("il elle on je tu nous vous ils elles he she they i we you it ce c ca cela")
_GENERIC_HEADS = _words(
    "homme femme voix interlocuteur interlocutrice locuteur locutrice correspondant correspondante "
    "inconnu inconnue individu personne enfant speaker voice man woman male female unknown person "
    "participant intervenant intervenante appelant appelante appele appelee caller callee"
)
_DISCOURSE_WORDS = _words(
    "ecoute ecoutez attention bon donc alors mais voila regarde bref ok okay nb ps listen look so well "
    "note remarque conclusion objet subject re question reponse"
)
_MARKER_LABELS = _words(
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
_TIME_TOKEN = re.compile(r"\d{1,2}\s*[:hH]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*[ap]\.?\s*m\.?)?")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def _label_words(label: str) -> list[str]:
    return re.split(r"[\s'’\-]+", _fold(label))


def _looks_like_speaker(label: str, known: Iterable[str] = ()) -> bool:
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
    words = _label_words(core)
    if len(core.split()) > 4 or _fold(core) in _MARKER_LABELS or words[0] in _PRONOUNS:
        return False
    letters = [c for c in core if c.isalpha()]
    if all(c.isupper() for c in letters):
        return True
    if len(core.split()) == 1:
        return words[0] not in _DISCOURSE_WORDS
    if words[0] in _GENERIC_HEADS:
        return True
    parts = core.split()
    if _fold(parts[-1]) in _CONNECTORS:
        return False
    return all(
        p[0].isupper() or p.isdigit() or _fold(p) in _LOWER_WORDS or _fold(p) in _CONNECTORS
        for p in parts[1:]
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
    folded = _fold(core)
    if _END_LINE.match(folded):
        return "end"
    if _START_LINE.match(folded):
        return "sep"
    return None


def _label_counts(lines: list[Line]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        match = _SPEAKER_LINE.match(line.text)
        if match:
            counts[match["label"].strip()] += 1
    return counts


def _header_stop(counts: Counter[str]):
    """The header ends at the first line that reads as dialogue rather than as a header key."""

    def stop(pair: KeyLine, header: Header) -> bool:
        label = pair.raw_key
        if _fold(label) in _MARKER_LABELS:
            return True
        if pair.canonical is None:
            words = _label_words(label)
            generic = len(label) == 1 or words[0] in _GENERIC_HEADS
            return (counts[label] >= 2 or generic) and _looks_like_speaker(label)
        if pair.canonical in {"caller", "callee"}:
            # "Caller: hello?" is the caller speaking: the header names each side once, with a number.
            if pair.canonical in header.values:
                return True
            return counts[label] >= 2 and not any(c.isdigit() for c in pair.value)
        return False

    return stop


def _read_dialogue(text: str, lines: list[Line], first_index: int, known: set[str]) -> list[Turn]:
    builder = TurnBuilder(text)
    for line in lines[first_index:]:
        if not line.text.strip():
            builder.close()
            continue
        if _FOOTER.match(_fold(line.text)) and not (
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
        if match and _fold(match["label"]) in _MARKER_LABELS:
            builder.close()
            continue
        if match and _looks_like_speaker(match["label"], known):
            label = match["label"].strip()
            known.add(label)
            builder.open(label, line, line.start + match.start("rest"))
            continue
        builder.extend(line)
    builder.close()
    return builder.turns


def _direction(value: str | None) -> str | None:
    folded = _fold(value or "")
    if re.search(r"sortant|outgoing|emis|sent|\bout\b|depart", folded):
        return "out"
    if re.search(r"entrant|incoming|recu|received|\bin\b|arrivee", folded):
        return "in"
    return None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _read_when(header: Header, warnings: list[RowError]) -> tuple[date | None, time | None]:
    values = header.values
    day: date | None = None
    clock: time | None = None
    for key in ("date", "datetime"):
        raw = _clean(values.get(key))
        if raw is None or day is not None:
            continue
        parsed = parse_datetime(raw)
        if parsed is None:
            found = find_date(raw)
            if found is not None:
                day = found[0]
                token = _TIME_TOKEN.search(raw[found[2] :])
                clock = parse_time(token.group()) if token else None
            else:
                warnings.append(
                    RowError(
                        header.lines[key],
                        _(
                            "unreadable date {value!r} (expected a form like 13/04/2025); "
                            "the call is kept without its start"
                        ).format(value=raw),
                    )
                )
        else:
            day, clock = parsed
    raw_time = _clean(values.get("time"))
    if raw_time is not None:
        parsed_time = parse_time(raw_time)
        if parsed_time is None:
            token = _TIME_TOKEN.search(raw_time)
            parsed_time = parse_time(token.group()) if token else None
        if parsed_time is None:
            warnings.append(
                RowError(
                    header.lines["time"],
                    _(
                        "unreadable time {value!r} (expected a form like 21:04 or 21h04); "
                        "the call is kept at 00:00:00"
                    ).format(value=raw_time),
                )
            )
        else:
            clock = parsed_time
    return day, clock


def _build_call(header: Header, warnings: list[RowError]) -> CallRow | None:
    values = header.values
    caller = _clean(values.get("caller"))
    callee = _clean(values.get("callee"))
    target = _clean(values.get("target_line"))
    direction = _direction(values.get("direction"))
    callee_is_other_side = _fold(header.raw_keys.get("callee", "")) in {"correspondant", "other party"}
    if direction == "in" and callee_is_other_side and caller is None and target is not None:
        caller, callee = callee, target
    elif target is not None and direction == "out" and caller is None:
        caller = target
    elif target is not None and direction == "in" and callee is None:
        callee = target
    has_date = any(_clean(values.get(key)) for key in ("date", "datetime"))
    if caller is None and callee is None and not has_date:
        return None
    day, clock = _read_when(header, warnings)
    duration: int | None = None
    raw_duration = _clean(values.get("duration"))
    if raw_duration is not None:
        duration = parse_duration(raw_duration)
        if duration is None:
            warnings.append(
                RowError(
                    header.lines["duration"],
                    _(
                        "unreadable duration {value!r} (expected a form like 00:03:12 or 3 min 12 s); "
                        "it is left empty"
                    ).format(value=raw_duration),
                )
            )
    line = next(
        (
            header.lines[k]
            for k in ("date", "datetime", "caller", "callee", "target_line")
            if k in header.lines
        ),
        header.end_line or 1,
    )
    kind = _fold(values.get("call_type", ""))
    call_type = "sms" if re.search(r"\bsms\b|texto|message", kind) else "data" if "data" in kind else "voice"
    return CallRow(
        line=line,
        caller_raw=caller,
        callee_raw=callee,
        started_at=iso_local(day, clock) if day is not None else None,
        duration_s=duration,
        call_type=call_type,
        cell_id=_clean(values.get("cell_id")),
        imei=_clean(values.get("imei")),
        imsi=_clean(values.get("imsi")),
    )


def _has_title(lines: list[Line], pattern: re.Pattern[str], limit: int = 15) -> bool:
    seen = 0
    for line in lines:
        if not line.text.strip():
            continue
        seen += 1
        if seen > limit:
            return False
        if pattern.search(_fold(line.text)):
            return True
    return False


def parse_transcript(text: str, path: str | Path) -> ParsedTranscript:
    """Read an intercept transcript; raise EvidenceError only when the text is clearly something else."""
    if not text.strip():
        raise EvidenceError(path, _("the transcript is empty; nothing to ingest"))
    lines = split_lines(text)
    header = parse_header(text, _VOCABULARY, stop=_header_stop(_label_counts(lines)), lines=lines)
    warnings: list[RowError] = []
    first_index = next((i for i, line in enumerate(lines) if line.start >= header.end), len(lines))
    if header.end_line == 0:
        first_index = 0
    turns = _read_dialogue(text, lines, first_index, set())
    titled = _has_title(lines, _TITLE)
    specific = _SPECIFIC_KEYS & header.values.keys()
    if not titled and not specific and len({turn.speaker for turn in turns}) < 2:
        raise EvidenceError(
            path,
            _(
                "this does not look like an intercept transcript (no caller, callee, tapped line or duration "
                "in a header, no dialogue); check the file or choose another --kind"
            ),
        )
    call = _build_call(header, warnings)
    if not turns:
        warnings.append(
            RowError(header.end_line or 1, _("no dialogue found after the header (SPEAKER : text)"))
        )
    if header.end_line == 0:
        warnings.append(RowError(1, _("no header found (date, caller, callee…); only the dialogue was read")))
    return ParsedTranscript(
        text=text,
        header=dict(header.values),
        header_lines=dict(header.lines),
        call=call,
        turns=turns,
        warnings=warnings,
    )


_QA_LABELS = _words("q r a d question reponse answer demande")
_QUESTION_LABELS = _words("q d question demande")


def transcript_score(text: str) -> float:
    """Confidence (0..1) that `text` is an intercept transcript, for choosing a parser.

    Title (0.4), call keys in the header (0.1 each, up to 0.4) and a dialogue of two or more speakers
    (0.25 to 0.35) add up; a hearing-record title takes 0.35 off. Question/answer labels alone are not
    a dialogue (that is a hearing record).
    """
    sample = text[:30000]
    if not sample.strip():
        return 0.0
    lines = split_lines(sample)
    score = 0.0
    if _has_title(lines, _TITLE):
        score += 0.4
    if _has_title(lines, _OTHER_TITLE):
        score -= 0.35
    header = parse_header(sample, _VOCABULARY, stop=_header_stop(_label_counts(lines)), lines=lines)
    score += 0.1 * min(4, len(_SPECIFIC_KEYS & header.values.keys()))
    labels = _label_counts([line for line in lines if line.start >= header.end])
    # Speakers of a dialogue come back; a label met once may be a stray "Key: value" line.
    specific_keys = len(_SPECIFIC_KEYS & header.values.keys())
    # ...unless the header already names the call: then a short exchange of single lines is a dialogue too.
    repeats_needed = 1 if specific_keys >= 2 else 2
    speakers = {label: n for label, n in labels.items() if n >= repeats_needed and _looks_like_speaker(label)}
    folded = {_fold(label) for label in speakers}
    if folded <= _QA_LABELS and folded & _QUESTION_LABELS:
        speakers.clear()
    turns = sum(speakers.values())
    if len(speakers) >= 2:
        score += 0.25 + min(0.1, turns / 100)
    elif speakers:
        score += 0.1
    return max(0.0, min(1.0, score))
