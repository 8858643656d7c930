"""Who matters in a link chart: degree, betweenness, PageRank, eigenvector, Leiden communities, brokerage.

The graph is undirected: a call from A to B and one from B to A are the same relation for an investigator
(who rang whom is kept on the edges, not in these scores). Choices, and why:

- **Weights** are the edge's evidence weight: the number of calls/SMS plus the other links the builder adds
  (co-occurrences, turns). Several edges between the same pair are summed into one; a self-loop (a
  number calling itself, a person linked to themself) is not a relation with anyone and is dropped. An
  edge with a weight that is not a positive number still counts, with weight 1: the link exists, its
  strength is unknown.
- **Weighted** measures: weighted degree (strength), PageRank, eigenvector, communities and brokerage.
- **Betweenness is unweighted** (hops). A call count is a strength, not a distance: turning it into 1/weight
  makes a path look "shorter" because two people gossip a lot, which says nothing about who relays between
  groups; hop counts are also robust to the noise of call volumes and run as a BFS, not Dijkstra.
  Normalised to 0..1 by the number of pairs of other nodes, (n-1)(n-2)/2.
- **Exact betweenness** up to `exact_betweenness_limit` nodes; above it, the Brandes-Pich estimator: the
  shortest paths from `betweenness_samples` source nodes drawn at random (seeded), scaled by
  sources/sampled. It is unbiased; its error falls as 1/sqrt(samples). Measured on a generated 5,000-node
  community graph with popular numbers (tests/network/test_metrics.py::test_sampled_betweenness_error),
  256 sources, 3 seeds: rank (Spearman) correlation with the exact values 0.95; the exact top 5 always in
  the sampled top 10; the top 10's values off by 20-30 % on average (up to x2 for one node); the sum
  within 15 %. Read a sampled betweenness as "among the top", not as a precise figure; below the limit
  (a chart) it is exact. Cost: one BFS per source, ~0.12 s each on 2.2M edges (bench/network.py).
- **Communities**: Leiden (leidenalg) optimising modularity (ModularityVertexPartition): no resolution to
  tune, which an investigator could not choose; seeded, so the same graph gives the same communities.
  Two passes (leidenalg's default) up to a million edges, one above: on the bench graph the second pass
  took 13 of 35 s and gave the same partition (modularity 0.888 both). Numbered by size, largest first
  (ties: the community holding the earliest node); an isolated node is a community of its own, numbered
  after the others.
- **Brokerage** is the weighted *participation coefficient* (Guimerà & Amaral): 1 - sum over communities c of
  (weight to c / total weight)^2. It is 0 for a node whose links all stay in one group and grows as its
  links spread evenly over several; unlike "the share of weight leaving the community", it does not rank a
  member with one stray outside call as a broker, and it does not depend on which side the node was put.
- **Eigenvector** centrality is computed on the whole graph, scaled so the best node is 1: nodes outside the
  component with the leading eigenvalue (usually the main one) get ~0, i.e. "not part of the core".
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import leidenalg
import numpy as np

DAMPING = 0.85
# leidenalg's second pass only polishes; on the bench's 2.2M-edge graph it cost 13 s and changed nothing
LEIDEN_TWO_PASSES_MAX_EDGES = 1_000_000


@dataclass(frozen=True, slots=True)
class NodeMetrics:
    degree: int  # distinct neighbours
    weighted_degree: float  # sum of the weights of its links
    betweenness: float  # 0..1
    pagerank: float  # sums to 1 over the graph
    eigenvector: float  # 0..1, best node 1
    community: int  # 0 = largest community
    brokerage: float  # participation coefficient, 0..1
    communities_reached: int  # distinct communities among the node and its neighbours


@dataclass(frozen=True)
class Graph:
    """An undirected simple weighted graph on nodes 0..n-1 (edges lo < hi, merged), with its igraph twin."""

    n: int
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    graph: ig.Graph


def build_graph(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray | None = None) -> Graph:
    """Graph from index arrays: drops self-loops, sums multi-edges, weight 1 where missing or not > 0."""
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    w = np.ones(len(src)) if weight is None else np.asarray(weight, dtype=np.float64).copy()
    w[~(w > 0) | ~np.isfinite(w)] = 1.0
    keep = src != dst
    lo = np.minimum(src[keep], dst[keep])
    hi = np.maximum(src[keep], dst[keep])
    w = w[keep]
    if len(lo):
        keys, inverse = np.unique(lo * max(n, 1) + hi, return_inverse=True)
        w = np.bincount(inverse, weights=w)
        lo, hi = keys // n, keys % n
    pairs = np.column_stack([lo, hi]).astype(np.int64)
    g = ig.Graph(n=n, directed=False)
    g.add_edges(pairs)  # twice as fast as the constructor on millions of edges
    g.es["weight"] = w
    return Graph(n, lo, hi, w, g)


def betweenness(graph: Graph, *, exact_limit: int = 20_000, samples: int = 256, seed: int = 0) -> np.ndarray:
    """Normalised betweenness: exact up to `exact_limit` nodes, else estimated from sampled sources."""
    n = graph.n
    if n < 3 or len(graph.src) == 0:
        return np.zeros(n)
    linked = np.flatnonzero(np.bincount(np.concatenate([graph.src, graph.dst]), minlength=n))
    if n <= exact_limit or samples >= len(linked):
        raw = np.asarray(graph.graph.betweenness(directed=False))
    else:
        # an isolated source finds no path: sampling among linked nodes only loses nothing
        rng = np.random.default_rng(seed)
        sources = np.sort(rng.choice(linked, size=max(samples, 1), replace=False))
        raw = np.asarray(graph.graph.betweenness(directed=False, sources=sources.tolist()))
        raw *= len(linked) / len(sources)
    return raw / ((n - 1) * (n - 2) / 2)


def pagerank(graph: Graph) -> np.ndarray:
    if graph.n == 0:
        return np.zeros(0)
    return np.asarray(graph.graph.pagerank(directed=False, damping=DAMPING, weights="weight"))


@contextmanager
def _igraph_random(seed: int) -> Iterator[None]:
    """igraph draws from Python's global `random` (ARPACK's start vector): seed a private one instead."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def eigenvector(graph: Graph, seed: int = 0) -> np.ndarray:
    if len(graph.src) == 0:
        return np.zeros(graph.n)
    with warnings.catch_warnings(), _igraph_random(seed):
        warnings.simplefilter("ignore", RuntimeWarning)  # "not meaningful for disconnected graphs": known
        values = np.asarray(graph.graph.eigenvector_centrality(weights="weight"))
    values = np.round(values, 12)  # ARPACK's last digits must not make two runs differ
    values[values < 1e-9] = 0.0
    return np.clip(values, 0.0, 1.0)


def communities(graph: Graph, seed: int = 0) -> np.ndarray:
    """Leiden modularity communities, renumbered by size (largest 0), ties by their earliest node."""
    n = graph.n
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if len(graph.src) == 0:
        return np.arange(n)
    passes = 2 if len(graph.src) <= LEIDEN_TWO_PASSES_MAX_EDGES else 1
    partition = leidenalg.find_partition(
        graph.graph, leidenalg.ModularityVertexPartition, weights="weight", seed=seed, n_iterations=passes
    )
    raw = np.asarray(partition.membership, dtype=np.int64)
    sizes = np.bincount(raw)
    first = np.full(len(sizes), n, dtype=np.int64)
    np.minimum.at(first, raw, np.arange(n))
    order = np.lexsort((first, -sizes))  # largest first, then earliest node
    renumber = np.empty(len(sizes), dtype=np.int64)
    renumber[order] = np.arange(len(sizes))
    return renumber[raw]


def brokerage(graph: Graph, membership: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted participation coefficient of each node, and how many communities it touches."""
    n = graph.n
    reached = np.ones(n, dtype=np.int64)
    if len(graph.src) == 0:
        return np.zeros(n), reached
    node = np.concatenate([graph.src, graph.dst])
    other = np.concatenate([graph.dst, graph.src])
    w = np.concatenate([graph.weight, graph.weight])
    ncomm = int(membership.max()) + 1
    keys, inverse = np.unique(node * ncomm + membership[other], return_inverse=True)
    per_comm = np.bincount(inverse, weights=w)
    owner = keys // ncomm
    strength = np.bincount(node, weights=w, minlength=n)
    share_sq = np.bincount(owner, weights=per_comm**2, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        participation = np.where(strength > 0, 1.0 - share_sq / strength**2, 0.0)
    own = (keys % ncomm) == membership[owner]
    reached += np.bincount(owner[~own], minlength=n)
    return np.clip(participation, 0.0, 1.0), reached


def compute_arrays(
    graph: Graph, *, exact_betweenness_limit: int = 20_000, betweenness_samples: int = 256, seed: int = 0
) -> dict[str, np.ndarray]:
    """Every measure as one array per name, indexed like the graph's nodes (for big graphs)."""
    g = graph.graph
    membership = communities(graph, seed)
    participation, reached = brokerage(graph, membership)
    return {
        "degree": np.asarray(g.degree(), dtype=np.int64),
        "weighted_degree": np.bincount(
            np.concatenate([graph.src, graph.dst]),
            weights=np.concatenate([graph.weight, graph.weight]),
            minlength=graph.n,
        ).astype(np.float64),
        "betweenness": betweenness(
            graph, exact_limit=exact_betweenness_limit, samples=betweenness_samples, seed=seed
        ),
        "pagerank": pagerank(graph),
        "eigenvector": eigenvector(graph, seed),
        "community": membership,
        "brokerage": participation,
        "communities_reached": reached,
    }


def compute_metrics(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str, float]],
    *,
    exact_betweenness_limit: int = 20_000,
    betweenness_samples: int = 256,
    seed: int = 0,
) -> dict[str, NodeMetrics]:
    """Metrics of every node; a node named only by an edge is added after `nodes`, in sorted order."""
    index: dict[str, int] = {}
    for name in nodes:
        index.setdefault(name, len(index))
    for name in sorted({x for a, b, _w in edges for x in (a, b)} - index.keys()):
        index[name] = len(index)
    src = np.fromiter((index[a] for a, _b, _w in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((index[b] for _a, b, _w in edges), dtype=np.int64, count=len(edges))
    weight = np.fromiter((_number(w) for _a, _b, w in edges), dtype=np.float64, count=len(edges))
    graph = build_graph(len(index), src, dst, weight)
    arrays = compute_arrays(
        graph,
        exact_betweenness_limit=exact_betweenness_limit,
        betweenness_samples=betweenness_samples,
        seed=seed,
    )
    columns = {k: v.tolist() for k, v in arrays.items()}
    return {
        name: NodeMetrics(
            degree=columns["degree"][i],
            weighted_degree=columns["weighted_degree"][i],
            betweenness=columns["betweenness"][i],
            pagerank=columns["pagerank"][i],
            eigenvector=columns["eigenvector"][i],
            community=columns["community"][i],
            brokerage=columns["brokerage"][i],
            communities_reached=columns["communities_reached"][i],
        )
        for name, i in index.items()
    }


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1.0
