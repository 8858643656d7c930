"""Odd cases never crash analyze: empty case, calls only, self-calls, one node, many aliases, link lists."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def case(cli):
    cli("case", "create", "odd", "--country", "NE")
    return "odd"


def _analyze(cli, case: str) -> dict:
    cli("resolve", "--case", case)
    return cli("analyze", "--case", case, "--json").json()


def test_empty_case(cli, case) -> None:
    data = _analyze(cli, case)
    assert data["people"] == [] and data["key_players"] == [] and data["route"] == [] and data["phones"] == []


def test_calls_only_self_calls_and_impossible_numbers(cli, case, tmp_path: Path) -> None:
    cdr = tmp_path / "cdr.csv"
    cdr.write_text(
        "Appelant;Appelé;Date/Heure;Durée (s);Type\n"
        "93076419;96123456;13/04/2025 21:04:00;70;Voix\n"
        "93076419;93076419;13/04/2025 21:05:00;10;Voix\n"  # a self-call
        "12;96123456;13/04/2025 21:06:00;5;Voix\n"  # not a phone number
        "96123456;90451127;13/04/2025 21:07:00;0;SMS\n",
        encoding="utf-8",
    )
    cli("ingest", "--case", case, str(cdr))
    data = _analyze(cli, case)
    assert data["people"] == []
    numbers = {p["number"]: p for p in data["phones"]}
    assert set(numbers) == {"+22793076419", "+22796123456", "+22790451127"}
    assert all(p["users"] == [] and p["subscriber"] is None for p in numbers.values())


def test_one_person_with_fifty_aliases_and_no_links(cli, case, tmp_path: Path) -> None:
    aliases = "\n".join(f"Il est aussi appelé Surnom{i:02d} par les autres." for i in range(50))
    record = tmp_path / "pv.txt"
    record.write_text(
        "PROCÈS-VERBAL D'AUDITION\nPV n° : T-1\nDate : 01/05/2025\nNom et prénoms : KEITA Moussa\n"
        "Surnom : Le Vieux\nQualité : mis en cause\n\nDÉCLARATION :\n" + aliases + "\n",
        encoding="utf-8",
    )
    cli("ingest", "--case", case, str(record))
    data = _analyze(cli, case)
    assert len(data["people"]) >= 1
    keita = next(p for p in data["people"] if "KEITA" in p["name"])
    assert keita["scores"]["degree"] == 0 and keita["role"]


def test_an_analysts_link_list_becomes_edges(cli, case, tmp_path: Path) -> None:
    links = tmp_path / "chart_links.csv"
    links.write_text(
        "source;target;weight;date;type\nAlpha;Bravo;3;12/05/2025;works for\n"
        "Bravo;Charlie;1;;\n93 07 64 19;Alpha;2;;call\nAlpha;;1;;\n",
        encoding="utf-8",
    )
    report = cli("ingest", "--case", case, "--json", str(links)).json()
    assert report["records"] == 3
    assert [(e["line"], "source and a target" in e["message"]) for e in report["errors"]] == [(5, True)]
    listed = cli("evidence", "list", "--case", case, "--json").json()
    assert listed[0]["kind"] == "links"
    data = _analyze(cli, case)
    assert {p["number"] for p in data["phones"]} == {"+22793076419"}
