"""The trainees' answer sheet: its JSON format, a blank one per exercise, and reading a filled one.

A trainee types the sheet in a text editor (or a trainer copies a paper form into it), so reading is
forgiving where the meaning is clear — "passeur" is the role transporter, "traite" is TIP, a lone phone
string is a list of one — and strict where it is not: every problem is reported at once, in French and
English, naming the file and the field, so one round trip fixes the file.

Format (keys starting with "_" are comments and are ignored):
  {"trainee": "", "case": "", "members": [{"name": "", "aliases": [], "phones": [], "role": "",
   "evidence": []}], "key_player": "", "route": [], "offences": [{"suspect": "", "offences": [],
   "aggravating": [], "evidence": []}]}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from filiere.data import DATA_DIR, load_yaml
from filiere.errors import FiliereError
from filiere.extract.language import fold_text
from filiere.i18n import current_language
from filiere.train.scenario import MEMBER_ROLES

OFFENCES = ("SOM", "TIP")
AGGRAVATING = ("endangering_lives", "inhuman_treatment", "organised_group", "minor_victim", "abuse_of_office")
SHEET_FIELDS = ("trainee", "case", "members", "key_player", "route", "offences")
MEMBER_FIELDS = ("name", "aliases", "phones", "role", "evidence")
OFFENCE_FIELDS = ("suspect", "offences", "aggravating", "evidence")
LEVEL_OF_SIZE = {"small": 1, "medium": 2, "large": 3}
SHEET_LANGUAGES = ("fr", "en")


class AnswerSheetError(FiliereError):
    """An answer sheet that cannot be read. `problems` holds (field, message_fr, message_en) per problem;
    the text of the error is in the current language."""

    def __init__(self, path: str, problems: list[tuple[str, str, str]], header: tuple[str, str]):
        self.path = path
        self.problems = problems
        self.message_fr = "\n".join(
            [header[0], *(f"  {f} : {fr}" if f else f"  {fr}" for f, fr, _ in problems)]
        )
        self.message_en = "\n".join(
            [header[1], *(f"  {f}: {en}" if f else f"  {en}" for f, _, en in problems)]
        )
        super().__init__(self.message_fr if current_language() == "fr" else self.message_en)


@cache
def sheet_text() -> dict[str, Any]:
    """The texts of data/train/sheet.yaml: {"fr": {...}, "en": {...}, "synonyms": {...}}."""
    return load_yaml((DATA_DIR / "train" / "sheet.yaml").read_text(encoding="utf-8"))


def say(group: str, key: str, **values: Any) -> tuple[str, str]:
    """(French, English) of one message of sheet.yaml, with its placeholders filled."""
    text = sheet_text()
    return text["fr"][group][key].format(**values), text["en"][group][key].format(**values)


def label(language: str, group: str, code: str) -> str:
    """The label of a role, offence or aggravating circumstance code in `language`."""
    return sheet_text()[language][group].get(code, code)


def exercise_level(key: dict[str, Any]) -> int:
    return int(key.get("level") or LEVEL_OF_SIZE.get(key.get("size", ""), 1))


def case_label(key: dict[str, Any]) -> str:
    """What names the exercise on its sheets: a trainee's sheet scored against another key is told so."""
    return f"seed {key.get('seed', '?')} — level {exercise_level(key)}"


def blank_sheet(key: dict[str, Any]) -> dict[str, Any]:
    """The empty answer sheet of an exercise, with one template row per table and help in both languages."""
    text = sheet_text()
    return {
        "_help": {
            lang: {
                "roles": {code: text[lang]["roles"][code] for code in MEMBER_ROLES},
                "offences": {code: text[lang]["offences"][code] for code in OFFENCES},
                "aggravating": {code: text[lang]["aggravating"][code] for code in AGGRAVATING},
                "members": text[lang]["form"]["members_help"],
                "route": text[lang]["form"]["route_help"],
            }
            for lang in SHEET_LANGUAGES
        },
        "trainee": "",
        "case": case_label(key),
        "members": [{"name": "", "aliases": [], "phones": [], "role": "", "evidence": []}],
        "key_player": "",
        "route": [],
        "offences": [{"suspect": "", "offences": [], "aggravating": [], "evidence": []}],
    }


def load_answers(path: Path | str) -> dict[str, Any]:
    """Read and check a filled answer sheet; raises AnswerSheetError listing every problem."""
    path = Path(path)
    where = str(path)
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise AnswerSheetError(where, [], say("errors", "not_found", path=where)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswerSheetError(where, [], say("errors", "not_utf8", path=where)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        header = say("errors", "bad_json", path=where, line=exc.lineno, column=exc.colno, error=exc.msg)
        raise AnswerSheetError(where, [], header) from None
    return validate_answers(data, where)


def validate_answers(data: Any, source: str = "answers.json") -> dict[str, Any]:
    """The sheet with codes made canonical and blank template rows dropped; raises AnswerSheetError."""
    problems: list[tuple[str, str, str]] = []
    sheet = _Reader(problems).sheet(data)
    if problems:
        raise AnswerSheetError(source, problems, say("errors", "invalid", path=source))
    return sheet


def normalise_sheet(data: Any) -> dict[str, Any]:
    """The same as validate_answers without raising: what cannot be read is left out or kept as given
    (the scorer reads sheets written by programs, such as the self-check, this way)."""
    return _Reader([]).sheet(data)


def _canon(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", fold_text(text)).strip()


@cache
def _codes(group: str) -> dict[str, str]:
    """Every accepted spelling (canonical form) of the codes of `group` -> the code."""
    text = sheet_text()
    codes = {"roles": MEMBER_ROLES, "offences": OFFENCES, "aggravating": AGGRAVATING}[group]
    table: dict[str, str] = {}
    for code in codes:
        spellings = [code, *text["synonyms"][group].get(code, [])]
        spellings += [text[lang][group][code] for lang in SHEET_LANGUAGES]
        for spelling in spellings:
            table.setdefault(_canon(str(spelling)), code)
            table.setdefault(_canon(re.sub(r"\s*\(.*\)$", "", str(spelling))), code)  # label without "(…)"
    return table


def code_of(group: str, value: str) -> str | None:
    """The code a trainee meant by `value` ("Passeur" -> transporter), or None."""
    return _codes(group).get(_canon(value))


class _Reader:
    """Walks a sheet, collecting problems as (field, fr, en) and returning the clean sheet."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems

    def problem(self, field: str, key: str, **values: Any) -> None:
        self.problems.append((field, *say("errors", key, **values)))

    def sheet(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.problem("", "not_object")
            return {"trainee": "", "case": "", "members": [], "key_player": "", "route": [], "offences": []}
        self.unknown_fields(data, SHEET_FIELDS, "")
        return {  # read in the order of the file, so the problems are listed in that order
            "trainee": self.text(data.get("trainee"), "trainee"),
            "case": self.text(data.get("case"), "case"),
            "members": [m for e in self.entries(data, "members") if (m := self.member(e))],
            "key_player": self.text(data.get("key_player"), "key_player"),
            "route": self.texts(data.get("route"), "route"),
            "offences": [o for e in self.entries(data, "offences") if (o := self.offence(e))],
        }

    def unknown_fields(self, data: dict, fields: tuple[str, ...], where: str) -> None:
        for name in sorted(k for k in data if not str(k).startswith("_") and k not in fields):
            self.problem(where, "unknown_field", value=name, choices=", ".join(fields))

    def entries(self, data: dict, field: str) -> Iterator[tuple[str, dict]]:
        value = data.get(field) or []
        if not isinstance(value, list):
            self.problem(field, "not_list")
            return
        for n, entry in enumerate(value, 1):
            if isinstance(entry, dict):
                yield f"{field} #{n}", entry
            else:
                self.problem(f"{field} #{n}", "not_entry")

    def text(self, value: Any, field: str) -> str:
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.problem(field, "not_text")
            return ""
        return value.strip()

    def texts(self, value: Any, field: str) -> list[str]:
        if value is None:
            return []
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = [value]  # one nickname or number written without brackets
        if not isinstance(value, list):
            self.problem(field, "not_list")
            return []
        return [t for n, v in enumerate(value, 1) if (t := self.text(v, f"{field} #{n}"))]

    def codes(self, value: Any, field: str, group: str, error: str) -> list[str]:
        out = []
        for item in self.texts(value, field):
            code = code_of(group, item)
            if code is None:
                choices = ", ".join({"roles": MEMBER_ROLES, "aggravating": AGGRAVATING}.get(group, OFFENCES))
                self.problem(field, error, value=item, choices=choices)
                out.append(item)
            elif code not in out:
                out.append(code)
        return out

    def member(self, entry: tuple[str, dict]) -> dict[str, Any] | None:
        where, data = entry
        name = self.text(data.get("name"), f"{where}, name")
        if name:
            where = f"{where} ({name})"
        self.unknown_fields(data, MEMBER_FIELDS, where)
        phones = self.texts(data.get("phones"), f"{where}, phones")
        for phone in phones:
            if len(re.sub(r"\D", "", phone)) < 6:
                self.problem(f"{where}, phones", "bad_phone", value=phone)
        member = {
            "name": name,
            "aliases": self.texts(data.get("aliases"), f"{where}, aliases"),
            "phones": phones,
            "role": "",
            "evidence": self.texts(data.get("evidence"), f"{where}, evidence"),
        }
        role = self.text(data.get("role"), f"{where}, role")
        if role:
            codes = self.codes(role, f"{where}, role", "roles", "unknown_role")
            member["role"] = codes[0] if codes else role
        if not (name or member["aliases"] or phones):
            if member["role"] or member["evidence"]:
                self.problem(where, "no_identity")
            return None  # a blank template row
        return member

    def offence(self, entry: tuple[str, dict]) -> dict[str, Any] | None:
        where, data = entry
        suspect = self.text(data.get("suspect"), f"{where}, suspect")
        if suspect:
            where = f"{where} ({suspect})"
        self.unknown_fields(data, OFFENCE_FIELDS, where)
        item = {
            "suspect": suspect,
            "offences": self.codes(data.get("offences"), f"{where}, offences", "offences", "unknown_offence"),
            "aggravating": self.codes(
                data.get("aggravating"), f"{where}, aggravating", "aggravating", "unknown_aggravating"
            ),
            "evidence": self.texts(data.get("evidence"), f"{where}, evidence"),
        }
        if not suspect:
            if item["offences"] or item["aggravating"]:
                self.problem(where, "no_suspect")
            return None
        return item


def write_forms(key: dict[str, Any], out_dir: Path | str) -> list[Path]:
    """Write the printable forms answer-sheet.{fr,en}.{html,docx} into `out_dir`; returns their paths."""
    from filiere.train.forms import write_docx, write_html

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [write_html(key, lang, out_dir / f"answer-sheet.{lang}.html") for lang in SHEET_LANGUAGES]
    paths += [write_docx(key, lang, out_dir / f"answer-sheet.{lang}.docx") for lang in SHEET_LANGUAGES]
    return paths
