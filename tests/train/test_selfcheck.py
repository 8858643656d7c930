"""The self-check floors of issue 5: on generated cases, Filière's own chain (ingest, extraction, resolution,
analysis) must find the network the truth describes. Five seeds per language, small cases.

These seeds were also the ones the rules were tuned on; held-out seeds 11-15 are measured in
docs/training.md (one member in eight can still come out split or merged there)."""

from __future__ import annotations

import pytest

from filiere.train.selfcheck import selfcheck

SEEDS = (1, 2, 3, 4, 5)


@pytest.fixture(scope="module")
def results() -> dict[tuple[str, int], dict]:
    return {(lang, seed): selfcheck(seed, "small", lang) for lang in ("fr", "en", "mixed") for seed in SEEDS}


@pytest.mark.parametrize("language", ["fr", "en", "mixed"])
@pytest.mark.parametrize("seed", SEEDS)
def test_floors(results: dict, language: str, seed: int) -> None:
    r = results[(language, seed)]
    unresolved = [d for d in r["details"]["members"] if not d["whole"]]
    assert r["ingest_errors"] == 0
    assert r["members_resolved"] >= 0.9, unresolved
    assert r["key_player"] is True
    assert r["roles"] >= 0.8, [i for i in r["details"]["items"] if i["item"] == "role" and not i["ok"]]


def test_the_json_has_the_documented_keys(results: dict) -> None:
    r = results[("fr", 1)]
    assert {"members_resolved", "key_player", "roles", "offences"} <= set(r)
    assert all(0 <= r[k] <= 1 for k in ("members_resolved", "roles", "offences"))
    assert r["details"]["members"] and r["details"]["items"]


def test_the_cli_runs_the_whole_chain(cli) -> None:
    """Through the CLI, on the fixture's backend (the self-check workspace uses --db when given)."""
    r = cli("train", "selfcheck", "--seed", "2", "--lang", "en", "--json").json()
    assert r["ingest_errors"] == 0 and r["key_player"] is True and r["members_resolved"] >= 0.9
