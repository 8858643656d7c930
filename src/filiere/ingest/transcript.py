"""Intercept transcripts (procès-verbal de retranscription d'écoute): header, call record and dialogue.

Layout read: optional title lines, a `Key: value` header (line tapped, date, time, caller, callee,
duration, reference…), then the dialogue as `SPEAKER : text` lines, read into turns by `dialogue`.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, time
from pathlib import Path

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.datetimes import find_date, iso_local, parse_datetime, parse_duration, parse_time
from filiere.ingest.dialogue import (
    GENERIC_HEADS,
    MARKER_LABELS,
    fold,
    label_counts,
    label_words,
    looks_like_speaker,
    read_dialogue,
    word_set,
)
from filiere.ingest.header import Header, KeyLine, Line, make_vocabulary, parse_header, split_lines
from filiere.ingest.records import CallRow, ParsedTranscript, RowError

__all__ = [
    "TRANSCRIPT_KEYS",
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


_TIME_TOKEN = re.compile(r"\d{1,2}\s*[:hH]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*[ap]\.?\s*m\.?)?")


def _header_stop(counts: Counter[str]):
    """The header ends at the first line that reads as dialogue rather than as a header key."""

    def stop(pair: KeyLine, header: Header) -> bool:
        label = pair.raw_key
        if fold(label) in MARKER_LABELS:
            return True
        if pair.canonical is None:
            words = label_words(label)
            generic = len(label) == 1 or words[0] in GENERIC_HEADS
            return (counts[label] >= 2 or generic) and looks_like_speaker(label)
        if pair.canonical in {"caller", "callee"}:
            # "Caller: hello?" is the caller speaking: the header names each side once, with a number.
            if pair.canonical in header.values:
                return True
            return counts[label] >= 2 and not any(c.isdigit() for c in pair.value)
        return False

    return stop


def _direction(value: str | None) -> str | None:
    folded = fold(value or "")
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
    callee_is_other_side = fold(header.raw_keys.get("callee", "")) in {"correspondant", "other party"}
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
    kind = fold(values.get("call_type", ""))
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
        if pattern.search(fold(line.text)):
            return True
    return False


def parse_transcript(text: str, path: str | Path) -> ParsedTranscript:
    """Read an intercept transcript; raise EvidenceError only when the text is clearly something else."""
    if not text.strip():
        raise EvidenceError(path, _("the transcript is empty; nothing to ingest"))
    lines = split_lines(text)
    header = parse_header(text, _VOCABULARY, stop=_header_stop(label_counts(lines)), lines=lines)
    warnings: list[RowError] = []
    first_index = next((i for i, line in enumerate(lines) if line.start >= header.end), len(lines))
    if header.end_line == 0:
        first_index = 0
    turns = read_dialogue(text, lines, first_index, set())
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


_QA_LABELS = word_set("q r a d question reponse answer demande")
_QUESTION_LABELS = word_set("q d question demande")


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
    header = parse_header(sample, _VOCABULARY, stop=_header_stop(label_counts(lines)), lines=lines)
    score += 0.1 * min(4, len(_SPECIFIC_KEYS & header.values.keys()))
    labels = label_counts([line for line in lines if line.start >= header.end])
    # Speakers of a dialogue come back; a label met once may be a stray "Key: value" line.
    specific_keys = len(_SPECIFIC_KEYS & header.values.keys())
    # ...unless the header already names the call: then a short exchange of single lines is a dialogue too.
    repeats_needed = 1 if specific_keys >= 2 else 2
    speakers = {label: n for label, n in labels.items() if n >= repeats_needed and looks_like_speaker(label)}
    folded = {fold(label) for label in speakers}
    if folded <= _QA_LABELS and folded & _QUESTION_LABELS:
        speakers.clear()
    turns = sum(speakers.values())
    if len(speakers) >= 2:
        score += 0.25 + min(0.1, turns / 100)
    elif speakers:
        score += 0.1
    return max(0.0, min(1.0, score))
