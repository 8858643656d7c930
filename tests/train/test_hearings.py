"""Generated hearing records and the financier's money statement: determinism, real ingestion, the heard
person's identity block, minors heard with a guardian, variety of phrasing, what each file shows."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from filiere.ingest.interview import parse_interview
from filiere.model.phones import normalise_phone
from filiere.train.draw import draw_scenario, heard
from filiere.train.files import FileRecord, generated_banner
from filiere.train.hearing_grammar import Expander, Slots, capitalise, french_fix
from filiere.train.hearings import render_hearings
from filiere.train.scenario import SIZE_TABLE, Scenario
from filiere.train.statements import render_statements

GUARDIAN = re.compile(
    r"éducat|assistante sociale|travailleuse sociale|protection de l'enfance|social worker|child protection|"
    r"welfare officer|juvenile welfare|appropriate adult",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"(?<=[.!?»\"])\s+")


def render(scenario: Scenario, out: Path) -> list[FileRecord]:
    return render_hearings(scenario, out) + render_statements(scenario, out)


def hearings_of(scenario: Scenario, out: Path) -> list[tuple[FileRecord, str, str]]:
    """(record, heard person id, text) for each hearing, in the order of `heard`."""
    records = render_hearings(scenario, out)
    chosen = heard(scenario, SIZE_TABLE[scenario.size].hearings)
    assert len(records) == len(chosen)
    return [
        (record, person_id, (out / record.name).read_text(encoding="utf-8"))
        for record, (person_id, _last) in zip(records, chosen, strict=True)
    ]


@pytest.fixture(scope="module")
def medium_fr() -> Scenario:
    return draw_scenario(3, "medium", "fr")


@pytest.fixture(scope="module")
def medium_en() -> Scenario:
    return draw_scenario(5, "medium", "en")


# --- grammar -----------------------------------------------------------------------------------------------


def test_french_fix_contracts_and_elides_what_slots_create() -> None:
    assert (
        french_fix("Il a peur de Le Vieux et parle à Le Patron.") == "Il a peur du Vieux et parle au Patron."
    )
    assert french_fix("Je sais que il est parti de Agadez avec Yacouba.") == (
        "Je sais qu'il est parti d'Agadez avec Yacouba."
    )
    assert capitalise("bon. il est parti ? oui.") == "Bon. Il est parti ? Oui."


def test_a_phrasing_that_needs_a_missing_slot_is_never_picked() -> None:
    import random

    words = Expander({"r": ["{guide} montrait la route", "on a marché"]}, random.Random(1), Slots({}), True)
    assert {words.pick(["<r>."]) for _ in range(20)} == {"on a marché."}
    assert words.pick(["{guide} est là."]) is None


# --- determinism and format -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "size", "language"), [(3, "medium", "fr"), (5, "small", "en"), (7, "small", "mixed")]
)
def test_same_seed_gives_byte_identical_files(tmp_path: Path, seed: int, size: str, language: str) -> None:
    first = render(draw_scenario(seed, size, language), tmp_path / "a")
    second = render(draw_scenario(seed, size, language), tmp_path / "b")
    assert first == second
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(r.name for r in first)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    other = render(draw_scenario(seed + 1, size, language), tmp_path / "c")
    assert [r.name for r in other] != [r.name for r in first]


def test_every_file_says_it_is_generated_in_its_language(
    medium_fr: Scenario, medium_en: Scenario, tmp_path: Path
) -> None:
    for scenario, language in ((medium_fr, "fr"), (medium_en, "en")):
        out = tmp_path / language
        for record in render(scenario, out):
            text = (out / record.name).read_text(encoding="utf-8")
            assert text.split("\n", 1)[0] == generated_banner(language, scenario.seed), record.name
            # a number followed by a long run of spaces makes the number-words reader backtrack for minutes
            assert not re.search(r"\d[ \t]{8,}", text), record.name


def test_file_names_vary_and_do_not_collide(tmp_path: Path) -> None:
    names = [r.name for r in render_hearings(draw_scenario(2, "large", "fr"), tmp_path / "fr")]
    names += [r.name for r in render_hearings(draw_scenario(5, "medium", "en"), tmp_path / "en")]
    assert len(set(names)) == len(names)
    shapes = {re.sub(r"[0-9]+", "9", re.sub(r"_[A-Z][A-Za-z-]*", "_X", n)).split("_")[0] for n in names}
    assert len(shapes) >= 4, names


def test_record_numbers_rise_with_the_hearing_dates(tmp_path: Path) -> None:
    scenario = draw_scenario(2, "large", "fr")
    dated = []
    for record, _person, text in hearings_of(scenario, tmp_path):
        header = parse_interview(text, record.name).header
        day = header.get("date") or header.get("datetime", "")
        number = int(re.search(r"\d{4}", header.get("reference", "")).group())
        dated.append((tuple(reversed(day[:10].split("/"))), number))
    numbers = [n for _d, n in sorted(dated)]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), dated


# --- real ingestion -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seed", "size", "language"), [(3, "medium", "fr"), (5, "small", "en")])
def test_every_file_ingests_with_its_kind_and_the_identity_block_is_read(
    cli, tmp_path: Path, seed: int, size: str, language: str
) -> None:
    scenario = draw_scenario(seed, size, language)
    out = tmp_path / "evidence"
    records = render(scenario, out)
    chosen = dict(zip((r.name for r in records), heard(scenario, SIZE_TABLE[size].hearings), strict=False))
    cli("case", "create", "c", "--country", scenario.case_country)
    result = cli("ingest", "--case", "c", "--json", "--no-extract", str(out)).json()
    assert result["errors"] == [] and result["added"] == len(records)
    listed = {e["original_name"]: e for e in cli("evidence", "list", "--case", "c", "--json").json()}
    assert set(listed) == {r.name for r in records}
    assert {r.kind for r in records} == {"interview", "document"}
    for record in records:
        item = cli("evidence", "show", str(listed[record.name]["id"]), "--case", "c", "--json").json()
        assert item["kind"] == record.kind, record.name
        assert item["issue_count"] == 0, record.name
        if record.kind != "interview":
            continue
        assert item["record_count"] == record.records, record.name
        person = scenario.people[chosen[record.name][0]]
        header = item["details"]["header"]
        assert person.family.upper() in header["name"] and person.given in header["name"], header
        assert header["birth_date"] == person.birth.strftime("%d/%m/%Y")
        assert header["nationality"] and header["occupation"]
        expected_phone = person.phones[0] if person.phones else None
        assert item["details"].get("phone_e164") == expected_phone, header.get("phone")
        status = header["status"].lower()
        if person.role == "victim":
            assert "victim" in status or "partie lésée" in status, status
        if person.minor:
            assert "mineur" in status or "minor" in status, status
        assert [t["speaker"] for t in item["turns"][:2]] == ["Q", "R" if language == "fr" else "A"]


def test_many_generated_records_parse_whole(tmp_path: Path) -> None:
    """Beyond the ingested cases: every record of 12 more cases reads as a hearing with all its turns."""
    count = 0
    for seed in range(20, 26):
        for language in ("fr", "en"):
            scenario = draw_scenario(seed, "small", language)
            for record, person_id, text in hearings_of(scenario, tmp_path / f"{seed}{language}"):
                parsed = parse_interview(text, record.name)
                person = scenario.people[person_id]
                assert len(parsed.turns) == record.records and not parsed.warnings, record.name
                assert person.given in parsed.header["name"], record.name
                if person.phones:
                    assert normalise_phone(parsed.header["phone"], scenario.case_country) == person.phones[0]
                count += 1
    assert count >= 30


# --- what a hearing tells ---------------------------------------------------------------------------------


def test_minors_are_heard_with_a_guardian_and_adults_are_not(tmp_path: Path) -> None:
    seen = Counter()
    for seed in range(1, 5):
        for language in ("fr", "en"):
            scenario = draw_scenario(seed, "medium", language)
            for record, person_id, text in hearings_of(scenario, tmp_path / f"{seed}{language}"):
                person = scenario.people[person_id]
                statement = text.split("\n\n", 1)[1]
                assert bool(GUARDIAN.search(statement)) == person.minor, record.name
                seen[(language, person.minor)] += 1
    assert all(seen[(language, True)] and seen[(language, False)] for language in ("fr", "en")), seen


def test_a_hearing_shows_what_its_witness_lived_and_names_who_it_says(
    medium_fr: Scenario, tmp_path: Path
) -> None:
    events = {e.id: e for e in medium_fr.events}
    members_shown = set()
    for record, person_id, text in hearings_of(medium_fr, tmp_path):
        person = medium_fr.people[person_id]
        assert person_id in record.people
        assert record.shows, record.name
        for event_id in record.shows:
            event = events[event_id]
            assert event.convoy == person.convoy and event.kind != "commission", (record.name, event)
            assert person_id in event.people or event.kind == "payment", (record.name, event)
        kinds = {events[e].kind for e in record.shows}
        assert {"recruitment", "departure", "ghetto"} <= kinds, kinds
        for other in record.people - {person_id}:
            named = medium_fr.people[other]
            forms = [named.given, *named.nicknames, named.family.upper()]
            assert any(form in text for form in forms), (record.name, other, forms)
        members_shown |= {p for p in record.people if medium_fr.people[p].is_member}
        assert record.records == 2 * len(
            re.findall(r"^(?:Question :|Q :|D :|QUESTION :)", text, re.MULTILINE)
        )
    roles = {medium_fr.people[p].role for p in members_shown}
    assert {"organiser", "recruiter", "financier", "transporter", "ghetto_keeper"} <= roles, roles


def test_roles_show_through_what_people_did(medium_fr: Scenario, medium_en: Scenario, tmp_path: Path) -> None:
    texts = [t for _r, _p, t in hearings_of(medium_fr, tmp_path / "fr")]
    joined = " ".join(" ".join(t.split()) for t in texts)
    assert re.search(r"ordres?|commande|le chef", joined)
    assert re.search(r"conduisait|au volant|chauffeur", joined)
    assert re.search(r"encaissait|recevait l'argent|tenait les comptes|passait par", joined)
    english = " ".join(" ".join(t.split()) for _r, _p, t in hearings_of(medium_en, tmp_path / "en"))
    assert re.search(r"gives the orders|in charge|obeys|the boss", english)
    assert re.search(r"driving|at the wheel|the driver", english)


def test_phrasing_varies_fewer_than_ten_percent_repeated_sentences(
    medium_fr: Scenario, medium_en: Scenario, tmp_path: Path
) -> None:
    for scenario in (
        medium_fr,
        medium_en,
        draw_scenario(4, "medium", "fr"),
        draw_scenario(6, "medium", "en"),
    ):
        sentences = []
        for record, _person, text in hearings_of(scenario, tmp_path / f"{scenario.seed}{scenario.language}"):
            for turn in parse_interview(text, record.name).turns:
                sentences += [s for s in SENTENCE.split(" ".join(turn.text.split())) if s]
        repeated = 1 - len(set(sentences)) / len(sentences)
        assert len(sentences) > 200
        assert repeated < 0.10, (
            scenario.seed,
            scenario.language,
            repeated,
            Counter(sentences).most_common(5),
        )


# --- the money statement ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("scenario_seed", "language"), [(3, "fr"), (5, "en"), (7, "mixed")])
def test_statement_lists_every_payment_and_commission(
    tmp_path: Path, scenario_seed: int, language: str
) -> None:
    scenario = draw_scenario(scenario_seed, "medium", language)
    (record,) = render_statements(scenario, tmp_path)
    text = (tmp_path / record.name).read_text(encoding="utf-8")
    money = [e for e in scenario.events if e.kind in ("payment", "commission")]
    assert record.kind == "document" and record.shows == {e.id for e in money}
    sep = " " if language != "en" else ","
    for event in money:
        amount = f"{event.amount:,}".replace(",", sep) + " F CFA"
        assert f"{event.when:%d/%m/%Y}" in text and amount in text, (event.id, amount)
    cashier = scenario.by_role("financier")[0]
    assert cashier.id in record.people and f"{cashier.family.upper()} {cashier.given}" in text
    for event in money:
        if event.kind == "payment":
            payer = scenario.people[event.details.get("payer") or event.people[0]]
            assert payer.id in record.people and f"{payer.family.upper()} {payer.given}" in text
    assert ("Total reçu" if language != "en" else "Total received") in text
    assert record.records and record.records >= len(money)
    rows = [line for line in text.splitlines() if re.match(r"\d\d/\d\d/\d{4}  ", line)]
    assert len(rows) == record.records
