"""Key-player ranking: the right node first, readable reasons, ties that never depend on input order."""

from __future__ import annotations

import itertools

from filiere.network.keyplayers import rank_key_players
from filiere.network.metrics import compute_metrics
from tests.network.test_metrics import STAR, cliques_with_bridge


def test_star_centre_ranks_first_with_its_reasons() -> None:
    players = rank_key_players(compute_metrics([], STAR))
    assert [p.rank for p in players] == [1, 2, 3, 4, 5, 6]
    assert players[0].node == "hub" and players[0].score == 0.8  # all but brokerage: one community only
    assert "most contacts (5)" in players[0].reasons
    assert "most calls and links (5)" in players[0].reasons
    assert [p.node for p in players[1:]] == [f"leaf{i}" for i in range(5)]  # tie: by node id


def test_bridge_ranks_first_and_says_it_bridges_two_communities() -> None:
    nodes, edges = cliques_with_bridge()
    first = rank_key_players(compute_metrics(nodes, edges))[0]
    assert first.node == "bridge"
    assert "highest betweenness: bridges 2 communities" in first.reasons
    assert any(r.startswith("links 2 communities (brokerage 0.50)") for r in first.reasons)


def test_ties_break_the_same_way_whatever_the_input_order() -> None:
    ring = [(f"r{i}", f"r{(i + 1) % 6}", 1.0) for i in range(6)]
    forward = rank_key_players(compute_metrics([], ring))
    backward = rank_key_players(compute_metrics([f"r{i}" for i in reversed(range(6))], ring[::-1]))
    assert [p.node for p in forward] == [p.node for p in backward] == [f"r{i}" for i in range(6)]
    assert len({p.score for p in forward}) == 1


def test_top_keeps_the_best_only_and_isolated_nodes_say_so() -> None:
    edges = [(x, y, 1.0) for x, y in itertools.combinations("abcd", 2)]
    players = rank_key_players(compute_metrics(["alone"], edges), top=10)
    assert len(players) == 5
    assert players[-1].node == "alone" and players[-1].reasons == ["no link in the evidence"]
    assert players[-1].score == 0.0
    assert [p.node for p in rank_key_players(compute_metrics(["alone"], edges), top=2)] == ["a", "b"]
    assert rank_key_players({}) == []
