"""The link chart as inline SVG: a deterministic igraph layout, computed here, drawn without any script.

Why this layout: each connected component is laid out on its own, from a fixed start (a circle), by
Kamada-Kawai (distances follow hops: the spread-out, readable picture analysts expect from a link chart;
no randomness) or, above KAMADA_KAWAI_MAX nodes, by Fruchterman-Reingold with igraph's random generator
seeded and attraction growing with log(1 + weight). So the same network always gives the same picture,
byte for byte (coordinates are rounded to 0.1 px). Components are packed in rows, largest first: a force
layout of the whole graph lets small components drift to the edges and squeezes the main one. Styles live
in a <style> inside the SVG, so the chart can be copied out alone.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape

import igraph as ig

from filiere.report.labels import TEXT, edge_name, role_name

SEED = 20250501
KAMADA_KAWAI_MAX = 400  # nodes of a component; above, Fruchterman-Reingold (KK costs n^2 per step)
UNIT = 90.0  # px per sqrt(node) of a component's box
GAP = 60.0  # px between component boxes (room for labels)
MARGIN = 30.0
LABEL_ROOM = 170.0  # px right of the last box for the labels of its right-most nodes
LABEL_LIMIT = 60  # people named on the chart (by score); the others in their tooltip only

ROLE_COLOURS = {
    "organiser": "#c0392b",
    "recruiter": "#e67e22",
    "transporter": "#2471a3",
    "guide": "#138d75",
    "ghetto_keeper": "#7d3c98",
    "financier": "#d4ac0d",
    "forger": "#6e4b3a",
    "corrupt_official": "#1b2631",
    "exploiter": "#d9368f",
    "victim": "#28b463",
    "migrant": "#82c785",
    "unknown": "#aab7b8",
}
# kind: (colour, dash pattern); gives_orders also gets an arrow head
EDGE_STYLES = {
    "call": ("#34495e", ""),
    "sms": ("#3498db", "5 3"),
    "cooccurrence": ("#a6acaf", "2 3"),
    "payment": ("#1e8449", ""),
    "travel": ("#e67e22", "8 3 2 3"),
    "talks_about": ("#9b59b6", "4 2"),
    "gives_orders": ("#c0392b", ""),
    "link": ("#8d6e63", "6 2"),
}
EDGE_ORDER = tuple(EDGE_STYLES)


@dataclass(frozen=True)
class ChartNode:
    id: str  # node id of the network ("p19", "n+22790000000", "x<label>")
    kind: str  # person | number | other
    label: str
    role: str = "unknown"
    score: float = 0.0  # key-player score, 0..1
    tooltip: str = ""


@dataclass(frozen=True)
class ChartEdge:
    a: str
    b: str
    kind: str
    weight: float
    evidence: tuple[int, ...] = ()


def style_key(kind: str) -> str:
    """The legend/style family of an edge kind: analysts' "link:<type>" edges share one style."""
    return "link" if kind.startswith("link:") else kind if kind in EDGE_STYLES else "link"


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def layout(nodes: Sequence[str], pairs: Sequence[tuple[str, str, float]]) -> dict[str, tuple[float, float]]:
    """Position of every node, in px, packed components; deterministic for the same input."""
    names = sorted(nodes)
    index = {n: i for i, n in enumerate(names)}
    graph = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b, _w in pairs])
    graph.vs["name"] = names
    graph.es["weight"] = [1.0 + math.log1p(max(w, 0.0)) for _a, _b, w in pairs]
    components = sorted((sorted(c) for c in graph.connected_components()), key=lambda c: (-len(c), c[0]))
    boxes = []
    with _seeded(SEED):
        for members in components:
            boxes.append(_component(graph.induced_subgraph(members)))
    return _pack(boxes, len(names))


def _component(sub: ig.Graph) -> tuple[dict[str, tuple[float, float]], float, float]:
    n = sub.vcount()
    start = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    if n <= KAMADA_KAWAI_MAX:
        coords = sub.layout_kamada_kawai(seed=start, maxiter=50 * n).coords
    else:
        coords = sub.layout_fruchterman_reingold(weights="weight", seed=start, niter=500).coords
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = UNIT * math.sqrt(n) / span
    placed = {
        name: ((x - min(xs)) * scale, (y - min(ys)) * scale)
        for name, x, y in zip(sub.vs["name"], xs, ys, strict=True)
    }
    return placed, (max(xs) - min(xs)) * scale, (max(ys) - min(ys)) * scale


def _pack(boxes: list[tuple[dict, float, float]], total: int) -> dict[str, tuple[float, float]]:
    """Shelf packing: boxes left to right, a new row when the row is full."""
    row_width = max([UNIT * math.sqrt(max(total, 1)) * 1.6, 640.0, *(w for _p, w, _h in boxes)])
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for placed, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for name, (px, py) in placed.items():
            out[name] = (round(px + x + MARGIN, 1), round(py + y + MARGIN, 1))
        x += width + GAP
        row_height = max(row_height, height)
    return out


def radius(node: ChartNode) -> float:
    if node.kind == "person":
        return round(6.0 + 18.0 * math.sqrt(max(node.score, 0.0)), 1)
    return 3.5 if node.kind == "number" else 4.5


def _css() -> str:
    rules = [
        ".edge{fill:none;stroke-linecap:round}",
        ".node text{font:11px sans-serif;fill:#1c2833;paint-order:stroke;stroke:#fff;stroke-width:3px}",
        ".node circle{stroke:#fff;stroke-width:1.5}",
        ".node.number circle,.node.other circle{fill:#fff;stroke:#566573;stroke-width:1}",
    ]
    rules += [f".r-{role}{{fill:{colour}}}" for role, colour in ROLE_COLOURS.items()]
    for kind, (colour, dash) in EDGE_STYLES.items():
        rules.append(f".k-{kind}{{stroke:{colour}" + (f";stroke-dasharray:{dash}" if dash else "") + "}")
    return "".join(rules)


def svg(nodes: Sequence[ChartNode], edges: Sequence[ChartEdge], language: str) -> str:
    """The chart: one <g class="node …"> per node, one <line class="edge k-…"> per edge and kind."""
    shown = {n.id: n for n in nodes}
    edges = sorted((e for e in edges if e.a in shown and e.b in shown and e.a != e.b), key=_edge_key)
    pos = layout(list(shown), _pairs(edges))
    vid = {name: f"v{i}" for i, name in enumerate(sorted(shown))}
    width = max((x for x, _y in pos.values()), default=0.0) + MARGIN + LABEL_ROOM
    height = max((y for _x, y in pos.values()), default=0.0) + MARGIN * 2
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-label="{escape(TEXT[language]["chart"])}">',
        f"<style>{_css()}</style>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#c0392b"/></marker></defs>',
        '<g class="edges">',
    ]
    parts += _edge_lines(edges, shown, pos, vid, language)
    parts.append('</g><g class="nodes">')
    people = sorted((n for n in shown.values() if n.kind == "person"), key=lambda n: (-n.score, n.id))
    labelled = {n.id for n in people[:LABEL_LIMIT]}
    for name in sorted(shown, key=lambda i: (shown[i].kind == "person", shown[i].score, i)):
        node, (x, y) = shown[name], pos[name]
        r = radius(node)
        text = node.label if len(node.label) <= 28 else node.label[:27] + "…"
        parts.append(
            f'<g class="node {node.kind}" data-id="{vid[name]}"'
            + (f' data-entity="{escape(name[1:])}">' if node.kind == "person" else ">")
            + f'<circle class="r-{escape(node.role) if node.kind == "person" else "none"}" '
            f'cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
            + (f'<text x="{x + r + 2:.1f}" y="{y + 4:.1f}">{escape(text)}</text>' if name in labelled else "")
            + f"<title>{escape(node.tooltip or node.label)}</title></g>"
        )
    parts.append("</g></svg>")
    return "\n".join(parts)


def _edge_key(e: ChartEdge) -> tuple:
    return (min(e.a, e.b), max(e.a, e.b), _kind_rank(e.kind), e.kind, e.a)


def _kind_rank(kind: str) -> int:
    return EDGE_ORDER.index(style_key(kind))


def _pairs(edges: Sequence[ChartEdge]) -> list[tuple[str, str, float]]:
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for e in edges:
        weights[(min(e.a, e.b), max(e.a, e.b))] += e.weight
    return sorted((a, b, w) for (a, b), w in weights.items())


def _edge_lines(edges, shown, pos, vid, language: str) -> list[str]:
    """One line per edge; parallel kinds between the same pair are offset sideways to stay visible."""
    by_pair: dict[tuple[str, str], list[ChartEdge]] = defaultdict(list)
    for e in edges:
        by_pair[(min(e.a, e.b), max(e.a, e.b))].append(e)
    out = []
    for (a, b), group in by_pair.items():
        (ax, ay), (bx, by) = pos[a], pos[b]
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = -(by - ay) / length, (bx - ax) / length  # unit normal of a -> b
        for i, e in enumerate(group):
            shift = (i - (len(group) - 1) / 2) * 3.0
            (sx, sy), (tx, ty) = pos[e.a], pos[e.b]
            sx, sy, tx, ty = sx + nx * shift, sy + ny * shift, tx + nx * shift, ty + ny * shift
            marker = ""
            if e.kind == "gives_orders":  # stop at the target's circle so the arrow head shows
                cut = (radius(shown[e.b]) + 1.5) / length
                tx, ty = tx - (tx - sx) * cut, ty - (ty - sy) * cut
                marker = ' marker-end="url(#arrow)"'
            width = 1.0 + min(3.0, math.log2(1.0 + max(e.weight, 0.0)) * 0.7)
            cited = ", ".join(f"#{n}" for n in e.evidence[:8]) + (" …" if len(e.evidence) > 8 else "")
            title = (
                f"{shown[e.a].label} — {shown[e.b].label}: {edge_name(e.kind, language)}"
                f" ×{e.weight:g}" + (f" ({cited})" if cited else "")
            )
            out.append(
                f'<line class="edge k-{style_key(e.kind)}" data-kind="{escape(e.kind)}" '
                f'data-a="{vid[e.a]}" data-b="{vid[e.b]}" x1="{sx:.1f}" y1="{sy:.1f}" x2="{tx:.1f}" '
                f'y2="{ty:.1f}" stroke-width="{width:.1f}"{marker}><title>{escape(title)}</title></line>'
            )
    return out


def legend(nodes: Sequence[ChartNode], edges: Sequence[ChartEdge], language: str) -> str:
    """The legend as HTML: the edge kinds present (with their count), the roles present, the small nodes."""
    text = TEXT[language]
    counts: dict[str, int] = defaultdict(int)
    for e in edges:
        counts[e.kind] += 1
    items = []
    for kind in sorted(counts, key=lambda k: (_kind_rank(k), k)):
        colour, dash = EDGE_STYLES[style_key(kind)]
        sample = (
            f'<svg width="34" height="10" aria-hidden="true"><line x1="2" y1="5" x2="32" y2="5" '
            f'stroke="{colour}" stroke-width="2"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
            + (f'<path d="M26,1L33,5L26,9z" fill="{colour}"/>' if kind == "gives_orders" else "")
            + "</svg>"
        )
        items.append(
            f'<li data-kind="{escape(kind)}">{sample} '
            f"{escape(edge_name(kind, language))} ({counts[kind]})</li>"
        )
    roles = sorted(
        {n.role for n in nodes if n.kind == "person"},
        key=lambda r: list(ROLE_COLOURS).index(r) if r in ROLE_COLOURS else len(ROLE_COLOURS),
    )
    role_items = [
        f'<li data-role="{escape(r)}"><span class="dot" style="background:{ROLE_COLOURS.get(r, "#aab7b8")}">'
        f"</span> {escape(role_name(r, language))}</li>"
        for r in roles
    ]
    for kind, key in (("number", "legend_number"), ("other", "legend_other")):
        if any(n.kind == kind for n in nodes):
            role_items.append(f'<li><span class="dot small"></span> {escape(text[key])}</li>')
    return (
        f'<div class="legend"><h3>{escape(text["legend_edges"])}</h3><ul class="legend-edges">'
        + "".join(items)
        + f'</ul><h3>{escape(text["legend_roles"])}</h3><ul class="legend-roles">'
        + "".join(role_items)
        + "</ul></div>"
    )
