"""`filiere train new` and `filiere train score` end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.train.test_score import perfect


@pytest.fixture
def pack(tmp_path: Path, cli) -> tuple[Path, dict]:
    out = tmp_path / "pack"
    summary = cli("train", "new", str(out), "--seed", "8", "--level", "1", "--lang", "en", "--json").json()
    return out, summary


def test_the_pack_holds_evidence_key_and_blank_sheets(pack: tuple[Path, dict]) -> None:
    out, summary = pack
    key = json.loads((out / "trainer" / "key.json").read_text(encoding="utf-8"))
    assert key["level"] == 1 and key["size"] == "small" and key["language"] == "en"
    assert summary["evidence"] == len(key["files"]) == len(list((out / "evidence").iterdir()))
    assert not (out / "evidence" / "truth.json").exists() and not (out / "truth.json").exists()
    blank = json.loads((out / "answer-sheet.json").read_text(encoding="utf-8"))
    assert not any(m.get("name") for m in blank["members"]) and blank["key_player"] == ""
    for name in (
        "answer-sheet.fr.html",
        "answer-sheet.en.html",
        "answer-sheet.fr.docx",
        "answer-sheet.en.docx",
    ):
        assert (out / name).stat().st_size > 1000, name


def test_a_perfect_answer_scores_full_marks_and_a_blank_one_nothing(
    pack: tuple[Path, dict], cli, tmp_path
) -> None:
    out, _summary = pack
    key_path = out / "trainer" / "key.json"
    key = json.loads(key_path.read_text(encoding="utf-8"))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(perfect(key)), encoding="utf-8")
    scored = cli("train", "score", str(answers), "--key", str(key_path), "--json").json()
    assert scored["score"] == pytest.approx(1.0) and scored["key_player"] is True
    blank = cli("train", "score", str(out / "answer-sheet.json"), "--key", str(key_path), "--json").json()
    assert blank["score"] == 0 and blank["members"] == 0
    missed = [i for i in blank["items"] if i["item"] == "member" and not i["ok"]]
    assert missed and all(i["evidence"] for i in missed), "feedback cites the files to read"


def test_a_wrong_role_is_named_in_the_feedback(pack: tuple[Path, dict], cli, tmp_path) -> None:
    out, _summary = pack
    key = json.loads((out / "trainer" / "key.json").read_text(encoding="utf-8"))
    sheet = perfect(key)
    sheet["members"][0]["role"] = "guide" if sheet["members"][0]["role"] != "guide" else "forger"
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(sheet), encoding="utf-8")
    scored = cli("train", "score", str(answers), "--key", str(out / "trainer" / "key.json"), "--json").json()
    wrong = [i for i in scored["items"] if i["item"] == "role" and not i["ok"]]
    assert len(wrong) == 1 and wrong[0]["id"] == key["members"][0]["id"] and scored["roles"] < 1


def test_a_broken_answer_file_is_refused_with_its_name(cli, tmp_path: Path, pack) -> None:
    out, _summary = pack
    bad = tmp_path / "copie.json"
    bad.write_text('{"members": [', encoding="utf-8")
    result = cli("train", "score", str(bad), "--key", str(out / "trainer" / "key.json"), check=False)
    assert result.exit_code == 1 and "copie.json" in result.stdout + result.stderr


def test_new_refuses_a_folder_in_use(cli, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine", encoding="utf-8")
    result = cli("train", "new", str(tmp_path / "x"), "--seed", "1", check=False)
    assert result.exit_code == 1 and (tmp_path / "x" / "keep.txt").exists()
