"""Benchmark: network measures at CDR scale, and the ratio against networkx on a subset both can finish.

The call graph is GENERATED (no real data): ~200,000 numbers in 1,000 groups, call rows drawn in DuckDB
with SQL (range() + random(), never a Python loop), then grouped into ~2 million distinct weighted edges:
- caller activity is heavy-tailed (a few numbers make most calls);
- each number has a small contact book whose size falls with its activity rank, used with Zipf-like
  frequency; 89 % of calls stay in the caller's group, 10 % go to popular numbers anywhere, 1 % to 20 hubs.
Then times, through the same functions `compute_metrics` uses: graph build (igraph from arrays), degree,
PageRank, sampled betweenness, Leiden (leidenalg), brokerage; prints seconds per step, total and peak RSS.
Targets (issue 4, 2-core machine): build + degree + PageRank + approximate betweenness + Leiden <= 60 s,
peak memory <= 4 GiB.

    python bench/network.py                      # 10M call rows -> ~2.2M edges
    python bench/network.py --rows 2000000 --no-networkx
"""

from __future__ import annotations

import argparse
import resource
import time

import duckdb
import numpy as np

from filiere.network import metrics

NUMBERS = 200_000
GROUPS = 1_000
HUBS = 20


def generate_edges(rows: int, seed: float = 0.42) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw `rows` generated call rows in DuckDB and group them into (a, b, call count) edge arrays."""
    con = duckdb.connect()
    con.execute("SET threads = 2; SET memory_limit = '1GB'")
    con.execute(f"SELECT setseed({seed})")
    per_group = NUMBERS // GROUPS
    con.execute(f"""
        CREATE TABLE calls AS
        WITH draws AS (SELECT random() AS u1, random() AS u2, random() AS u3 FROM range({rows})),
        callers AS (SELECT CAST(floor({NUMBERS} * pow(u1, 1.5)) AS BIGINT) AS caller, u2, u3 FROM draws),
        slots AS (
            SELECT caller, u2, u3,
                   CAST(floor(pow(u3, 2.0) * (6 + 3000 / (1 + caller / 20.0))) AS BIGINT) AS slot
            FROM callers),
        contacts AS (
            SELECT caller, u2, u3, (hash(caller * 100003 + slot) % 1000003) / 1000003.0 AS h FROM slots)
        SELECT caller,
               CASE WHEN u2 < 0.01 THEN floor({HUBS} * u3)
                    WHEN u2 < 0.90 THEN (caller % {GROUPS}) + {GROUPS} * floor({per_group} * pow(h, 2.5))
                    ELSE floor({NUMBERS} * pow(h, 2.0)) END::BIGINT AS callee
        FROM contacts
    """)
    result = con.execute("""
        SELECT least(caller, callee) AS a, greatest(caller, callee) AS b, count(*)::DOUBLE AS w
        FROM calls WHERE caller <> callee GROUP BY 1, 2
    """).fetchnumpy()
    con.close()
    return result["a"].astype(np.int64), result["b"].astype(np.int64), result["w"]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, times: dict[str, float], fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    times[label] = time.perf_counter() - start
    print(f"  {label:<28} {times[label]:7.2f} s")
    return value


def compare_networkx(graph: metrics.Graph, size: int, samples: int, seed: int) -> None:
    """Same measures on the subgraph of the `size` most active numbers: igraph vs networkx."""
    import networkx as nx
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python  # no scipy here

    keep = (graph.src < size) & (graph.dst < size)
    sub = metrics.build_graph(size, graph.src[keep], graph.dst[keep], graph.weight[keep])
    print(f"\nnetworkx comparison on {size:,} nodes, {len(sub.src):,} edges (betweenness: {samples} sources)")
    nxg = nx.Graph()
    nxg.add_nodes_from(range(size))
    nxg.add_weighted_edges_from(zip(sub.src.tolist(), sub.dst.tolist(), sub.weight.tolist(), strict=True))
    ours: dict[str, float] = {}
    theirs: dict[str, float] = {}
    timed("igraph pagerank", ours, metrics.pagerank, sub)
    timed("networkx pagerank", theirs, _pagerank_python, nxg, alpha=metrics.DAMPING, weight="weight")
    timed("igraph betweenness", ours, metrics.betweenness, sub, exact_limit=0, samples=samples, seed=seed)
    timed("networkx betweenness", theirs, nx.betweenness_centrality, nxg, k=samples, seed=seed)
    timed("leidenalg communities", ours, metrics.communities, sub, seed)
    timed("networkx louvain", theirs, nx.community.louvain_communities, nxg, weight="weight", seed=seed)
    for (a, t_ours), t_theirs in zip(ours.items(), theirs.values(), strict=True):
        print(f"  {a.split()[1]:<14} networkx / ours = {t_theirs / t_ours:6.1f}x")
    print(f"  all three      networkx / ours = {sum(theirs.values()) / sum(ours.values()):6.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="generated call rows")
    parser.add_argument("--samples", type=int, default=None, help="betweenness sources (library default)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--subset", type=int, default=20_000, help="nodes of the networkx comparison")
    parser.add_argument("--nx-samples", type=int, default=32, help="betweenness sources, both libraries")
    parser.add_argument("--no-networkx", action="store_true")
    args = parser.parse_args()
    samples = args.samples or metrics.compute_metrics.__kwdefaults__["betweenness_samples"]

    print(f"GENERATED call graph: {NUMBERS:,} numbers, {args.rows:,} call rows (DuckDB)")
    times: dict[str, float] = {}
    a, b, w = timed("DuckDB rows + GROUP BY", times, generate_edges, args.rows)
    print(f"  -> {len(a):,} distinct edges, {int(w.sum()):,} calls")
    graph = timed("graph build", times, metrics.build_graph, NUMBERS, a, b, w)
    del a, b, w
    degree = timed(
        "degree + weighted degree",
        times,
        lambda: (graph.graph.degree(), graph.graph.strength(weights="weight")),
    )
    print(f"     max degree {max(degree[0]):,}, median {int(np.median(degree[0]))}")
    timed("pagerank", times, metrics.pagerank, graph)
    timed(
        f"betweenness ({samples} sources)", times, metrics.betweenness, graph, samples=samples, seed=args.seed
    )
    membership = timed("leiden (leidenalg)", times, metrics.communities, graph, args.seed)
    print(f"     {membership.max() + 1:,} communities, largest {np.bincount(membership).max():,} nodes")
    timed("brokerage", times, metrics.brokerage, graph, membership)
    counted = sum(v for k, v in times.items() if not k.startswith(("DuckDB", "brokerage")))
    print(f"  {'target steps (build..leiden)':<28} {counted:7.2f} s   (target <= 60 s)")
    print(f"  {'total with DuckDB, brokerage':<28} {sum(times.values()):7.2f} s")
    print(f"  peak RSS {peak_rss_mib():,.0f} MiB   (target <= 4096 MiB)")
    if not args.no_networkx:
        compare_networkx(graph, args.subset, args.nx_samples, args.seed)


if __name__ == "__main__":
    main()
