"""Resolution on the fictional network case: one entity per member, the relative kept apart, reversible."""

from __future__ import annotations

from pathlib import Path

import pytest

NETWORK_CASE = Path(__file__).parents[2] / "examples" / "network-case" / "evidence"
BOSS_NUMBERS = {"+22793580261", "+22796442170"}
SOLO_LINE = "+22798176305"  # registered to Solo's brother, used by Solo


@pytest.fixture
def resolved(cli) -> list[dict]:
    cli("case", "create", "nc", "--country", "NE")
    cli("ingest", "--case", "nc", "--json", str(NETWORK_CASE))
    cli("resolve", "--case", "nc", "--json")
    return cli("entity", "list", "--case", "nc", "--json").json()


def _holding(entities: list[dict], number: str) -> list[dict]:
    return [e for e in entities if number in e["phones"]]


def test_the_boss_is_one_entity_with_both_sims_and_his_nicknames(resolved: list[dict], cli) -> None:
    boss = [e for e in resolved if set(e["phones"]) >= BOSS_NUMBERS]
    assert len(boss) == 1
    names = {boss[0]["name"], *boss[0]["aliases"]}
    assert {"Le Vieux", "Alhaji"} <= names
    detail = cli("entity", "show", str(boss[0]["id"]), "--case", "nc", "--json").json()
    rules = {entry["rule"] for entry in detail["merge_log"]}
    assert "alias-in-text" in rules and detail["merge_log"][0]["reason"]
    assert "EXO-NE-1961-0047" in " ".join(detail["documents"])  # his ID card, from the subscriber list
    links = {p["number"]: set(p["links"]) for p in detail["phones"]}
    assert all("user" in links[n] for n in BOSS_NUMBERS)


def test_the_relative_who_holds_the_sim_stays_a_separate_person(resolved: list[dict]) -> None:
    holders = _holding(resolved, SOLO_LINE)
    assert len(holders) == 2
    names = " ".join(e["name"] for e in holders)
    assert "Solo" in names and "Moumouni" in names


def test_the_driver_gathers_his_name_nickname_and_number(resolved: list[dict]) -> None:
    driver = [e for e in resolved if "Rabé" in {e["name"], *e["aliases"]}]
    assert len(driver) == 1
    assert "+22790271488" in driver[0]["phones"]
    assert "Rabiou" in driver[0]["name"] or any("Rabiou" in a for a in driver[0]["aliases"])


def test_manual_split_and_merge_survive_resolving_again(resolved: list[dict], cli) -> None:
    boss = next(e for e in resolved if set(e["phones"]) >= BOSS_NUMBERS)
    detail = cli("entity", "show", str(boss["id"]), "--case", "nc", "--json").json()
    nickname = next(m for m in detail["mentions"] if m["name"] == "Alhaji" and m["kind"] == "mention")
    split = cli(
        "entity", "split", str(boss["id"]), "--case", "nc", "--mention", nickname["key"], "--json"
    ).json()
    assert split["now_in"] != boss["id"]
    cli("resolve", "--case", "nc")
    again = cli("entity", "show", str(boss["id"]), "--case", "nc", "--json").json()
    assert nickname["key"] not in {m["key"] for m in again["mentions"]}
    merged = cli("entity", "merge", str(boss["id"]), str(split["now_in"]), "--case", "nc", "--json").json()
    assert nickname["key"] in {m["key"] for m in merged["mentions"]}
    assert cli("audit", "verify", "--json").json()["ok"]
