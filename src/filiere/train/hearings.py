"""Hearing records of a generated case: one procès-verbal d'audition / record of interview per heard
traveller, in the layouts units type them (identity block, statement marker, questions and answers,
closing formula), in the witness's language. The ingest reads them as kind "interview".
"""

from __future__ import annotations

import random
import re
import textwrap
import unicodedata
from datetime import datetime, time, timedelta
from pathlib import Path

from filiere.train.draw import heard
from filiere.train.files import FileRecord, generated_banner, unique_name
from filiere.train.hearing_grammar import phrasebook
from filiere.train.hearing_story import Told, birthplace, fake_birth_year, occupation, tell
from filiere.train.phones import written
from filiere.train.scenario import SIZE_TABLE, Event, Person, Scenario, rng_for

__all__ = ["render_hearings"]

# A wrapped line must never start like a label or a closing formula, or the reader would cut the answer.
_UNSAFE_LINE = re.compile(
    r"^\s*(?:[-–—•]\s*)?(?:(?:questions?|demande|r[ée]ponses?|r[ée]p|answers?|ans|[QDRAqdra])\s*(?:\d{1,3}\s*)?"
    r"(?:[:：]|[.\-–—)/]\s)|lecture|apr[eè]s lecture|en foi|dont acte|fait [aà]\b|fait et clos|persiste|"
    r"read over|statement ends|end of|fin de|signed|signature|l'opj|l'officier|le d[ée]clarant|"
    r"la d[ée]clarante|the witness|certifi)",
    re.IGNORECASE,
)


def render_hearings(scenario: Scenario, out_dir: Path) -> list[FileRecord]:
    """Write one hearing record per heard traveller into `out_dir`; return what each file shows."""
    out_dir.mkdir(parents=True, exist_ok=True)
    hearings = []
    for person_id, last in heard(scenario, SIZE_TABLE[scenario.size].hearings):
        person = scenario.people[person_id]
        rng = rng_for(scenario.seed, f"hearing:{person_id}")
        told = tell(scenario, person, last, rng)
        hearings.append((person, told, hearing_time(last, rng), rng))
    # record numbers rise with the hearing dates, as a unit's register gives them
    numbers = rng_for(scenario.seed, "hearings:numbers")
    number = numbers.randint(40, 800)
    numbered: dict[str, int] = {}
    for person, _told, _when, _rng in sorted(hearings, key=lambda h: (h[2], h[0].id)):
        numbered[person.id] = number
        number += numbers.randint(1, 9)
    records: list[FileRecord] = []
    used: set[str] = set()
    for person, told, when, rng in hearings:
        text = layout(scenario, person, told, when, numbered[person.id], rng)
        name = file_name(person, when, numbered[person.id], rng, used)
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")
        records.append(
            FileRecord(name, "interview", set(told.shows), set(told.people), records=2 * len(told.turns))
        )
    return records


def hearing_time(last: Event, rng: random.Random) -> datetime:
    day = last.when.date() + timedelta(days=rng.randint(2, 21))
    return datetime.combine(day, time(rng.randint(8, 17), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))))


def ascii_name(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-")


def file_name(person: Person, when: datetime, number: int, rng: random.Random, used: set[str]) -> str:
    family = ascii_name(person.family).upper()
    given = ascii_name(person.given)
    day, compact = when.date().isoformat(), when.strftime("%Y%m%d")
    if person.language == "fr":
        tag = "mineur" if person.minor else "victime" if person.role == "victim" else "temoin"
        patterns = (
            f"audition_{family}_{tag}_{day}.txt",
            f"PV-audition-{number:04d}_{day}.txt",
            f"PV_{number:04d}_{family}_{given}.txt",
            f"audition-{family.lower()}-{given.lower()}-{compact}.txt",
        )
    else:
        patterns = (
            f"interview_{family}_{day}.txt",
            f"ROI-{number:04d}_{family}.txt",
            f"statement_{family}_{given}_{day}.txt",
            f"witness-statement-{number:04d}_{compact}.txt",
        )
    return unique_name(rng.choice(patterns), used)


def identity(scenario: Scenario, person: Person, told: Told, when: datetime, rng: random.Random) -> dict:
    """The values of the identity block, as a clerk writes them."""
    book = phrasebook(person.language)
    record = book["record"]
    home = scenario.place_name(birthplace(scenario, person))
    country = book["countries"][person.country]
    if person.phones:
        phone = written(person.phones[0], rng, scenario.case_country)
    else:
        phone = rng.choice(record["no_phone"]).format(hub=scenario.place_name(scenario.route["hub"]["place"]))
    status_key = ("victim" if person.role == "victim" else "migrant") + ("_minor" if person.minor else "")
    documents = [e for e in scenario.events if e.kind == "documents" and person.id in e.people]
    if documents and documents[0].id in told.shows:
        fake = fake_birth_year(scenario, person)
        id_document = record["forged_id"].format(name=person.name, year=fake, e=_e(person))
    else:
        id_document = rng.choice(record["no_id"]).format(e=_e(person))
    return {
        "surname": person.family.upper(),
        "given": person.given,
        "birth": person.birth.strftime("%d/%m/%Y"),
        "home": home,
        "home_country": f"{home} ({country['short']})" if rng.random() < 0.5 else home,
        "nationality": country["adjective"],
        "occupation": occupation(scenario, person),
        "phone": phone,
        "status": rng.choice(record["status"][status_key]),
        "id_document": id_document,
    }


def _e(person: Person) -> str:
    return "e" if person.sex == "f" else ""


def layout(
    scenario: Scenario, person: Person, told: Told, when: datetime, number: int, rng: random.Random
) -> str:
    book = phrasebook(person.language)
    record = book["record"]
    ident = identity(scenario, person, told, when, rng)
    style = rng.randrange(3)
    year = when.year
    hub_code = ascii_name(scenario.place_name(scenario.route["hub"]["place"]))[:3].upper()
    unit = scenario.unit
    fr = person.language == "fr"
    if not fr:
        unit = unit.replace("(unité fictive)", "(fictional unit)")
    interpreted = not fr and "fictional unit" in unit and "Brigade" in unit
    officer = rng.choice(record["officers"]).format(number=rng.randint(1000, 9999))
    lines = [generated_banner(person.language, scenario.seed)]
    day = when.strftime("%d/%m/%Y")
    clock = when.strftime("%Hh%M") if fr else when.strftime("%H:%M")
    title = rng.choice(record["titles"][person.role if person.role == "victim" else "witness"])
    name_full = f"{ident['surname']} {ident['given']}"
    if fr and style == 0:
        lines += [title, f"PV n° : {number:04d}/{year}/BR-{hub_code}", f"Date : {day}", f"Heure : {clock}"]
        lines += [f"Lieu : {unit}", f"OPJ : {officer}", f"Nom et prénoms : {name_full}"]
        lines += [f"Né(e) le : {ident['birth']}", f"à : {ident['home_country']}"]
        lines += [f"Nationalité : {ident['nationality']}", f"Profession : {ident['occupation']}"]
        lines += [f"Pièce d'identité : {ident['id_document']}", f"Téléphone : {ident['phone']}"]
        lines += [f"Qualité : {ident['status']}", ""]
    elif fr and style == 1:
        lines += [
            unit.upper(),
            title,
            f"N° PV : {number:04d}/{hub_code}/{year}",
            f"Date et heure : {day} à {clock}",
        ]
        lines += [f"Officier de police judiciaire : {officer}", ""]
        lines += [f"Nom : {ident['surname']}", f"Prénoms : {ident['given']}"]
        lines += [f"Né le : {ident['birth']} à {ident['home']}", f"Nationalité : {ident['nationality']}"]
        lines += [f"Profession : {ident['occupation']}", f"Téléphone : {ident['phone']}"]
        lines += [f"Entendu(e) en qualité de : {ident['status']}", ""]
    elif fr:
        pairs = [
            ("Procès-verbal n°", f"{number:04d}/{year}"),
            ("Date de l'audition", day),
            ("Enquêteur", officer),
            ("Identité", name_full),
            ("Date de naissance", ident["birth"]),
            ("Lieu de naissance", ident["home_country"]),
            ("Nationalité", ident["nationality"]),
            ("Profession", ident["occupation"]),
            ("Téléphone", ident["phone"]),
            ("Statut", ident["status"]),
        ]
        width = max(len(k) for k, _v in pairs) + 4
        lines += [unit, title, ""]
        lines += [f"{(k + ' ').ljust(width, '.')} : {v}" for k, v in pairs] + [""]
    elif style == 0:
        place = unit + (", with an English interpreter" if interpreted else "")
        lines += [title, f"Reference: ROI-{year}-{number:04d}", f"Date: {day}", f"Place: {place}"]
        lines += [
            f"Name: {name_full}",
            f"Date of birth: {ident['birth']}",
            f"Nationality: {ident['nationality']}",
        ]
        lines += [
            f"Occupation: {ident['occupation']}",
            f"Phone: {ident['phone']}",
            f"Status: {ident['status']}",
            "",
        ]
    elif style == 1:
        lines += [
            unit,
            title,
            f"Statement no: {number:04d}/{year}",
            f"Date of interview: {day}",
            f"Time: {clock}",
        ]
        lines += [f"Interviewing officer: {officer}", f"Surname: {ident['surname']}"]
        lines += [f"Given names: {ident['given']}", f"Date of birth: {ident['birth']}"]
        lines += [f"Place of birth: {ident['home']}", f"Nationality: {ident['nationality']}"]
        lines += [f"Occupation: {ident['occupation']}", f"Phone number: {ident['phone']}"]
        lines += [f"Heard as: {ident['status']}"]
        if interpreted:
            lines += ["Interpreter: sworn English-French interpreter"]
        lines += [""]
    else:
        lines += [title, f"Ref: {hub_code}/ROI/{number:04d}", f"Date/Time: {day} {clock}", f"Venue: {unit}"]
        lines += [f"Full name: {ident['given']} {ident['surname']}", f"DOB: {ident['birth']}"]
        lines += [f"POB: {ident['home_country']}", f"Nationality: {ident['nationality']}"]
        lines += [
            f"Occupation: {ident['occupation']}",
            f"Mobile: {ident['phone']}",
            f"Status: {ident['status']}",
        ]
        if interpreted:
            lines += ["Interpreter: English-French interpreter"]
        lines += [""]
    lines.append(rng.choice(record["markers"]).format(e=_e(person)))
    width = rng.choice((0, 96, 104, 110))
    if told.opening:
        lines += wrap(told.opening, width)
    question, answer = rng.choice(record["labels"])
    for q, a in told.turns:
        lines += wrap(f"{question} {q}", width)
        lines += wrap(f"{answer} {a}", width)
    lines.append(rng.choice(record["closings"]).format(e=_e(person)))
    signatures = record["signatures_minor" if person.minor else "signatures"]
    lines.append(rng.choice(signatures).format(e=_e(person)))
    return "\n".join(lines) + "\n"


def wrap(text: str, width: int) -> list[str]:
    """Lines of a paragraph as typed: wrapped at `width` (0: one line), never starting like a label."""
    if not width:
        return [text]
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    if any(_UNSAFE_LINE.match(line) for line in lines[1:]):
        return [text]
    return lines
