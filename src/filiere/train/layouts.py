"""How a listening post types an intercept: title, header block, dialogue lines, end line, file name.

Units have their own forms, so generated cases vary them: a procès-verbal with "Réf./Ligne écoutée/Appelant",
a "fiche d'écoute" giving the direction and the other party, dotted leaders, two keys on one line,
timecodes before the speakers, English "INTERCEPT TRANSCRIPT" and wiretap logs, and SMS sheets. Every
layout is one the transcript reader (filiere.ingest.transcript) understands: tests ingest them all.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["LAYOUTS", "SMS_LAYOUTS", "Layout", "Sheet", "Style"]

MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@dataclass
class Sheet:
    """What the clerk writes about one call (numbers already written the way this clerk writes them)."""

    language: str
    ref_number: int
    seq: int
    when: datetime
    duration: int
    caller: str
    callee: str
    target: str
    target_digits: str
    target_is_caller: bool
    unit: str
    unit_code: str
    operation: str
    heard: list[str] = field(default_factory=list)  # languages heard on the call
    rng: random.Random = field(default_factory=random.Random)


@dataclass
class Style:
    """How dialogue lines are written."""

    separator: str = " : "
    bullet: str = ""
    timecodes: str = ""  # "", "[]", "()"
    blank_between: bool = False
    end_line: str = "--- Fin de la communication ---"
    footer: list[str] = field(default_factory=list)
    marker: str = ""  # a line such as "Teneur de la conversation :" before the dialogue


@dataclass(frozen=True)
class Layout:
    name: str
    header: Callable[[Sheet], list[str]]
    style: Callable[[Sheet], Style]
    file_name: Callable[[Sheet], str]


# --- small writers ----------------------------------------------------------------------------------------
def hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def min_sec(seconds: int, language: str) -> str:
    minutes, secs = divmod(seconds, 60)
    if language == "fr":
        return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
    return f"{minutes} min {secs:02d} sec" if minutes else f"{secs} sec"


def day_fr(when: datetime, rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return when.strftime("%d/%m/%Y")
    if style == 1:
        return when.strftime("%d.%m.%Y")
    month = MONTHS["fr"][when.month - 1]
    if style == 2:
        return f"{when.day} {month} {when.year}"
    return f"{WEEKDAYS_FR[when.weekday()]} {when.day} {month} {when.year}"


def day_en(when: datetime, rng: random.Random) -> str:
    style = rng.randrange(3)
    month = MONTHS["en"][when.month - 1]
    if style == 0:
        return when.strftime("%d/%m/%Y")
    if style == 1:
        return f"{when.day} {month} {when.year}"
    return f"{month} {when.day}, {when.year}"


def heard(sheet: Sheet) -> str:
    names = {
        "fr": {"fr": "français", "en": "anglais"},
        "en": {"fr": "French", "en": "English"},
    }[sheet.language]
    return " / ".join(names[lang] for lang in sheet.heard)


def _direction(sheet: Sheet) -> tuple[str, str]:
    """(direction word, the other party's number) seen from the tapped line."""
    out = {"fr": "Sortant", "en": "Outgoing"}[sheet.language]
    incoming = {"fr": "Entrant", "en": "Incoming"}[sheet.language]
    if sheet.target_is_caller:
        return out, sheet.callee
    return incoming, sheet.caller


def _end_fr(rng: random.Random) -> str:
    return rng.choice(
        ["--- Fin de la communication ---", "Fin de la communication.", "*** FIN DE L'ÉCOUTE ***", "[Fin]"]
    )


def _end_en(rng: random.Random) -> str:
    return rng.choice(["--- End of communication ---", "[END OF CALL]", "End of transcript.", "*** END ***"])


# --- French layouts ---------------------------------------------------------------------------------------
def pv_header(s: Sheet) -> list[str]:
    lines = [
        "PROCÈS-VERBAL DE RETRANSCRIPTION D'ÉCOUTE TÉLÉPHONIQUE",
        f"Réf. : EXO-PV-{s.when.year}-{s.ref_number}/{s.unit_code}",
        f"Ligne écoutée : {s.target}",
        f"Date : {day_fr(s.when, s.rng)}",
        f"Heure : {s.when:%H}h{s.when:%M}",
        f"Appelant : {s.caller}",
        f"Appelé : {s.callee}",
        f"Durée : {hms(s.duration)}",
    ]
    if len(s.heard) > 1 or s.rng.random() < 0.3:
        lines.append(f"Langue : {heard(s)}")
    return lines


def fiche_header(s: Sheet) -> list[str]:
    direction, other = _direction(s)
    return [
        f"FICHE D'ÉCOUTE N° {s.seq}",
        f"Opération : {s.operation}",
        f"Numéro cible : {s.target}",
        f"Date et heure : {day_fr(s.when, s.rng)} à {s.when:%H}h{s.when:%M}",
        f"Sens : {direction}",
        f"Correspondant : {other}",
        f"Durée de la communication : {min_sec(s.duration, 'fr')}",
        f"Langue utilisée : {heard(s)}",
    ]


def dotted_header(s: Sheet) -> list[str]:
    rows = [
        ("Service", s.unit),
        ("Référence", f"{s.ref_number}/{s.when.year}/{s.unit_code}"),
        ("Ligne interceptée", s.target),
        ("Date/Heure", f"{s.when:%d/%m/%Y %H:%M:%S}"),
        ("Numéro appelant", s.caller),
        ("Numéro appelé", s.callee),
        ("Durée de l'appel", min_sec(s.duration, "fr")),
    ]
    return [
        "RETRANSCRIPTION DE COMMUNICATION TÉLÉPHONIQUE INTERCEPTÉE",
        "",
        *(f"{key} {'.' * (20 - len(key))} : {value}" for key, value in rows),
    ]


def inline_header(s: Sheet) -> list[str]:
    return [
        f"PV D'ÉCOUTE — COMMUNICATION N° {s.seq}",
        f"Réf. : {s.ref_number}/{s.unit_code}    Ligne : {s.target}",
        f"Date : {s.when:%d/%m/%Y}    Heure : {s.when:%H:%M}",
        f"Appelant : {s.caller}",
        f"Appelé : {s.callee}",
        f"Durée : {s.duration // 60}'{s.duration % 60:02d}''",
    ]


def sms_fr_header(s: Sheet) -> list[str]:
    return [
        "SMS INTERCEPTÉ — RETRANSCRIPTION",
        f"Réf. : EXO-SMS-{s.when.year}-{s.ref_number}/{s.unit_code}",
        f"Ligne écoutée : {s.target}",
        f"Date : {s.when:%d/%m/%Y}",
        f"Heure : {s.when:%H:%M:%S}",
        f"Expéditeur : {s.caller}",
        f"Destinataire : {s.callee}",
        "Type : SMS",
    ]


# --- English layouts --------------------------------------------------------------------------------------
def intercept_header(s: Sheet) -> list[str]:
    lines = [
        "INTERCEPT TRANSCRIPT" + (f" (conversation in {heard(s)})" if s.rng.random() < 0.4 else ""),
        f"REF: EXO-INT-{s.when.year}-{s.ref_number}/{s.unit_code}",
        f"Target line: {s.target}",
        f"Date: {s.when:%d/%m/%Y}",
        f"Time: {s.when:%H:%M}",
        f"Caller: {s.caller}",
        f"Called: {s.callee}",
        f"Duration: {hms(s.duration)}",
    ]
    return lines


def tic_header(s: Sheet) -> list[str]:
    direction, other = _direction(s)
    return [
        "TRANSCRIPT OF INTERCEPTED CALL",
        f"Operation: {s.operation}",
        f"Monitored line: {s.target}",
        f"Date/Time: {day_en(s.when, s.rng)}, {s.when:%H:%M}",
        f"Direction: {direction}",
        f"Other party: {other}",
        f"Call duration: {min_sec(s.duration, 'en')}",
        f"Language: {heard(s)}",
    ]


def call_header(s: Sheet) -> list[str]:
    return [
        f"CALL TRANSCRIPT — {s.unit}",
        f"Ref no: {s.ref_number}/{s.unit_code}\tDate: {s.when:%Y-%m-%d}\tTime: {s.when:%H:%M:%S}",
        f"Calling number: {s.caller}",
        f"Called number: {s.callee}",
        f"Length: {s.duration} s",
    ]


def log_header(s: Sheet) -> list[str]:
    return [
        f"WIRETAP LOG — {s.operation}",
        f"Transcript no: {s.seq}",
        f"Intercepted line: {s.target}",
        f"Start: {s.when:%Y-%m-%d %H:%M:%S}",
        f"From: {s.caller}",
        f"To: {s.callee}",
        f"Duration: {hms(s.duration)}",
    ]


def sms_en_header(s: Sheet) -> list[str]:
    return [
        "INTERCEPTED SMS",
        f"REF: EXO-SMS-{s.when.year}-{s.ref_number}/{s.unit_code}",
        f"Target line: {s.target}",
        f"Date/Time: {s.when:%d/%m/%Y %H:%M:%S}",
        f"From: {s.caller}",
        f"To: {s.callee}",
        "Type: SMS",
    ]


# --- styles and names -------------------------------------------------------------------------------------
def _fr_style(**kwargs) -> Callable[[Sheet], Style]:
    def make(s: Sheet) -> Style:
        footer = []
        if s.rng.random() < 0.5:
            footer = ["", f"Fait le {(s.when):%d/%m/%Y}, pour servir et valoir ce que de droit.", "L'OPJ"]
        return Style(end_line=_end_fr(s.rng), footer=footer, **kwargs)

    return make


def _en_style(**kwargs) -> Callable[[Sheet], Style]:
    def make(s: Sheet) -> Style:
        footer = ["", "Transcribed by: duty officer (listening post)"] if s.rng.random() < 0.4 else []
        return Style(separator=": ", end_line=_end_en(s.rng), footer=footer, **kwargs)

    return make


def _date(s: Sheet) -> str:
    return f"{s.when:%Y-%m-%d}"


LAYOUTS: dict[str, list[Layout]] = {
    "fr": [
        Layout("pv", pv_header, _fr_style(), lambda s: f"PV-{s.ref_number}_ecoute_{_date(s)}.txt"),
        Layout(
            "fiche",
            fiche_header,
            _fr_style(marker="Teneur de la conversation :", blank_between=True),
            lambda s: f"fiche_ecoute_{s.seq:03d}_{s.when:%d-%m-%Y}.txt",
        ),
        Layout(
            "dotted",
            dotted_header,
            _fr_style(bullet="- "),
            lambda s: f"retranscription_{s.when:%Y%m%d}_{s.when:%H%M}_{s.target_digits}.txt",
        ),
        Layout(
            "inline",
            inline_header,
            _fr_style(timecodes="[]"),
            lambda s: f"ecoute_{_date(s)}_com{s.seq:03d}.txt",
        ),
    ],
    "en": [
        Layout(
            "intercept",
            intercept_header,
            _en_style(),
            lambda s: f"intercept_{_date(s)}_line-{s.target_digits}.txt",
        ),
        Layout(
            "tic", tic_header, _en_style(blank_between=True), lambda s: f"TR-{s.ref_number}_{_date(s)}.txt"
        ),
        Layout("call", call_header, _en_style(bullet="- "), lambda s: f"call_{s.when:%Y%m%d_%H%M}.txt"),
        Layout(
            "log",
            log_header,
            _en_style(timecodes="()", marker="Content:"),
            lambda s: f"wiretap_{_date(s)}_{s.seq:03d}.txt",
        ),
    ],
}

SMS_LAYOUTS: dict[str, Layout] = {
    "fr": Layout(
        "sms",
        sms_fr_header,
        _fr_style(marker="Contenu :"),
        lambda s: f"SMS_{_date(s)}_{s.target_digits}.txt",
    ),
    "en": Layout(
        "sms",
        sms_en_header,
        _en_style(marker="Content:"),
        lambda s: f"sms_intercept_{s.when:%Y%m%d_%H%M}.txt",
    ),
}
