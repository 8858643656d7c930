"""Hostile or odd text never stops extraction: clear warnings, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from filiere.cases import create_case
from filiere.extract import run
from filiere.extract.run import extract_case, list_mentions
from filiere.ingest.pipeline import ingest


@pytest.fixture
def case(workspace):
    return create_case(workspace, "odd-text", country="NE")


def test_scripts_empty_pages_long_lines_and_mojibake(workspace, case, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "arabic.txt").write_text(
        "Note du traducteur.\nالمهرب في أكادير ينتظر المال\nⵜⴰⵎⴰⵣⵉⵖⵜ ⴰⵙⴰⵍⵍⵓ\n"
        "Le chauffeur part à Agadez demain.\n",
        encoding="utf-8",
    )
    (folder / "pages.txt").write_text("\f\fPage trois: appeler le 93 07 64 19.\f", encoding="utf-8")
    (folder / "long.txt").write_text(("Moussa a payé 150 000 F à Agadez " * 3_000).strip(), encoding="utf-8")
    (folder / "mojibake.txt").write_text("Le coxeur Ã  Agadès a reÃ§u 50 000 F. Ã©Ã©Ã©", encoding="utf-8")
    report = ingest(workspace, case, [folder])
    assert report.added == 4 and not report.errors
    result = extract_case(workspace, case)
    assert result.extracted == 4
    messages = [w["message"] for w in result.warnings]
    assert any("arabic" in m and "tifinagh" in m for m in messages)
    found = list_mentions(workspace, case)
    phones = [m for m in found if m["type"] == "phone"]
    assert [p["value"] for p in phones] == ["+22793076419"]
    assert sum(1 for m in found if m["type"] == "money") >= 3_000
    assert any(m["type"] == "place" and m["value"]["id"] == "agadez" for m in found if m["evidence"] == 1)


def test_very_long_original_is_read_by_rules_alone_with_a_warning(workspace, case, tmp_path, monkeypatch):
    monkeypatch.setattr(run, "MODEL_MAX_CHARS", 10_000)
    big = tmp_path / "dump.txt"
    big.write_text("Le passeur Ibrahim attend à Dirkou avec 300 000 F.\n\n" * 2_000, encoding="utf-8")
    ingest(workspace, case, [big])
    result = extract_case(workspace, case)
    assert "without the language model" in result.warnings[0]["message"]
    assert result.by_type["place"] == 2_000 and result.by_type["money"] == 2_000
