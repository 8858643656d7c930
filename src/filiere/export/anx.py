"""i2 Analyst's Notebook chart exchange file (.anx): people, phones and their links, ready to open.

What is written (the subset of the published ANX description this export uses; tests/export/data/
anx_subset.xsd restates it as a schema and the tests validate every export against it):

- <Chart IdReferenceLinking="false">: link ends name entities by their EntityId.
- StrengthCollection: "Confirmed" (solid line) for links from records (calls, SMS, imported link lists),
  "Reported" (dashed) for links read in statements (named together, talks about, gives orders...).
- AttributeClassCollection: one class per attribute (AttText, AttNumber, AttTime), attached to the items
  through AttributeCollection/Attribute (role, aliases, phones, community, scores, rank, dates...).
- EntityTypeCollection: Person, Phone and Other, shown as icons (the standard i2 icons of those names).
- LinkTypeCollection: one link type per kind of edge (call, sms, cooccurrence...), with its colour.
- ChartItemCollection: an entity is ChartItem/End/Entity(EntityId, Identity)/Icon/IconStyle, with a
  CardCollection citing each evidence file; a link is ChartItem/Link(End1Id, End2Id)/LinkStyle, dated with
  the ChartItem's DateSet/DateTime (its first date) and with an arrow only for a directional kind.

Positions: a deterministic layout (Kamada-Kawai from a circle, a grid above LAYOUT_MAX nodes) so the chart
opens readable; analysts usually re-run i2's own layouts.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import igraph as ig
from sqlalchemy import select

from filiere.cases import Case
from filiere.export.graph import CaseGraph, GraphEdge, GraphNode, gather_graph, xml_text
from filiere.export.result import ExportResult, write_xml
from filiere.store.tables import evidence
from filiere.workspace import Workspace

LAYOUT_MAX = 400
SPACING = 120  # chart units between neighbours
ENTITY_TYPES = {"person": ("Person", "Person"), "phone": ("Phone", "Phone"), "other": ("Other", "General")}
RECORD_KINDS = ("call", "sms", "link:")  # "Confirmed" strength; the rest is read in statements
KIND_COLOURS = {  # RGB; ANX colours are COLORREF integers (red + 256 green + 65536 blue)
    "call": (52, 73, 94),
    "sms": (52, 152, 219),
    "cooccurrence": (166, 172, 175),
    "payment": (30, 132, 73),
    "travel": (230, 126, 34),
    "talks_about": (155, 89, 182),
    "gives_orders": (192, 57, 43),
}
LINK_COLOUR = (141, 110, 99)
# (attribute class name, ANX type, field of GraphNode / GraphEdge)
ENTITY_ATTRIBUTES = (
    ("Entity number", "AttNumber", "entity"),
    ("Role", "AttText", "role"),
    ("Aliases", "AttText", "aliases"),
    ("Phones", "AttText", "phones"),
    ("Subscriber of", "AttText", "subscriber_of"),
    ("Community", "AttNumber", "community"),
    ("Degree", "AttNumber", "degree"),
    ("Betweenness", "AttNumber", "betweenness"),
    ("PageRank", "AttNumber", "pagerank"),
    ("Key-player score", "AttNumber", "key_player_score"),
    ("Key-player rank", "AttNumber", "key_player_rank"),
    ("First seen", "AttTime", "first_seen"),
    ("Last seen", "AttTime", "last_seen"),
)
LINK_ATTRIBUTES = (
    ("Kind", "AttText", "kind"),
    ("Weight", "AttNumber", "weight"),
    ("First date", "AttTime", "first"),
    ("Last date", "AttTime", "last"),
    ("Evidence", "AttText", "evidence"),
)


def colour(rgb: tuple[int, int, int]) -> str:
    red, green, blue = rgb
    return str(red + 256 * green + 65536 * blue)


def anx_time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.000")


def _value(kind: str, value: object) -> str | None:
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, list):
        return xml_text("; ".join(str(v) for v in value))
    if isinstance(value, datetime):
        return anx_time(value)
    if kind == "AttNumber":
        return repr(float(value)) if isinstance(value, float) else str(value)
    return xml_text(str(value))


def positions(graph: CaseGraph) -> dict[str, tuple[int, int]]:
    """Deterministic chart coordinates for every node."""
    names = [n.id for n in graph.nodes]
    index = {n: i for i, n in enumerate(names)}
    n = len(names)
    if n == 0:
        return {}
    if n > LAYOUT_MAX:
        side = math.ceil(math.sqrt(n))
        return {name: ((i % side) * SPACING, (i // side) * SPACING) for i, name in enumerate(names)}
    pairs = {
        (min(index[e.source], index[e.target]), max(index[e.source], index[e.target])) for e in graph.edges
    }
    layout_graph = ig.Graph(n=n, edges=sorted(pairs))
    start = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    coords = layout_graph.layout_kamada_kawai(seed=start, maxiter=50 * n).coords if n > 1 else [[0.0, 0.0]]
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    scale = SPACING * math.sqrt(n) / (max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0)
    return {
        name: (round((x - min(xs)) * scale), round((y - min(ys)) * scale))
        for name, x, y in zip(names, xs, ys, strict=True)
    }


class _Builder:
    def __init__(self, graph: CaseGraph, files: dict[int, str]):
        self.graph = graph
        self.files = files
        self.root = ET.Element("Chart", {"IdReferenceLinking": "false"})
        self.class_ids: dict[str, str] = {}

    def header(self) -> None:
        strengths = ET.SubElement(self.root, "StrengthCollection")
        ET.SubElement(strengths, "Strength", {"Id": "S1", "Name": "Confirmed", "DotStyle": "DotStyleSolid"})
        ET.SubElement(strengths, "Strength", {"Id": "S2", "Name": "Reported", "DotStyle": "DotStyleDashed"})
        classes = ET.SubElement(self.root, "AttributeClassCollection")
        for i, (name, kind, _field) in enumerate((*ENTITY_ATTRIBUTES, *LINK_ATTRIBUTES), start=1):
            self.class_ids[name] = f"AC{i}"
            attrs = {"Id": f"AC{i}", "Name": name, "Type": kind, "ShowValue": "true", "Visible": "false"}
            if kind == "AttNumber":
                attrs["DecimalPlaces"] = "5"
            ET.SubElement(classes, "AttributeClass", attrs)
        types = ET.SubElement(self.root, "EntityTypeCollection")
        for i, (name, icon) in enumerate(ENTITY_TYPES.values(), start=1):
            ET.SubElement(
                types,
                "EntityType",
                {
                    "Id": f"ET{i}",
                    "Name": name,
                    "IconFile": icon,
                    "PreferredRepresentation": "RepresentAsIcon",
                },
            )
        links = ET.SubElement(self.root, "LinkTypeCollection")
        for i, kind in enumerate(sorted({e.kind for e in self.graph.edges}), start=1):
            rgb = LINK_COLOUR if kind.startswith("link:") else KIND_COLOURS.get(kind, LINK_COLOUR)
            ET.SubElement(links, "LinkType", {"Id": f"LT{i}", "Name": xml_text(kind), "Colour": colour(rgb)})

    def _attributes(self, item: ET.Element, source: object, spec) -> None:
        block = ET.SubElement(item, "AttributeCollection")
        for name, kind, field in spec:
            value = _value(kind, getattr(source, field))
            if value is not None:
                ET.SubElement(
                    block,
                    "Attribute",
                    {"AttributeClass": name, "AttributeClassReference": self.class_ids[name], "Value": value},
                )

    def entity(self, items: ET.Element, node: GraphNode, where: tuple[int, int]) -> None:
        item = ET.SubElement(items, "ChartItem", {"Label": xml_text(node.label), "XPosition": str(where[0])})
        end = ET.SubElement(item, "End", {"X": str(where[0]), "Y": str(where[1]), "Z": "0"})
        identity = xml_text(node.id)
        entity = ET.SubElement(
            end, "Entity", {"EntityId": identity, "Identity": identity, "LabelIsIdentity": "false"}
        )
        icon = ET.SubElement(entity, "Icon")
        ET.SubElement(icon, "IconStyle", {"Type": ENTITY_TYPES[node.type][0]})
        if node.evidence:
            cards = ET.SubElement(entity, "CardCollection")
            for number in node.evidence:
                source = xml_text(self.files.get(number, ""))
                ET.SubElement(
                    cards,
                    "Card",
                    {"Summary": f"evidence #{number}", "SourceReference": source, "SourceType": "Evidence"},
                )
        self._attributes(item, node, ENTITY_ATTRIBUTES)

    def link(self, items: ET.Element, edge: GraphEdge) -> None:
        weight = f"{edge.weight:g}"
        attrs = {"Label": xml_text(f"{edge.kind} ({weight})")}
        if edge.first:
            attrs.update({"DateSet": "true", "TimeSet": "true", "DateTime": anx_time(edge.first)})
        if edge.evidence:
            attrs["Description"] = "evidence " + ", ".join(f"#{i}" for i in edge.evidence)
        item = ET.SubElement(items, "ChartItem", attrs)
        link = ET.SubElement(item, "Link", {"End1Id": xml_text(edge.source), "End2Id": xml_text(edge.target)})
        ET.SubElement(
            link,
            "LinkStyle",
            {
                "Type": xml_text(edge.kind),
                "ArrowStyle": "ArrowOnHead" if edge.directional else "ArrowNone",
                "Strength": "Confirmed" if edge.kind.startswith(RECORD_KINDS) else "Reported",
                "LineWidth": str(max(1, min(5, 1 + int(math.log2(max(edge.weight, 1.0)))))),
                "MlStyle": "MultiplicityMultiple",
            },
        )
        self._attributes(item, edge, LINK_ATTRIBUTES)

    def build(self) -> ET.ElementTree:
        self.header()
        items = ET.SubElement(self.root, "ChartItemCollection")
        where = positions(self.graph)
        for node in self.graph.nodes:
            self.entity(items, node, where[node.id])
        for edge in self.graph.edges:
            self.link(items, edge)
        tree = ET.ElementTree(self.root)
        ET.indent(tree, space=" ")
        return tree


def to_xml(graph: CaseGraph, files: dict[int, str]) -> ET.ElementTree:
    """The chart; `files` names each evidence number's original file (for the entities' cards)."""
    return _Builder(graph, files).build()


def write(ws: Workspace, case: Case, out: Path) -> ExportResult:
    graph = gather_graph(ws, case)
    with ws.engine.connect() as conn:
        files = dict(
            conn.execute(
                select(evidence.c.id, evidence.c.original_name).where(evidence.c.case_id == case.id)
            ).all()
        )
    counts = {"entities": len(graph.nodes), "links": len(graph.edges)}
    return write_xml(to_xml(graph, files), out, case.slug, "anx", counts)
