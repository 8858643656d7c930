"""The qualification assistant on hand-written and generated cases — the "Done when" of issue 7."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from filiere.store.tables import audit_log, evidence_pages

DATA = Path(__file__).parent / "data"
NETWORK_CASE = Path(__file__).parents[2] / "examples" / "network-case" / "evidence"


def _qualified(cli, slug: str, folder: Path, *extra: str) -> dict:
    cli("case", "create", slug, "--country", "NE")
    cli("ingest", "--case", slug, "--json", str(folder))
    cli("resolve", "--case", slug)
    return cli("qualify", "--case", slug, "--json", *extra).json()


def _offences(result: dict, name_part: str) -> dict[str, dict]:
    (suspect,) = [s for s in result["suspects"] if name_part.lower() in s["name"].lower()]
    return {o["offence"]: o for o in suspect["offences"]}


def _element(offence: dict, name: str) -> dict:
    return next(e for e in offence["elements"] if e["element"] == name)


def _assert_real_passages(workspace, result: dict) -> None:
    """Every supported element cites at least one passage, and every quote is the text at its span."""
    with workspace.engine.connect() as conn:
        pages = {(r.evidence_id, r.page_no): r.text for r in conn.execute(select(evidence_pages))}
    checked = 0
    items = [e for s in result["suspects"] for o in s["offences"] for e in o["elements"]]
    items += [e for v in result["victims"] for e in v["elements"]]
    for e in items:
        if e["status"] == "supported":
            assert e["evidence"], e
        for c in e["evidence"]:
            start, end = c["span"]
            assert pages[(c["evidence"], c["page"])][start:end] == c["quote"]
            checked += 1
    assert checked > 0


def test_smuggling_only_case_is_smuggling_and_not_trafficking(cli, workspace) -> None:
    result = _qualified(cli, "som", DATA / "smuggling-only")
    assert result["country"] == "NE" and result["facts_date"] == "2025-03-02"
    qualified = {o for s in result["suspects"] for o in (x["offence"] for x in s["offences"])}
    assert "TIP" not in qualified
    driver = _offences(result, "tchiroma")
    assert "SOM" in driver
    som = driver["SOM"]
    assert _element(som, "procuring_illegal_entry")["status"] == "supported"
    assert _element(som, "financial_benefit")["status"] == "supported"
    assert "endangering_life_or_safety" in {a["circumstance"] for a in som["aggravating"]}
    (migrant,) = result["victims"]
    assert migrant["status"] == "smuggled_migrant" and migrant["minor"] is False
    means = next(e for e in migrant["elements"] if e["element"] == "means")
    assert means["status"] == "contradicted"  # "personne ne m'a frappé et personne ne m'a menacé"
    # the law in force on the date of the facts: Niger's 2023 ordinance, not the repealed 2015 law
    instruments = {a["instrument"] for a in som["law"]}
    assert "ne-ord-2023-16" in instruments and "ne-law-2015-36" not in instruments
    assert "int-untoc-som-protocol-2000" in instruments
    _assert_real_passages(workspace, result)


def test_before_2023_the_niger_2015_law_applies(cli) -> None:
    result = _qualified(cli, "som", DATA / "smuggling-only", "--facts-date", "2022-06-01")
    law = _offences(result, "tchiroma")["SOM"]["law"]
    articles = {(a["instrument"], a["article"]) for a in law}
    assert ("ne-law-2015-36", "3") in articles
    assert not any(a["instrument"] == "ne-ord-2023-16" for a in law)


def test_child_in_debt_bondage_and_sexual_exploitation_is_trafficking_means_not_required(
    cli, workspace
) -> None:
    result = _qualified(cli, "tip", DATA / "minor-exploited")
    (victim,) = result["victims"]
    assert victim["minor"] is True and victim["age"] == 17
    assert "sexual_exploitation" in victim["exploitation"]
    assert victim["status"] == "victim_of_trafficking"
    tip = _offences(result, "joy")["TIP"]
    assert _element(tip, "act")["status"] == "supported"
    assert _element(tip, "purpose")["status"] == "supported"
    means = _element(tip, "means")
    assert means["status"] == "not_required"
    assert any("dette" in c["quote"] for c in means["evidence"])  # the debt is still cited
    assert "minor_victim" in {a["circumstance"] for a in tip["aggravating"]}
    assert any(
        a["instrument"] == "int-untoc-tip-protocol-2000" and a["article"] == "3(a)" for a in tip["law"]
    )
    _assert_real_passages(workspace, result)


def test_adult_victim_needs_means_and_the_network_case_shows_them(cli, workspace) -> None:
    result = _qualified(cli, "nc", NETWORK_CASE)
    sunday = _offences(result, "sunday")
    tip = sunday["TIP"]
    assert _element(tip, "means")["status"] == "supported"
    assert {"sexual_exploitation"} <= set(_element(tip, "purpose")["kinds"])
    blessing = next(v for v in result["victims"] if "igbinosa" in v["name"].lower())
    assert blessing["minor"] is False and blessing["status"] == "victim_of_trafficking"
    _assert_real_passages(workspace, result)


def test_an_investigators_decision_survives_reruns_and_is_audited(cli, workspace) -> None:
    result = _qualified(cli, "som", DATA / "smuggling-only")
    driver = next(s for s in result["suspects"] if "tchiroma" in s["name"].lower())
    cli(
        "qualify",
        "set",
        "--case",
        "som",
        "--person",
        str(driver["person"]),
        "--offence",
        "SOM",
        "--element",
        "financial_benefit",
        "--decision",
        "rejected",
        "--note",
        "paid by his employer",
    )
    cli("resolve", "--case", "som")
    again = cli("qualify", "--case", "som", "--json").json()
    driver = next(s for s in again["suspects"] if "tchiroma" in s["name"].lower())
    assert "SOM" not in {o["offence"] for o in driver["offences"]}
    som = next(o for o in driver["possible_offences"] if o["offence"] == "SOM")
    benefit = _element(som, "financial_benefit")
    assert benefit["status"] == "contradicted" and benefit["decision"]["note"] == "paid by his employer"
    with workspace.engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(audit_log.c.action))]
    assert "qualify.decision" in actions
    cli(
        "qualify",
        "set",
        "--case",
        "som",
        "--person",
        str(driver["person"]),
        "--offence",
        "SOM",
        "--element",
        "financial_benefit",
        "--decision",
        "clear",
    )
    restored = cli("qualify", "--case", "som", "--json").json()
    assert "SOM" in _offences(restored, "tchiroma")


def test_unknown_decision_is_refused(cli) -> None:
    cli("case", "create", "x", "--country", "NE")
    out = cli(
        "qualify",
        "set",
        "--case",
        "x",
        "--person",
        "1",
        "--offence",
        "TIP",
        "--element",
        "means",
        "--decision",
        "maybe",
        check=False,
    )
    assert out.exit_code == 1 and "confirmed" in out.stdout + out.stderr


@pytest.mark.parametrize(("seed", "language"), [(1, "fr"), (5, "fr")])
def test_generated_cases(tmp_path: Path, cli, workspace, seed: int, language: str) -> None:
    truth = cli(
        "generate",
        str(tmp_path / "case"),
        "--seed",
        str(seed),
        "--size",
        "small",
        "--lang",
        language,
        "--json",
    ).json()
    truth = json.loads((tmp_path / "case" / "truth.json").read_text(encoding="utf-8"))
    result = _qualified(cli, "gen", tmp_path / "case" / "evidence")
    qualified = {o["offence"] for s in result["suspects"] for o in s["offences"]}
    assert "SOM" in qualified
    assert ("TIP" in qualified) == truth["trafficking"]
    _assert_real_passages(workspace, result)
