"""The answer sheet: blank sheets, reading filled ones (with clear errors), printable forms in FR and EN."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from filiere.i18n import set_language
from filiere.train.answers import (
    AGGRAVATING,
    OFFENCES,
    AnswerSheetError,
    blank_sheet,
    load_answers,
    sheet_text,
    validate_answers,
    write_forms,
)
from filiere.train.scenario import MEMBER_ROLES
from tests.support.cli import CliRunner

KEY_PATH = Path(__file__).parent / "data" / "key.json"


@pytest.fixture
def key() -> dict[str, Any]:
    return json.loads(KEY_PATH.read_text(encoding="utf-8"))


def write(tmp_path: Path, content: str | bytes, name: str = "answers.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def problems(exc: pytest.ExceptionInfo[AnswerSheetError]) -> list[str]:
    return [field for field, _fr, _en in exc.value.problems]


def test_blank_sheet_round_trips_and_drops_its_template_rows(key, tmp_path) -> None:
    sheet = blank_sheet(key)
    assert list(k for k in sheet if not k.startswith("_")) == [
        "trainee",
        "case",
        "members",
        "key_player",
        "route",
        "offences",
    ]
    assert set(sheet["_help"]["fr"]["roles"]) == set(MEMBER_ROLES)
    assert "Aboubacar" not in json.dumps(sheet, ensure_ascii=False)  # no answer leaks into the sheet
    loaded = load_answers(write(tmp_path, json.dumps(sheet, ensure_ascii=False, indent=1)))
    assert loaded["members"] == [] and loaded["offences"] == [] and loaded["case"] == sheet["case"]


def test_field_words_in_either_language_become_codes(tmp_path) -> None:
    sheet = {
        "members": [
            {"name": "A", "role": "Chef de ghetto", "phones": "96 44 21 70"},
            {"name": "B", "role": "coxeur", "aliases": "Djo"},
            {"name": "C", "role": "Corrupt official"},
            {"name": "D", "role": "passeur"},
        ],
        "offences": [
            {
                "suspect": "A",
                "offences": ["traite", "Trafic illicite de migrants"],
                "aggravating": ["Mineur"],
            },
            {
                "suspect": "C",
                "offences": "som",
                "aggravating": ["abus de fonction", "groupe criminel organisé"],
            },
        ],
    }
    sheet = load_answers(write(tmp_path, json.dumps(sheet, ensure_ascii=False)))
    assert [m["role"] for m in sheet["members"]] == [
        "ghetto_keeper",
        "recruiter",
        "corrupt_official",
        "transporter",
    ]
    assert sheet["members"][0]["phones"] == ["96 44 21 70"] and sheet["members"][1]["aliases"] == ["Djo"]
    assert sheet["offences"][0]["offences"] == ["TIP", "SOM"]
    assert sheet["offences"][0]["aggravating"] == ["minor_victim"]
    assert sheet["offences"][1] == {
        "suspect": "C",
        "offences": ["SOM"],
        "aggravating": ["abuse_of_office", "organised_group"],
        "evidence": [],
    }


def test_bad_json_names_the_file_line_and_column(tmp_path) -> None:
    path = write(tmp_path, '{\n "trainee": "Awa",\n "members": [\n  {"name": "X",}\n ]\n}')
    with pytest.raises(AnswerSheetError) as exc:
        load_answers(path)
    assert str(path) in str(exc.value) and "line 4" in str(exc.value)
    assert "ligne 4" in exc.value.message_fr and "virgules" in exc.value.message_fr


def test_every_problem_is_reported_at_once_with_its_field(tmp_path) -> None:
    sheet = {
        "trainee": ["Awa"],
        "member": [],
        "members": [
            {"name": "Issa KEITA", "role": "chauffeur"},
            {"name": "Moussa", "role": "chef de bande", "phone": ["96 44 21 70"]},
            "Rakia",
            {"role": "guide"},
            {"name": "Salem", "phones": ["12"]},
        ],
        "offences": [
            {"suspect": "Issa KEITA", "offences": ["SOM", "vol"], "aggravating": ["récidive"]},
            {"suspect": "", "offences": ["TIP"]},
        ],
        "route": "Bamako",
    }
    path = write(tmp_path, json.dumps(sheet, ensure_ascii=False))
    with pytest.raises(AnswerSheetError) as exc:
        load_answers(path)
    fields = problems(exc)
    assert fields == [
        "",
        "trainee",
        "members #2 (Moussa)",
        "members #2 (Moussa), role",
        "members #3",
        "members #4",
        "members #5 (Salem), phones",
        "offences #1 (Issa KEITA), offences",
        "offences #1 (Issa KEITA), aggravating",
        "offences #2",
    ]
    message = str(exc.value)
    assert message.startswith(f"{path}: invalid answer sheet")
    assert 'unknown field "member"' in message and 'unknown field "phone"' in message
    assert 'unknown role "chef de bande"' in message and "ghetto_keeper" in message
    assert 'unknown offence "vol"' in message and 'unknown aggravating circumstance "récidive"' in message
    assert '"12" is not a phone number' in message
    assert "rôle inconnu « chef de bande »" in exc.value.message_fr
    assert "fiche de réponse invalide" in exc.value.message_fr


def test_errors_follow_the_user_language(tmp_path) -> None:
    set_language("fr")
    with pytest.raises(AnswerSheetError) as exc:
        validate_answers([1, 2], "fiche.json")
    assert str(exc.value).startswith("fiche.json : fiche de réponse invalide")
    assert "objet JSON" in str(exc.value)


def test_missing_and_non_utf8_files(tmp_path) -> None:
    with pytest.raises(AnswerSheetError, match="no such file"):
        load_answers(tmp_path / "nope.json")
    with pytest.raises(AnswerSheetError, match="not UTF-8"):
        load_answers(write(tmp_path, '{"trainee": "Aïcha"}'.encode("cp1252")))
    assert load_answers(write(tmp_path, '\ufeff{"trainee": "Aïcha"}'))["trainee"] == "Aïcha"  # BOM


def test_cli_scores_a_file_and_refuses_a_bad_one(key, tmp_path) -> None:
    cli = CliRunner(tmp_path / "ws", None)
    answers = {"members": [{"name": "Le Vieux", "role": "organiser"}], "key_player": "Le Vieux"}
    path = write(tmp_path, json.dumps(answers))
    result = cli("train", "score", path, "--key", KEY_PATH, "--json").json()
    assert result["key_player"] is True and 0 < result["members"] < 1
    bad = write(tmp_path, json.dumps({"members": [{"name": "X", "role": "boss man"}]}), "bad.json")
    refused = cli("train", "score", bad, "--key", KEY_PATH, check=False)
    assert refused.exit_code == 1
    assert 'unknown role "boss man"' in refused.stdout + refused.stderr
    assert "Traceback" not in refused.stdout + refused.stderr


def test_texts_are_complete_in_both_languages() -> None:
    text = sheet_text()

    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return len(value)
        return re.findall(r"\{(\w+)\}", str(value))

    assert shape(text["fr"]) == shape(text["en"])
    for lang in ("fr", "en"):
        assert set(text[lang]["roles"]) == set(MEMBER_ROLES) == set(text[lang]["role_help"])
        assert set(text[lang]["offences"]) == set(OFFENCES) == set(text[lang]["elements"])
        assert set(text[lang]["aggravating"]) == set(AGGRAVATING)
        assert set(text[lang]["levels"]) == {1, 2, 3}


HEADINGS = {
    "fr": ["Fiche de réponse", "Consignes", "Membres du réseau", "Personnage clé", "Itinéraire",
           "Infractions par suspect", "Circonstances aggravantes", "Chef de ghetto"],
    "en": ["Answer sheet", "Instructions", "Network members", "Key player", "Route", "Offences per suspect",
           "Aggravating circumstances", "Ghetto keeper"],
}  # fmt: skip


def test_forms_are_written_in_both_languages(key, tmp_path) -> None:
    paths = write_forms(key, tmp_path / "pack")
    assert sorted(p.name for p in paths) == [
        "answer-sheet.en.docx",
        "answer-sheet.en.html",
        "answer-sheet.fr.docx",
        "answer-sheet.fr.html",
    ]
    for lang, headings in HEADINGS.items():
        page = (tmp_path / "pack" / f"answer-sheet.{lang}.html").read_text(encoding="utf-8")
        assert page.splitlines()[0].startswith(
            "<!-- " + ("DONNÉES GÉNÉRÉES" if lang == "fr" else "GENERATED")
        )
        for heading in headings:
            assert heading in page, (lang, heading)
        assert "@media print" in page and "<script" not in page and "http" not in page.lower()
        assert "AG HAMADA" not in page and "Le Vieux" not in page  # the key's answer never shows
        assert page.count("<tr>") >= 14 + 10 + 12  # level 2: member, route and suspect rows to fill
        document = docx.Document(str(tmp_path / "pack" / f"answer-sheet.{lang}.docx"))
        text = "\n".join(p.text for p in document.paragraphs)
        assert text.startswith("DONNÉES GÉNÉRÉES" if lang == "fr" else "GENERATED")
        for heading in headings[:6]:
            assert heading in text, (lang, heading)
        tables = document.tables
        assert len(tables) == 5  # members, roles legend, key player, route, offences
        members_cols = sheet_text()[lang]["form"]["members_cols"]
        assert [c.text for c in tables[0].rows[0].cells] == members_cols
        assert len(tables[0].rows) == 1 + 14
        assert {r.cells[0].text for r in tables[1].rows} == set(MEMBER_ROLES)
        assert "☐ SOM" in tables[4].rows[1].cells[1].text and "☐" in tables[4].rows[1].cells[2].text


def test_forms_are_byte_identical_for_the_same_key(key, tmp_path) -> None:
    first = {p.name: p.read_bytes() for p in write_forms(key, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_forms(key, tmp_path / "b")}
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "answer-sheet.fr.docx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_level_sets_the_instructions_and_rows(key, tmp_path) -> None:
    key["level"] = 1
    write_forms(key, tmp_path)
    page = (tmp_path / "answer-sheet.en.html").read_text(encoding="utf-8")
    assert "Level 1" in page and "Level 2" not in page
    assert "Scoring: members found 30%" in page
    assert len(docx.Document(str(tmp_path / "answer-sheet.en.docx")).tables[0].rows) == 1 + 10
