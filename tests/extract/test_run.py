"""Extraction over a whole case: stored mentions with provenance, idempotent, in the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from filiere.model.phones import normalise_phone
from filiere.store.tables import evidence_pages, mentions

EXPECTED = json.loads((Path(__file__).parents[2] / "examples" / "sample-case" / "EXPECTED.json").read_text())


@pytest.fixture
def extracted(cli, sample_case_dir: Path) -> dict:
    cli("case", "create", "demo", "--country", "NE")
    return cli("ingest", "--case", "demo", "--json", str(sample_case_dir)).json()


def test_ingest_extracts_by_default(extracted: dict) -> None:
    extraction = extracted["extraction"]
    assert extraction["extracted"] == 11  # 5 transcripts, 3 hearing records, 3 documents
    for kind in ("person", "place", "phone", "money", "date", "channel"):
        assert extraction["by_type"].get(kind, 0) > 0, kind


def test_every_header_and_dialogue_phone_is_normalised(extracted: dict, cli) -> None:
    phones = cli("mentions", "--case", "demo", "--type", "phone", "--json").json()
    values = {m["value"] for m in phones}
    assert all(isinstance(v, str) and v.startswith("+") for v in values)
    for name, expected in EXPECTED["files"].items():
        if expected["kind"] == "transcript":
            for side in ("caller_raw", "callee_raw"):
                assert normalise_phone(expected["call"][side], "NE") in values, (name, side)


def test_money_and_places_carry_values(extracted: dict, cli) -> None:
    money = cli("mentions", "--case", "demo", "--type", "money", "--json").json()
    assert {"amount": 150000, "currency": "XOF"} in [m["value"] for m in money]
    places = cli("mentions", "--case", "demo", "--type", "place", "--json").json()
    agadez = [p for p in places if p["value"] and p["value"].get("id") == "agadez"]
    assert agadez and all(abs(p["value"]["lat"] - 16.97) < 0.2 for p in agadez)
    assert {p["text"] for p in agadez} >= {"Agadès"} or {p["text"] for p in agadez} >= {"Agadez"}


def test_spans_point_at_the_stored_text(extracted: dict, workspace) -> None:
    with workspace.engine.connect() as conn:
        rows = conn.execute(
            select(
                mentions.c.text,
                mentions.c.start_char,
                mentions.c.end_char,
                mentions.c.sentence_start,
                mentions.c.sentence_end,
                evidence_pages.c.text,
            ).join(
                evidence_pages,
                (evidence_pages.c.evidence_id == mentions.c.evidence_id)
                & (evidence_pages.c.page_no == mentions.c.page_no),
            )
        ).all()
    assert rows
    for text, start, end, s_start, s_end, page in rows:
        assert page[start:end] == text
        assert s_start <= start and end <= s_end


def test_extract_again_replaces_never_duplicates(extracted: dict, cli, workspace) -> None:
    def count() -> int:
        with workspace.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(mentions)).scalar_one()

    before = count()
    assert cli("extract", "--case", "demo", "--json").json()["extracted"] == 0  # all up to date
    again = cli("extract", "--case", "demo", "--force", "--json").json()
    assert again["extracted"] == 11 and again["mentions"] == before
    assert count() == before
    assert cli("audit", "verify", "--json").json()["ok"]
