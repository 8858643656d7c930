"""The network case end to end: ingest, resolve, analyze — the "Done when" of issue 4, asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CASE = Path(__file__).parents[2] / "examples" / "network-case"
TRUTH = json.loads((CASE / "TRUTH.json").read_text(encoding="utf-8"))


@pytest.fixture
def analysis(cli) -> dict:
    cli("case", "create", "nc", "--country", "NE")
    cli("ingest", "--case", "nc", "--json", str(CASE / "evidence"))
    cli("resolve", "--case", "nc")
    return cli("analyze", "--case", "nc", "--json").json()


def _person_of(analysis: dict, member: dict) -> dict | None:
    """The analysed person holding the member's numbers (or named like them when they have none)."""
    numbers = set(member["phones"])
    holders = [p for p in analysis["people"] if numbers and numbers <= set(p["phones"])]
    return holders[0] if len(holders) == 1 else None


def test_contract_keys(analysis: dict) -> None:
    assert set(analysis) >= {"case", "people", "key_players", "communities", "phones", "route", "timeline"}
    person = analysis["people"][0]
    assert set(person) >= {
        "id",
        "name",
        "aliases",
        "phones",
        "role",
        "role_evidence",
        "community",
        "scores",
        "rank",
    }
    assert set(person["scores"]) == {"degree", "betweenness", "pagerank"}


def test_each_member_is_one_entity_with_all_their_numbers(analysis: dict) -> None:
    found = [m["id"] for m in TRUTH["members"] if m["phones"] and _person_of(analysis, m) is not None]
    with_phones = [m["id"] for m in TRUTH["members"] if m["phones"]]
    assert found == with_phones


def test_the_organiser_ranks_first(analysis: dict) -> None:
    boss = next(m for m in TRUTH["members"] if m["id"] == TRUTH["key_player"])
    assert analysis["key_players"][0] == _person_of(analysis, boss)["id"]


def test_roles_are_right_for_most_members(analysis: dict) -> None:
    right = 0
    for member in TRUTH["members"]:
        person = _person_of(analysis, member)
        accepted = {
            member["role"],
            *member.get("other_roles", []),
            *([member["second_role"]] if member.get("second_role") else []),
        }
        right += person is not None and person["role"] in accepted
    assert right >= 7, f"{right} of {len(TRUTH['members'])} roles right"
    boss = _person_of(analysis, next(m for m in TRUTH["members"] if m["id"] == TRUTH["key_player"]))
    assert boss["role_evidence"] and all(e["text"] for e in boss["role_evidence"])


def test_the_relatives_line_shows_user_and_subscriber(analysis: dict) -> None:
    for relative in TRUTH["relatives"]:
        line = next(p for p in analysis["phones"] if p["number"] == relative["subscriber_of"])
        assert line["subscriber"] is not None and line["users"] and line["subscriber"] not in line["users"]


def test_route_and_timeline(analysis: dict) -> None:
    route = analysis["route"]
    assert route.index("Agadez") < route.index("Dirkou") < route.index("Sebha")
    assert analysis["timeline"] and all(item["evidence"] for item in analysis["timeline"])


def test_typed_edges_keep_their_evidence(analysis: dict, workspace) -> None:
    from filiere.network.build import build_network

    boss = next(m for m in TRUTH["members"] if m["id"] == TRUTH["key_player"])
    boss_node = f"p{_person_of(analysis, boss)['id']}"
    with workspace.engine.connect() as conn:
        network = build_network(conn, 1)
    kinds = {kind for _a, _b, kind in network.edges}
    assert {"call", "sms", "cooccurrence", "talks_about", "gives_orders"} <= kinds
    orders = [e for (a, _b, kind), e in network.edges.items() if kind == "gives_orders" and a == boss_node]
    assert len(orders) >= 3 and all(e.evidence for e in orders)
