"""`filiere generate`: a whole case, byte-identical for a seed, every file generated-labelled and ingestible,
and a truth.json that says which files show each fact."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from filiere.errors import FiliereError
from filiere.train.generate import generate_case


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def small_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("gen") / "case"
    return out, generate_case(out, seed=11, size="small", language="fr")


@pytest.mark.parametrize("language", ["fr", "en", "mixed"])
def test_same_seed_gives_byte_identical_files(tmp_path: Path, language: str) -> None:
    generate_case(tmp_path / "a", 4, "small", language)
    generate_case(tmp_path / "b", 4, "small", language)
    generate_case(tmp_path / "c", 5, "small", language)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert _digests(tmp_path / "a") != _digests(tmp_path / "c")


def test_every_file_says_it_is_generated(small_case: tuple[Path, dict]) -> None:
    out, truth = small_case
    files = sorted((out / "evidence").iterdir())
    assert len(files) == len(truth["files"])
    for path in files:
        raw = path.read_bytes()
        text = raw.decode(
            "cp1252" if b"\r\n" in raw[:300] and not raw.startswith(b"\xef\xbb\xbf") else "utf-8-sig"
        )
        first = text.splitlines()[0]
        assert "GÉNÉRÉES" in first.upper() or "GENERATED" in first.upper(), path.name
    assert truth["generated"] is True and "GENERATED" in truth["about"]


def test_truth_ties_members_offences_and_facts_to_files(small_case: tuple[Path, dict]) -> None:
    _out, truth = small_case
    names = {f["name"] for f in truth["files"]}
    assert truth["key_player"] == "M01"
    assert all(m["evidence"] and set(m["evidence"]) <= names for m in truth["members"])
    assert all(m["phones"] and m["role"] for m in truth["members"])
    suspects = {o["suspect"] for o in truth["offences"]}
    assert {m["id"] for m in truth["members"]} == suspects
    assert all(item["evidence"] for o in truth["offences"] for item in o["offences"])
    boss = next(o for o in truth["offences"] if o["suspect"] == "M01")
    assert "SOM" in {i["offence"] for i in boss["offences"]}
    if truth["trafficking"]:
        assert any(i["offence"] == "TIP" for o in truth["offences"] for i in o["offences"])
    shown = [f for f in truth["facts"] if f["files"]]
    assert len(shown) >= len(truth["facts"]) * 0.8
    assert truth["route"][0] != truth["route"][-1] and len(truth["route"]) >= 4
    assert truth["noise_numbers"] and not set(truth["noise_numbers"]) & {
        n for m in truth["members"] for n in m["phones"]
    }


def test_cdr_rows_follow_the_option(tmp_path: Path) -> None:
    truth = generate_case(tmp_path / "c", 3, "small", "fr", cdr_rows=1234)
    assert sum(f["records"] for f in truth["files"] if f["kind"] == "cdr") == 1234


def test_refuses_to_overwrite_a_folder_that_is_not_a_generated_case(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("my own notes", encoding="utf-8")
    with pytest.raises(FiliereError, match="not empty"):
        generate_case(tmp_path / "mine", 1, "small")
    with pytest.raises(FiliereError, match=r"truth\.json"):
        generate_case(tmp_path / "mine", 1, "small", force=True)
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "my own notes"


@pytest.mark.parametrize(("language", "size"), [("fr", "small"), ("en", "small"), ("mixed", "medium")])
def test_every_generated_file_ingests_without_error(tmp_path: Path, cli, language: str, size: str) -> None:
    out = tmp_path / "case"
    truth = generate_case(out, seed=11, size=size, language=language)
    cli("case", "create", "gen", "--country", truth["case_country"])
    report = cli("ingest", "--case", "gen", "--no-extract", "--json", str(out / "evidence")).json()
    assert report["errors"] == [] and report["added"] == len(truth["files"])
    listed = {e["original_name"]: e for e in cli("evidence", "list", "--case", "gen", "--json").json()}
    for expected in truth["files"]:
        stored = listed[expected["name"]]
        assert stored["kind"] == expected["kind"] and stored["issue_count"] == 0, expected["name"]
        if expected["kind"] == "cdr":
            assert stored["record_count"] == expected["records"]


def test_a_medium_case_rarely_repeats_a_dialogue_line(tmp_path: Path) -> None:
    from filiere.train.draw import draw_scenario
    from filiere.train.transcripts import render_transcripts

    scenario = draw_scenario(21, "medium", "fr")
    render_transcripts(scenario, tmp_path)
    lines = [
        line.split(":", 1)[1].strip()
        for path in sorted(tmp_path.iterdir())
        for line in path.read_text(encoding="utf-8").splitlines()[10:]
        if ":" in line and not line.startswith("---")
    ]
    counts = Counter(lines)
    repeated = sum(n for n in counts.values() if n > 1)
    assert len(lines) > 200
    assert repeated / len(lines) < 0.10


def test_the_cli_prints_a_summary(tmp_path: Path, cli) -> None:
    summary = cli("generate", str(tmp_path / "g"), "--seed", "2", "--size", "small", "--json").json()
    assert summary["files"] == len(list((tmp_path / "g" / "evidence").iterdir()))
    assert json.loads((tmp_path / "g" / "truth.json").read_text(encoding="utf-8"))["seed"] == 2
