"""The link chart as a PNG for the printed report (PDF, DOCX): the same picture as the HTML chart.

Why it looks like this: positions come from `chart.layout`, so the printed chart and the HTML chart are
the same drawing; colours, dashes and the arrow of "gives orders" come from `chart.ROLE_COLOURS` and
`chart.EDGE_STYLES`. Paper has no hover and no tooltip, so what the screen leaves to them is written on the
picture: names (with a white halo, never over another name) and a legend of the roles and links present.
Sizes of text are fixed in proportion to the picture's width (about 8 pt when printed 17 cm wide), never
shrunk with the network: a big network gets names for its first LABEL_TOP people by key-player score.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from PIL import Image, ImageDraw

from filiere.report.chart import (
    EDGE_STYLES,
    ROLE_COLOURS,
    ChartEdge,
    ChartNode,
    _edge_key,
    _kind_rank,
    _pairs,
    layout,
    radius,
    style_key,
)
from filiere.report.images_canvas import (
    SUPERSAMPLE,
    WORDS,
    Box,
    arrow_head,
    clean,
    dashed_line,
    font,
    halo_text,
    new_canvas,
    picture_width,
    place_label,
    to_png,
    wrap,
)
from filiere.report.labels import TEXT, edge_name, language_of, role_name

SMALL_NETWORK = 60  # nodes: every node is named, numbers included
LABEL_TOP = 40  # people named on a bigger chart, by key-player score
MAX_SCALE = 2.5  # layout px -> picture px per 1000 px of width: two linked people do not fill the page
MAX_HEIGHT = 2.2  # the chart's height, at most this many times its width
NUMBER_GREY = "#566573"
ARROW_COLOUR = EDGE_STYLES["gives_orders"][0]


def network_png(
    nodes: Sequence[ChartNode], edges: Sequence[ChartEdge], language: str, width_px: int = 2000
) -> bytes:
    """The chart of `nodes` and `edges` (as made by `report.html.chart_parts`) as PNG bytes `width_px`
    wide, with its legend in `language`; a small picture saying there is no link when no edge joins two
    of the nodes. The same input gives the same bytes."""
    language = language_of(language)
    width = picture_width(width_px)
    shown = {n.id: n for n in nodes}
    kept = sorted((e for e in edges if e.a in shown and e.b in shown and e.a != e.b), key=_edge_key)
    if not kept:
        return _empty(TEXT[language]["chart_empty"], width)
    pos = layout(list(shown), _pairs(kept))
    return _draw(shown, kept, pos, language, width)


def _empty(message: str, width: int) -> bytes:
    size = max(10, round(width / 55))
    face = font(size * SUPERSAMPLE)
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    lines = wrap(scratch, clean(message, 400), face, (width - 4 * size) * SUPERSAMPLE)
    height = (len(lines) * 1.5 + 2) * size
    image, draw = new_canvas(width, round(height))
    draw.rectangle([0, 0, image.width - 1, image.height - 1], outline="#d5d8dc", width=SUPERSAMPLE * 2)
    y = size * SUPERSAMPLE
    for line in lines:
        draw.text((image.width / 2, y), line, font=face, fill=NUMBER_GREY, anchor="mt")
        y += size * 1.5 * SUPERSAMPLE
    return to_png(image, width)


def _draw(
    shown: dict[str, ChartNode],
    edges: list[ChartEdge],
    pos: dict[str, tuple[float, float]],
    language: str,
    width: int,
) -> bytes:
    k = width / 1000
    text_px = max(10, round(width / 60))
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    pad = text_px * 1.5 + 24 * k
    scale = min((width - 2 * pad) / max(span_x, 1.0), MAX_SCALE * k)
    if span_y * scale > MAX_HEIGHT * width:
        scale = MAX_HEIGHT * width / span_y
    size_scale = min(max(scale, 0.6 * k), 1.0 * k)  # radii and line widths: readable, never huge
    left = (width - span_x * scale) / 2
    chart_height = span_y * scale + 2 * pad
    legend_rows, legend_height = _legend_rows(shown, edges, language, width, text_px)
    image, draw = new_canvas(width, round(chart_height + legend_height))
    s = SUPERSAMPLE

    def at(node: str) -> tuple[float, float]:
        x, y = pos[node]
        return ((left + (x - min(xs)) * scale) * s, (pad + (y - min(ys)) * scale) * s)

    unit = size_scale * s  # picture px (supersampled) per layout px for sizes
    _edges(draw, edges, shown, at, unit)
    order = sorted(shown, key=lambda i: (shown[i].kind == "person", shown[i].score, i))
    circles: list[Box] = []
    for node_id in order:
        node, (x, y), r = shown[node_id], at(node_id), radius(shown[node_id]) * unit
        if node.kind == "person":
            colour = ROLE_COLOURS.get(node.role, ROLE_COLOURS["unknown"])
            draw.ellipse(
                [x - r, y - r, x + r, y + r], fill=colour, outline="#ffffff", width=round(1.5 * unit)
            )
        else:
            draw.ellipse(
                [x - r, y - r, x + r, y + r], fill="#ffffff", outline=NUMBER_GREY, width=max(1, round(unit))
            )
        circles.append((x - r, y - r, x + r, y + r))
    _labels(
        draw,
        shown,
        at,
        unit,
        text_px * s,
        circles if len(shown) <= 150 else [],
        (image.width, chart_height * s),
    )
    _legend(draw, legend_rows, chart_height * s, text_px * s, unit, image.width)
    return to_png(image, width)


def _edges(draw: ImageDraw.ImageDraw, edges: list[ChartEdge], shown, at, unit: float) -> None:
    """One line per edge and kind; kinds between the same two nodes side by side, as on the HTML chart."""
    by_pair: dict[tuple[str, str], list[ChartEdge]] = defaultdict(list)
    for e in edges:
        by_pair[(min(e.a, e.b), max(e.a, e.b))].append(e)
    for (a, b), group in by_pair.items():
        (ax, ay), (bx, by) = at(a), at(b)
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = -(by - ay) / length, (bx - ax) / length
        for i, e in enumerate(group):
            shift = (i - (len(group) - 1) / 2) * 3.0 * unit
            (sx, sy), (tx, ty) = at(e.a), at(e.b)
            sx, sy, tx, ty = sx + nx * shift, sy + ny * shift, tx + nx * shift, ty + ny * shift
            colour, dash = EDGE_STYLES[style_key(e.kind)]
            line_width = (1.0 + min(3.0, math.log2(1.0 + max(e.weight, 0.0)) * 0.7)) * unit
            if e.kind == "gives_orders":
                cut = (radius(shown[e.b]) * unit + 1.5 * unit) / length
                tx, ty = tx - (tx - sx) * cut, ty - (ty - sy) * cut
                head = (4.0 + 2.5 * line_width / unit) * unit
                arrow_head(draw, (sx, sy), (tx, ty), head, ARROW_COLOUR)
                back = head * 0.8 / (math.hypot(tx - sx, ty - sy) or 1.0)
                tx, ty = tx - (tx - sx) * back, ty - (ty - sy) * back
            pattern = [float(v) * unit for v in dash.split()]
            dashed_line(draw, (sx, sy), (tx, ty), colour, max(1, round(line_width)), pattern)


def _labels(
    draw, shown: dict[str, ChartNode], at, unit: float, text_px: float, taken: list[Box], size
) -> None:
    """Names beside their node, the most important first; people always, numbers where there is room."""
    people = sorted((n for n in shown.values() if n.kind == "person"), key=lambda n: (-n.score, n.id))
    if len(shown) <= SMALL_NETWORK:
        others = sorted((n for n in shown.values() if n.kind != "person"), key=lambda n: (-n.score, n.id))
        chosen = people + others
    else:
        chosen = people[:LABEL_TOP]
    face, small = font(round(text_px)), font(round(text_px * 0.85))
    for node in chosen:
        person = node.kind == "person"
        text = clean(node.label)
        if not text:
            continue
        x, y = at(node.id)
        gap = radius(node) * unit + text_px * 0.35
        spot = place_label(draw, x, y, gap, text, face if person else small, taken, size, force=person)
        if spot:
            colour = "#1c2833" if person else NUMBER_GREY
            halo_text(draw, spot[0], text, face if person else small, colour, spot[1])


def _legend_items(shown: dict[str, ChartNode], edges: list[ChartEdge], language: str) -> list[list[tuple]]:
    """Groups of legend items: (kind of sample, style, text); the first item of a group is its title."""
    text = TEXT[language]
    counts = Counter(e.kind for e in edges)
    links: list[tuple] = [("title", None, text["legend_edges"])]
    for kind in sorted(counts, key=lambda k: (_kind_rank(k), k)):
        links.append(("edge", kind, f"{clean(edge_name(kind, language), 60)} ({counts[kind]})"))
    roles = sorted(
        {n.role for n in shown.values() if n.kind == "person"},
        key=lambda r: list(ROLE_COLOURS).index(r) if r in ROLE_COLOURS else len(ROLE_COLOURS),
    )
    nodes: list[tuple] = [("title", None, text["legend_roles"])]
    nodes += [("role", r, clean(role_name(r, language), 60)) for r in roles]
    for kind, key in (("number", "legend_number"), ("other", "legend_other")):
        if any(n.kind == kind for n in shown.values()):
            nodes.append(("hollow", None, text[key]))
    nodes.append(("size", None, WORDS[language]["node_size"]))
    return [links, nodes]


def _legend_rows(shown, edges, language: str, width: int, text_px: int) -> tuple[list[list[tuple]], float]:
    """The legend laid out in rows that fit the width: (x, kind, style, text) per item, and its height."""
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    s = SUPERSAMPLE
    face, bold = font(text_px * s), font(text_px * s, bold=True)
    sample = 2.6 * text_px * s
    limit = (width - 1.5 * text_px) * s
    rows: list[list[tuple]] = []
    for group in _legend_items(shown, edges, language):
        row: list[tuple] = []
        x = 1.5 * text_px * s
        for kind, style, label in group:
            room = 0.0 if kind == "title" else sample + 0.5 * text_px * s
            item_width = room + scratch.textlength(label, font=bold if kind == "title" else face)
            if row and x + item_width > limit:
                rows.append(row)
                row, x = [], 1.5 * text_px * s + sample * 0.5
            row.append((x, kind, style, label))
            x += item_width + 1.4 * text_px * s
        rows.append(row)
    return rows, (len(rows) * 1.7 + 1.2) * text_px


def _legend(
    draw: ImageDraw.ImageDraw, rows: list[list[tuple]], top: float, text_px: float, unit: float, width: int
) -> None:
    face, bold = font(round(text_px)), font(round(text_px), bold=True)
    draw.line([(text_px, top), (width - text_px, top)], fill="#d5d8dc", width=max(1, round(unit)))
    sample = 2.6 * text_px
    y = top + text_px * 1.2
    for row in rows:
        for x, kind, style, label in row:
            mid = y
            if kind == "title":
                draw.text((x, mid), label, font=bold, fill="#1c2833", anchor="lm")
                continue
            if kind == "edge":
                colour, dash = EDGE_STYLES[style_key(style)]
                end = x + sample - (text_px * 0.5 if style == "gives_orders" else 0)
                pattern = [float(v) * unit for v in dash.split()]
                dashed_line(draw, (x, mid), (end, mid), colour, max(1, round(2 * unit)), pattern)
                if style == "gives_orders":
                    arrow_head(draw, (x, mid), (x + sample, mid), text_px * 0.7, colour)
            elif kind == "role":
                r = text_px * 0.45
                cx = x + sample / 2
                draw.ellipse([cx - r, mid - r, cx + r, mid + r], fill=ROLE_COLOURS.get(style, "#aab7b8"))
            elif kind == "hollow":
                r, cx = text_px * 0.25, x + sample / 2
                draw.ellipse(
                    [cx - r, mid - r, cx + r, mid + r],
                    fill="#ffffff",
                    outline=NUMBER_GREY,
                    width=max(1, round(unit)),
                )
            elif kind == "size":
                for cx, r in ((x + sample * 0.2, text_px * 0.2), (x + sample * 0.65, text_px * 0.45)):
                    draw.ellipse([cx - r, mid - r, cx + r, mid + r], fill=ROLE_COLOURS["unknown"])
            draw.text((x + sample + 0.5 * text_px, mid), label, font=face, fill="#1c2833", anchor="lm")
        y += text_px * 1.7
