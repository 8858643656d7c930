"""Network measures on hand-made graphs whose answers are known, plus the edge cases of real charts."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from filiere.network.metrics import betweenness, build_graph, compute_metrics

STAR = [("hub", f"leaf{i}", 1.0) for i in range(5)]


def cliques_with_bridge() -> tuple[list[str], list[tuple[str, str, float]]]:
    """Two 5-cliques (a*, b*) and a node "bridge" linked to two members of each."""
    a = [f"a{i}" for i in range(5)]
    b = [f"b{i}" for i in range(5)]
    edges = [(x, y, 3.0) for x, y in itertools.combinations(a, 2)]
    edges += [(x, y, 3.0) for x, y in itertools.combinations(b, 2)]
    edges += [("bridge", "a0", 1.0), ("bridge", "a1", 1.0), ("bridge", "b0", 1.0), ("bridge", "b1", 1.0)]
    return [*a, *b, "bridge"], edges


def test_star_centre_is_top_on_every_measure() -> None:
    m = compute_metrics([], STAR)
    hub = m["hub"]
    assert (hub.degree, hub.weighted_degree, hub.betweenness, hub.eigenvector) == (5, 5.0, 1.0, 1.0)
    for leaf in (f"leaf{i}" for i in range(5)):
        assert m[leaf].degree == 1 and m[leaf].betweenness == 0.0
        assert m[leaf].pagerank < hub.pagerank and m[leaf].eigenvector < 1.0
    assert sum(x.pagerank for x in m.values()) == pytest.approx(1.0)


def test_bridge_between_two_cliques_has_the_highest_betweenness_and_brokerage() -> None:
    nodes, edges = cliques_with_bridge()
    m = compute_metrics(nodes, edges)
    others = [n for n in nodes if n != "bridge"]
    assert all(m["bridge"].betweenness > m[n].betweenness for n in others)
    assert all(m["bridge"].brokerage > m[n].brokerage for n in others)
    assert m["bridge"].brokerage == pytest.approx(0.5)
    assert m["bridge"].communities_reached == 2
    assert {m[f"a{i}"].community for i in range(5)} != {m[f"b{i}"].community for i in range(5)}
    assert len({m[f"a{i}"].community for i in range(5)}) == 1
    assert len({m[f"b{i}"].community for i in range(5)}) == 1
    assert {x.community for x in m.values()} == {0, 1}


def test_chain_betweenness_has_the_textbook_values() -> None:
    edges = [("n0", "n1", 1), ("n1", "n2", 1), ("n2", "n3", 1), ("n3", "n4", 1)]
    m = compute_metrics([], edges)
    # pairs through n2: (0,3) (0,4) (1,3) (1,4) of the 6 pairs of the other four nodes
    assert [round(m[f"n{i}"].betweenness, 6) for i in range(5)] == [0.0, 0.5, round(4 / 6, 6), 0.5, 0.0]
    assert [m[f"n{i}"].degree for i in range(5)] == [1, 2, 2, 2, 1]


def test_same_seed_same_answer_whatever_the_edge_order() -> None:
    nodes, edges = cliques_with_bridge()
    first = compute_metrics(nodes, edges, seed=7)
    shuffled = edges[:]
    random.Random(3).shuffle(shuffled)
    assert compute_metrics(nodes, shuffled, seed=7) == first
    assert compute_metrics(nodes, edges, seed=7) == first


def test_empty_and_one_node_graphs() -> None:
    assert compute_metrics([], []) == {}
    (alone,) = compute_metrics(["solo"], []).values()
    assert (alone.degree, alone.weighted_degree, alone.betweenness, alone.eigenvector) == (0, 0.0, 0.0, 0.0)
    assert alone.pagerank == pytest.approx(1.0) and alone.community == 0 and alone.brokerage == 0.0


def test_self_loops_are_dropped_multi_edges_summed_and_bad_weights_count_one() -> None:
    edges = [("x", "x", 9.0), ("x", "y", 2.0), ("y", "x", 3.0), ("y", "z", float("nan")), ("z", "y", -4)]
    m = compute_metrics(["x", "y", "z"], edges)
    assert (m["x"].degree, m["x"].weighted_degree) == (1, 5.0)
    assert (m["y"].degree, m["y"].weighted_degree) == (2, 7.0)
    assert m["z"].weighted_degree == 2.0  # two links of unknown strength


def test_isolated_nodes_and_disconnected_components() -> None:
    edges = [("a", "b", 1), ("b", "c", 1), ("c", "a", 1), ("x", "y", 1), ("y", "z", 1), ("z", "x", 1)]
    m = compute_metrics(["lonely", "a"], edges)
    assert list(m)[:2] == ["lonely", "a"]  # given nodes first, the others sorted after
    assert m["lonely"].degree == 0 and m["lonely"].betweenness == 0.0 and m["lonely"].eigenvector == 0.0
    assert m["lonely"].community not in {m[n].community for n in "abcxyz"}
    assert m["a"].community == m["b"].community == m["c"].community != m["x"].community
    assert all(m[n].betweenness == 0.0 for n in "abcxyz")


def _community_graph(n: int = 5000, groups: int = 50, seed: int = 1):
    """A generated graph: 50 groups (85% of links inside) and Zipf-popular numbers across them."""
    rng = np.random.default_rng(seed)
    m = n * 5
    src = rng.integers(0, n, m)
    inside = rng.random(m) < 0.85
    popular = rng.zipf(2.0, m) % n
    dst = np.where(inside, (src % groups) + groups * rng.integers(0, n // groups, m), popular)
    return build_graph(n, src, dst, rng.integers(1, 10, m))


def _ranks(x: np.ndarray) -> np.ndarray:
    r = np.empty(len(x))
    r[np.argsort(x, kind="stable")] = np.arange(len(x))
    return r


def test_sampled_betweenness_error() -> None:
    """The figures quoted in metrics.py: 256 sampled sources on a 5,000-node community graph."""
    graph = _community_graph()
    exact = betweenness(graph, exact_limit=10**9)
    top5 = set(np.argsort(-exact)[:5].tolist())
    for seed in (0, 1, 2):
        sampled = betweenness(graph, exact_limit=1000, samples=256, seed=seed)
        assert not np.allclose(sampled, exact)  # it did sample
        assert np.corrcoef(_ranks(exact), _ranks(sampled))[0, 1] > 0.9
        assert top5 <= set(np.argsort(-sampled)[:10].tolist())
        assert abs(sampled.sum() - exact.sum()) / exact.sum() < 0.15  # unbiased: totals agree


def test_exact_betweenness_under_the_limit_equals_the_full_computation() -> None:
    graph = _community_graph(n=600, groups=6)
    full = np.asarray(graph.graph.betweenness(directed=False)) / (599 * 598 / 2)
    assert np.allclose(betweenness(graph, exact_limit=600, samples=8), full)
    assert not np.allclose(betweenness(graph, exact_limit=599, samples=8), full)
