"""The link chart's graph: people and numbers as nodes, typed edges with their evidence.

The contract (`/api/cases/{case}/graph`, coded against by the chart's JS) is
{"nodes": [{"id", "kind", "label", "role", "community", "score", "rank", "phones"}],
 "edges": [{"source", "target", "kind", "weight", "first", "last", "evidence"}]}.
Roles come from `analyze_case`; community and key-player score from the same metrics it computes (seeded,
so they match), recomputed here because the analysis reports them for people only, and the chart also
sizes and colours the numbers nobody is known to use.
"""

from __future__ import annotations

from typing import Any

from filiere.network.build import Network
from filiere.network.keyplayers import rank_key_players
from filiere.network.metrics import compute_metrics


def node_kind(node: str) -> str:
    """ "person" (p<entity>), "number" (n<E.164>) or "label" (x<text>: a link list's end nobody matched)."""
    return {"p": "person", "n": "number"}.get(node[:1], "label")


def build_graph(network: Network, analysis: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    metrics = compute_metrics(network.nodes, network.weighted_pairs())
    players = {k.node: k for k in rank_key_players(metrics)}
    people = {f"p{p['id']}": p for p in analysis["people"]}
    nodes = []
    for node in network.nodes:
        kind = node_kind(node)
        m, k, person = metrics.get(node), players.get(node), people.get(node)
        nodes.append(
            {
                "id": node,
                "kind": kind,
                "label": person["name"] if person else node[1:],
                "role": person["role"] if person else None,
                "community": m.community if m else None,
                "score": k.score if k else 0.0,
                "rank": person["rank"] if person else None,
                "phones": person["phones"] if person else ([node[1:]] if kind == "number" else []),
                "entity": person["id"] if person else None,
            }
        )
    edges = [
        {
            "source": e.source,
            "target": e.target,
            "kind": e.kind,
            "weight": e.weight,
            "first": e.first.isoformat() if e.first else None,
            "last": e.last.isoformat() if e.last else None,
            "evidence": sorted(e.evidence),
        }
        for e in network.edges.values()
    ]
    return {"nodes": nodes, "edges": edges}
