"""Hearing records (procès-verbal d'audition, record of interview): identity block and statement.

Layout read: title lines, a `Key: value` identity block (reference, date, place, officer, name, birth,
nationality, occupation, documents, phone, status…), then the statement. The statement begins after a
marker line ("DÉCLARATION", "DÉCLARE :", "STATEMENT", "Sur interpellation…", "Questions et réponses") or,
without one, at the first text after the header. When it is written as questions and answers
("Question :", "Q :", "Réponse :", "R :", "Answer:", "A :" — inside a hearing record "A" is the answer),
each question and answer becomes a turn, speaker "Q" and "R" (French labels) or "A" (English labels),
with exact character spans; an answer may run over several paragraphs and ends at the next label or at
the closing formula ("Lecture faite…", "Read over…").
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from filiere.errors import EvidenceError
from filiere.i18n import _
from filiere.ingest.datetimes import find_date, parse_date, parse_datetime
from filiere.ingest.dialogue import TurnBuilder
from filiere.ingest.header import Header, KeyLine, Line, make_vocabulary, parse_header, split_lines
from filiere.ingest.records import ParsedInterview, RowError, Turn

__all__ = ["INTERVIEW_KEYS", "interview_score", "parse_interview"]

# Canonical header key -> spellings met in hearing records (folding handles case, accents, "(e)", dots).
INTERVIEW_KEYS: dict[str, tuple[str, ...]] = {
    "reference": (
        "PV n°", "N° PV", "Réf", "Ref", "Référence", "Reference", "Numéro", "N°", "Procès-verbal n°",
        "Record no", "Statement no", "File no", "Reference number",
    ),
    "date": ("Date", "Date de l'audition", "Date of interview", "Interview date", "Date of statement"),
    "time": ("Heure", "Heure de début", "Heure de l'audition", "Time", "Start time", "Time of interview"),
    "datetime": ("Date et heure", "Date/Heure", "Date/Time", "Date and time"),
    "place": ("Lieu", "Lieu de l'audition", "Fait à", "Place", "Location", "Place of interview", "Venue"),
    "officer": (
        "OPJ", "Enquêteur", "Enquêtrice", "Officier", "Officier de police judiciaire", "Agent verbalisant",
        "Entendu par", "Officer", "Interviewing officer", "Investigator", "Interviewed by", "Recorded by",
    ),
    "name": (
        "Personne entendue", "Nom et prénoms", "Nom et prénom(s)", "Nom complet", "Identité", "Name",
        "Full name", "Interviewee", "Name of witness",
    ),
    "surname": ("Nom", "Nom de famille", "Surname", "Last name", "Family name"),
    "given_names": (
        "Prénom(s)", "Prénoms", "Prénom", "Given names", "Given name", "First name(s)", "Forenames",
    ),
    "alias": ("Surnom", "Alias", "Dit", "Pseudo", "Nickname", "Also known as", "AKA", "Connu sous le nom de"),
    "birth_date": (
        "Né(e) le", "Né le", "Née le", "Né", "Née", "Né(e)", "Date de naissance", "Date of birth", "DOB",
        "Born on", "Born",
    ),
    "birth_place": ("à", "Lieu de naissance", "Place of birth", "Birthplace", "Born in", "POB"),
    "age": ("Âge", "Age"),
    "gender": ("Sexe", "Sex", "Gender"),
    "nationality": ("Nationalité", "Nationality", "Citizenship"),
    "occupation": ("Profession", "Occupation", "Emploi", "Métier", "Activité", "Job"),
    "id_document": (
        "Pièce d'identité", "CNI", "Carte d'identité", "Carte nationale d'identité", "Passeport",
        "N° passeport", "N° de passeport", "Document d'identité", "ID document", "Identity document",
        "Passport", "Passport no", "Passport number", "ID card", "ID number",
    ),
    "phone": (
        "Téléphone", "Tél", "Tel", "Numéro de téléphone", "Portable", "Cellulaire", "Contact", "Phone",
        "Phone number", "Mobile", "Telephone",
    ),
    "address": (
        "Adresse", "Domicile", "Domicilié à", "Demeurant à", "Demeurant", "Résidence", "Address",
        "Residence", "Resident at",
    ),
    "status": (
        "Qualité", "En qualité de", "Entendu en qualité de", "Entendu(e) en qualité de", "Statut", "Status",
        "Capacity", "Heard as",
    ),
    "father": ("Fils de", "Fille de", "Père", "Nom du père", "Father", "Father's name"),
    "mother": ("Mère", "Nom de la mère", "Mother", "Mother's name"),
    "marital_status": (
        "Situation matrimoniale", "Situation de famille", "État civil", "Marital status", "Civil status",
    ),
    "ethnicity": ("Ethnie", "Ethnicity"),
    "education": ("Niveau d'instruction", "Instruction", "Education", "Education level"),
    "interpreter": (
        "Interprète", "Traducteur", "Traductrice", "Assisté de l'interprète", "Interpreter", "Translator",
    ),
    "language": ("Langue", "Langue utilisée", "Langue de l'audition", "Language", "Language of interview"),
    "case": ("Affaire", "Dossier", "Procédure", "Case", "Case name", "Operation", "Opération"),
    "service": ("Service", "Unité", "Brigade", "Unit"),
    "notes": ("Observations", "Remarques", "Notes", "Comments", "Remarks"),
}  # fmt: skip
_VOCABULARY = make_vocabulary(INTERVIEW_KEYS)
_SPECIFIC_KEYS = frozenset(
    {
        "name", "surname", "given_names", "birth_date", "birth_place", "nationality", "occupation",
        "id_document", "status", "father", "mother", "marital_status", "alias",
    }
)  # fmt: skip

_TITLE = re.compile(
    r"proces.verbal d.?audition|pv d.?audition|audition (?:de|d.?un|d.?une)|record of (?:an )?interview|"
    r"statement of (?:a )?(?:witness|victim|suspect|accused)|witness statement|hearing record|"
    r"record of (?:a )?hearing|interview record|proces.verbal de declaration|"
    r"declaration de (?:la )?(?:victime|temoin)"
)
_TRANSCRIPT_TITLE = re.compile(r"retranscription|transcript of|intercepted|ecoute telephonique|interception")
_TRANSCRIPT_KEY = re.compile(
    r"^\s*(?:appelant|appele|caller|callee|called|duree|duration|ligne ecoutee|ligne interceptee|"
    r"target line|intercepted line)\s*:",
    re.MULTILINE,
)
_MARKER = re.compile(
    r"^(?:(?:il|elle|l'interessee?|le temoin|la victime|le comparant|la comparante)\s+)?"
    r"(?:declarations?|declare(?: ce qui suit)?|statement|witness statement|sur interpellation|"
    r"questions?\s*(?:et|/|&)\s*reponses?|q\s*/\s*r|q\s*&\s*a|questions? and answers?|deposition|recit|"
    r"teneur de la declaration|(?:the witness|he|she) states?|states?)\b"
)
_QA_LINE = re.compile(
    r"[ \t]*(?:[-–—•][ \t]*)?(?P<label>questions?|demande|r[ée]ponses?|r[ée]p|answers?|ans|[QDRA])"
    r"[ \t]*(?:\d{1,3}[ \t]*)?(?:[:：]|[.\-–—)/](?=[ \t]))[ \t]*(?P<rest>.*)",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^\s*(?:lecture faite|apres lecture|en foi de quoi|dont acte|fait a\b|fait et clos|persiste et signe|"
    r"read over|statement ends|end of (?:statement|interview)|fin de l.?audition|signed|signature|"
    r"l'opj\b|l'officier|le declarant|la declarante|the witness signed|certified)"
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_BIRTH_SPLIT = re.compile(r"^(?P<when>.*?\S)\s+(?:à|a|at|in)\s+(?P<where>\S.*)$", re.IGNORECASE)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def _qa_speaker(label: str) -> str | None:
    """Q, R or A for a question/answer label; None for "a"/"q" in lower case (ordinary words)."""
    folded = _fold(label)
    if len(label) == 1 and not label.isupper():
        return None
    if folded in {"q", "d", "question", "questions", "demande"}:
        return "Q"
    if folded in {"r", "reponse", "reponses", "rep"}:
        return "R"
    if folded in {"a", "answer", "answers", "ans"}:
        return "A"
    return None


def _marker_rest(line: Line) -> int | None:
    """For a statement marker line, the offset (absolute) where text after it may start; else None."""
    stripped = line.text.strip().strip("-*=_#~•[]() ")
    folded = _fold(stripped)
    if not folded or len(folded.split()) > 12 or not _MARKER.match(folded):
        return None
    colon = line.text.find(":")
    return line.start + colon + 1 if colon >= 0 else line.next_start


def _header_stop(pair: KeyLine, header: Header) -> bool:
    if pair.canonical is not None:
        return False
    if _qa_speaker(pair.raw_key) is not None:
        return True
    return _MARKER.match(_fold(pair.raw_key)) is not None


def _combine_name(header: Header) -> None:
    values = header.values
    surname = values.get("surname", "").strip()
    given = values.get("given_names", "").strip()
    if values.get("name", "").strip() or not (surname or given):
        return
    french = _fold(header.raw_keys.get("surname", "nom")).startswith("nom")
    parts = [surname, given] if french else [given, surname]
    values["name"] = " ".join(part for part in parts if part)
    header.lines["name"] = header.lines.get("surname", header.lines.get("given_names", 0))


def _split_birth(header: Header) -> None:
    """ "Né le 12/03/1990 à Gao" on one line: birth date and place apart, when no place key was given."""
    raw = header.values.get("birth_date", "")
    if "birth_place" in header.values or not raw:
        return
    match = _BIRTH_SPLIT.match(raw.strip())
    if match and (parse_date(match["when"]) or _YEAR.search(match["when"])):
        header.values["birth_date"] = match["when"]
        header.values["birth_place"] = match["where"].strip()
        header.lines["birth_place"] = header.lines["birth_date"]


def _check_dates(header: Header, warnings: list[RowError]) -> None:
    for key in ("date", "datetime"):
        raw = header.values.get(key, "").strip()
        if raw and parse_datetime(raw) is None and find_date(raw) is None:
            warnings.append(
                RowError(
                    header.lines[key],
                    _(
                        "unreadable date {value!r} (expected a form like 13/04/2025); "
                        "the text is kept as written"
                    ).format(value=raw),
                )
            )
    raw = header.values.get("birth_date", "").strip()
    if raw and find_date(raw) is None and not _YEAR.search(raw):
        warnings.append(
            RowError(
                header.lines["birth_date"],
                _(
                    "unreadable birth date {value!r} (expected a form like 12/03/1990 or vers 1990); "
                    "the text is kept as written"
                ).format(value=raw),
            )
        )


def _first_text(lines: list[Line], index: int, offset: int | None = None) -> int | None:
    """Absolute offset of the first non-blank character at or after `offset` (on line `index` onwards)."""
    for line in lines[index:]:
        begin = max(line.start, offset or 0)
        segment = line.text[begin - line.start :]
        if segment.strip():
            return begin + len(segment) - len(segment.lstrip())
    return None


def _statement_start(text: str, lines: list[Line], header: Header) -> int:
    first = next((i for i, line in enumerate(lines) if line.start >= header.end), len(lines))
    if header.end_line == 0:
        first = next(
            (i for i, line in enumerate(lines) if line.text.strip() and not _TITLE.search(_fold(line.text))),
            len(lines),
        )
    for index in range(first, len(lines)):
        after = _marker_rest(lines[index])
        if after is not None:
            found = _first_text(lines, index, after)
            return found if found is not None else len(text)
    found = _first_text(lines, first)
    return found if found is not None else len(text)


def _read_qa(text: str, lines: list[Line], start: int) -> list[Turn]:
    builder = TurnBuilder(text)
    for line in lines:
        if line.next_start <= start or text[line.start : min(start, line.end)].strip():
            continue  # before the statement, or the marker line it starts on
        if _CLOSING.match(_fold(line.text)):
            break
        match = _QA_LINE.match(line.text)
        speaker = _qa_speaker(match["label"]) if match else None
        if match and speaker:
            builder.open(speaker, line, line.start + match.start("rest"))
        else:
            builder.extend(line)
    builder.close()
    speakers = {turn.speaker for turn in builder.turns}
    if "Q" not in speakers or not speakers & {"R", "A"}:
        return []
    return builder.turns


def parse_interview(text: str, path: str | Path) -> ParsedInterview:
    """Read a hearing record; raise EvidenceError only when the text is clearly something else."""
    if not text.strip():
        raise EvidenceError(path, _("the hearing record is empty; nothing to ingest"))
    lines = split_lines(text)
    header = parse_header(text, _VOCABULARY, stop=_header_stop, lines=lines)
    _combine_name(header)
    _split_birth(header)
    start = _statement_start(text, lines, header)
    turns = _read_qa(text, lines, start)
    titled = any(_TITLE.search(_fold(line.text)) for line in lines[:15])
    marked = any(_marker_rest(line) is not None for line in lines)
    if not titled and not marked and not turns and not (_SPECIFIC_KEYS & header.values.keys()):
        raise EvidenceError(
            path,
            _(
                "this does not look like a hearing record (no identity block, no statement marker, no "
                "questions and answers); check the file or choose another --kind"
            ),
        )
    warnings: list[RowError] = []
    _check_dates(header, warnings)
    if start >= len(text):
        warnings.append(RowError(header.end_line or 1, _("no statement found after the identity block")))
    return ParsedInterview(
        text=text,
        header=dict(header.values),
        header_lines=dict(header.lines),
        statement_start=start,
        turns=turns,
        warnings=warnings,
    )


def interview_score(text: str) -> float:
    """Confidence (0..1) that `text` is a hearing record, for choosing a parser."""
    sample = text[:30000]
    if not sample.strip():
        return 0.0
    lines = split_lines(sample)
    head = [_fold(line.text) for line in lines[:15]]
    score = 0.0
    if any(_TITLE.search(line) for line in head):
        score += 0.4
    if any(_TRANSCRIPT_TITLE.search(line) for line in head):
        score -= 0.35
    if _TRANSCRIPT_KEY.search(_fold_lines(lines[:60])):
        score -= 0.2
    header = parse_header(sample, _VOCABULARY, stop=_header_stop, lines=lines)
    score += 0.1 * min(4, len(_SPECIFIC_KEYS & header.values.keys()))
    if any(_marker_rest(line) is not None for line in lines):
        score += 0.15
    qa = [_qa_speaker(m["label"]) for line in lines if (m := _QA_LINE.match(line.text))]
    if "Q" in qa and ("R" in qa or "A" in qa):
        score += 0.15
    return max(0.0, min(1.0, score))


def _fold_lines(lines: list[Line]) -> str:
    return "\n".join(_fold(line.text) for line in lines)
