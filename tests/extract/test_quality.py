"""Extraction quality on the hand-labelled evaluation set: issue 3's floors, with the real spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest

from filiere.extract.evaluate import evaluate
from filiere.extract.text import extract_text

EVAL_SET = Path(__file__).parents[1] / "data" / "eval"
FLOORS = {"phone": 0.95, "money": 0.95, "place": 0.90, "person": 0.85}


@pytest.fixture(scope="module")
def scores() -> dict:
    return evaluate(lambda text, ctx: extract_text(text, ctx), EVAL_SET)


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_f1_floor(scores: dict, kind: str) -> None:
    f1 = scores["types"][kind]["f1"]
    assert f1 >= FLOORS[kind], f"{kind} F1 {f1:.3f} < {FLOORS[kind]}"


def test_normalised_values_are_right(scores: dict) -> None:
    for kind in ("phone", "money"):
        assert scores["types"][kind]["value"]["accuracy"] >= 0.95, kind


def test_eval_command_prints_json(cli) -> None:
    data = cli("eval", "extract", str(EVAL_SET), "--json").json()
    assert data["types"]["phone"]["f1"] >= FLOORS["phone"]
