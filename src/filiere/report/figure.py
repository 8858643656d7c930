"""Which nodes and links the link chart shows: the same for the HTML chart and the static picture.

Kept apart from the renderers so the interactive SVG (report/chart.py) and the PNG of the paged formats
(report/images.py) draw the same network.
"""

from __future__ import annotations

from filiere.report.chart import ChartEdge, ChartNode
from filiere.report.gather import ReportData
from filiere.report.labels import TEXT, role_name


def chart_parts(data: ReportData, language: str) -> tuple[list[ChartNode], list[ChartEdge], int]:
    """The chart's nodes (people with links, and the numbers and labels that link them) and typed edges,
    and how many numbers were left out: a number in touch with one person only (a shop, a relative) says
    nothing about the network and would bury it, as an analyst's chart leaves it out (the numbers table
    lists it)."""
    network = data.network
    edges = [
        ChartEdge(e.source, e.target, kind, e.weight, tuple(sorted(i for i in e.evidence if i)))
        for (_a, _b, kind), e in sorted(network.edges.items())
        if e.source != e.target
    ]
    people = {f"p{p['id']}": p for p in data.analysis["people"]}
    neighbours: dict[str, set[str]] = {}
    for e in edges:
        neighbours.setdefault(e.a, set()).add(e.b)
        neighbours.setdefault(e.b, set()).add(e.a)
    leaves = {n for n, near in neighbours.items() if n not in people and n.startswith("n") and len(near) == 1}
    edges = [e for e in edges if e.a not in leaves and e.b not in leaves]
    ends = {e.a for e in edges} | {e.b for e in edges} | {n for n in neighbours if n in people}
    subscribers = {
        p["number"]: people.get(f"p{p['subscriber']}", {}).get("name") for p in data.analysis["phones"]
    }
    nodes = []
    for node in sorted(ends):
        score = data.scores.get(node, 0.0)
        if node in people:
            p = people[node]
            tooltip = " — ".join(
                x
                for x in (
                    p["name"] + (f" ({', '.join(p['aliases'])})" if p["aliases"] else ""),
                    role_name(p["role"], language),
                    f"#{p['rank']}" if p["rank"] else "",
                    ", ".join(p["phones"]),
                )
                if x
            )
            nodes.append(ChartNode(node, "person", p["name"], p["role"], score, tooltip))
        elif node.startswith("n"):
            number = node[1:]
            owner = subscribers.get(number)
            label = number + (f" — {TEXT[language]['subscriber']}: {owner}" if owner else "")
            nodes.append(ChartNode(node, "number", number, "unknown", score, label))
        else:
            nodes.append(ChartNode(node, "other", node[1:], "unknown", score, node[1:]))
    return nodes, edges, len(leaves)
