"""Generated intercept transcripts: spelled numbers, phrase grammars, determinism, variety, real ingestion."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from filiere.extract.numwords import words_to_number
from filiere.extract.persons import is_generic_speaker
from filiere.ingest.transcript import parse_transcript
from filiere.train.dialogue import SECTIONS, grammar
from filiere.train.draw import draw_scenario
from filiere.train.files import generated_banner
from filiere.train.grammar import Missing, choose, expand, tidy
from filiere.train.scenario import EVENT_KINDS, Scenario
from filiere.train.transcripts import clerk_language, render_transcripts
from filiere.train.words import number_words

# --- numbers in words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [
        (150_000, "cent cinquante mille", "one hundred and fifty thousand"),
        (1_500_000, "un million cinq cent mille", "one million five hundred thousand"),
        (71, "soixante et onze", "seventy-one"),
        (80, "quatre-vingts", "eighty"),
        (81, "quatre-vingt-un", "eighty-one"),
        (200, "deux cents", "two hundred"),
        (200_000, "deux cent mille", "two hundred thousand"),
        (2_005, "deux mille cinq", "two thousand and five"),
        (16, "seize", "sixteen"),
    ],
)
def test_number_words_spelling(n: int, fr: str, en: str) -> None:
    assert number_words(n, "fr") == fr
    assert number_words(n, "en") == en


def test_number_words_read_back_by_the_extractor() -> None:
    rng = random.Random(5)
    numbers = [*range(0, 1200), *(rng.randrange(10**9) for _ in range(400)), 80_000_000, 200_000_000]
    for language in ("fr", "en"):
        for n in numbers:
            said = number_words(n, language)
            assert words_to_number(said, speech=False) == n, (language, n, said)
        for n in range(1000, 3_000_000, 7000):  # amounts said aloud: the speech reading agrees
            assert words_to_number(number_words(n, language)) == n


def test_number_words_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        number_words(-1, "fr")
    with pytest.raises(ValueError):
        number_words(3, "de")


# --- phrase grammar ---------------------------------------------------------------------------------------


def test_expand_choices_slots_and_missing() -> None:
    rng = random.Random(1)
    slots = {"name": "Moussa"}

    def slot(key: str) -> str:
        if key not in slots:
            raise Missing
        return slots[key]

    phrases = {"ok": ["d'accord"]}
    seen = {expand("[Bon|Ok], {name}. <ok>", rng, slot, phrases) for _ in range(40)}
    assert seen == {"Bon, Moussa. d'accord", "Ok, Moussa. d'accord"}
    # an alternative whose slot is missing is passed over; with no alternative left, Missing rises
    assert {expand("[Il a {age} ans|Il est jeune]", rng, slot, phrases) for _ in range(20)} == {
        "Il est jeune"
    }
    assert choose(["{age}", "C'est {name}"], rng, slot, phrases) == "C'est Moussa"
    with pytest.raises(Missing):
        choose(["{age}"], rng, slot, phrases)


def test_tidy_french_elision_and_capitals() -> None:
    assert tidy("c'est  Doulaye de Agadez , à Le Vieux . le car part", "fr") == (
        "C'est Doulaye d'Agadez, au Vieux. Le car part"
    )
    assert tidy("yes?. the Old Man said  so .", "en") == "Yes? The Old Man said so."


def _beats(scenes) -> list:
    """Scene -> beat marks (A, B?, ? with its inner marks), which must match across languages."""
    out = []
    for beat in scenes:
        mark, value = next(iter(beat.items()))
        out.append((mark, _beats(value)) if mark == "?" else mark)
    return out


def test_french_and_english_grammars_have_the_same_shape() -> None:
    fr, en = grammar("fr"), grammar("en")
    for section in SECTIONS:
        a, b = fr[section], en[section]
        if section == "switch":
            assert len(a) > 1 and len(b) > 1
            continue
        if isinstance(a, dict):
            assert sorted(a) == sorted(b), section
            for key in a:
                assert [_beats(s) for s in a[key]] == [_beats(s) for s in b[key]], (section, key)
        else:
            assert [_beats(s) for s in a] == [_beats(s) for s in b], section
    for event in EVENT_KINDS:
        assert event in fr["scenes"], event


# --- rendered cases ---------------------------------------------------------------------------------------


def _render(seed: int, size: str, language: str, out: Path) -> tuple[Scenario, list]:
    scenario = draw_scenario(seed, size, language)
    out.mkdir(parents=True, exist_ok=True)
    return scenario, render_transcripts(scenario, out)


def test_render_is_deterministic(tmp_path: Path) -> None:
    _, first = _render(7, "medium", "mixed", tmp_path / "a")
    _, second = _render(7, "medium", "mixed", tmp_path / "b")
    assert [r.name for r in first] == [r.name for r in second]
    for record in first:
        assert (tmp_path / "a" / record.name).read_bytes() == (tmp_path / "b" / record.name).read_bytes()


@pytest.mark.parametrize("language", ["fr", "en", "mixed"])
def test_files_records_and_variety(tmp_path: Path, language: str) -> None:
    scenario, records = _render(11, "medium", language, tmp_path)
    intercepted = [c for c in scenario.calls if c.intercepted]
    assert len(records) == len(intercepted) == len(list(tmp_path.iterdir()))
    assert len({r.name for r in records}) == len(records)
    texts: list[str] = []
    generic_turns = 0
    banner = generated_banner(clerk_language(scenario), scenario.seed)
    for record, call in zip(records, intercepted, strict=True):
        text = (tmp_path / record.name).read_text(encoding="utf-8")
        assert text.splitlines()[0] == banner
        parsed = parse_transcript(text, record.name)
        assert parsed.warnings == []
        assert record.kind == "transcript" and record.records == len(parsed.turns) > 0
        assert record.shows == {call.topic}
        assert {call.caller, call.callee} <= record.people
        assert all(pid in scenario.people for pid in record.people)
        texts += [turn.text for turn in parsed.turns]
        generic_turns += sum(is_generic_speaker(turn.speaker) for turn in parsed.turns)
    counts = Counter(texts)
    repeated = sum(n for n in counts.values() if n > 1)  # every copy of a repeated line counts
    assert repeated / len(texts) < 0.10, counts.most_common(5)
    assert generic_turns / len(texts) < 0.10
    assert len({re.match(r"[A-Za-z]+", r.name)[0] for r in records}) >= 2  # file names vary


def test_mixed_case_speaks_both_languages(tmp_path: Path) -> None:
    scenario, records = _render(3, "medium", "mixed", tmp_path)
    assert {p.language for p in scenario.members()} == {"fr", "en"}
    bodies = " ".join((tmp_path / r.name).read_text(encoding="utf-8") for r in records)
    assert "(en anglais)" in bodies or "anglais" in bodies
    assert any(word in bodies for word in (" the ", " I ", "you"))
    assert any(word in bodies for word in (" le ", " je ", "tu "))


@pytest.mark.parametrize(
    ("language", "seed", "size"), [("fr", 4, "medium"), ("en", 5, "small"), ("mixed", 6, "small")]
)
def test_every_file_ingests_as_a_transcript_with_its_numbers(
    cli, tmp_path: Path, language: str, seed: int, size: str
) -> None:
    out = tmp_path / "evidence"
    scenario, records = _render(seed, size, language, out)
    cli("case", "create", "c", "--country", scenario.case_country)
    result = cli("ingest", "--case", "c", "--json", "--no-extract", str(out)).json()
    assert result["errors"] == [] and result["added"] == len(records)
    listed = {e["original_name"]: e for e in cli("evidence", "list", "--case", "c", "--json").json()}
    calls = [c for c in scenario.calls if c.intercepted]
    for record, call in zip(records, calls, strict=True):
        entry = listed[record.name]
        assert entry["kind"] == "transcript" and entry["issue_count"] == 0, record.name
        assert entry["record_count"] == record.records + 1  # the turns and the call
        shown = cli("evidence", "show", "--case", "c", str(entry["id"]), "--json").json()
        (row,) = shown["calls"]
        assert (row["caller_e164"], row["callee_e164"]) == (call.caller_line, call.callee_line), record.name
        assert row["started_at"][:16] == call.when.strftime("%Y-%m-%d %H:%M"), record.name
        assert row["call_type"] == ("sms" if call.sms else "voice")
