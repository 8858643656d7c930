"""GraphML for Gephi, Cytoscape and yEd: the case graph with typed attributes on nodes and edges.

Every attribute is declared once as a <key> with its type (string, int, double, boolean), so numbers
arrive as numbers in Gephi's data laboratory and can size or colour nodes. The node attribute "label" is
the name Gephi and Cytoscape show.

Direction: the graph is written undirected (edgedefault="undirected"), like the metrics that rank the
people. A kind that has a direction (gives_orders) is written source -> target with the boolean edge
attribute "directional" set: a per-edge `directed="true"` would make a mixed graph that networkx refuses
to read and Gephi reads inconsistently. Several kinds between the same two nodes (call and SMS, say) are
parallel edges, each with its own kind, weight, dates and evidence.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from filiere.cases import Case
from filiere.export.graph import (
    EDGE_FIELDS,
    NODE_FIELDS,
    CaseGraph,
    edge_values,
    gather_graph,
    node_values,
    xml_text,
)
from filiere.export.result import ExportResult, write_xml
from filiere.workspace import Workspace

NS = "http://graphml.graphdrawing.org/xmlns"
SCHEMA = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_xml(graph: CaseGraph) -> ET.ElementTree:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml", {f"{{{XSI}}}schemaLocation": SCHEMA})
    keys: dict[tuple[str, str], str] = {}
    for domain, fields in (("node", NODE_FIELDS), ("edge", EDGE_FIELDS)):
        for name, kind in fields:
            key = f"{domain[0]}_{name}"
            keys[(domain, name)] = key
            ET.SubElement(
                root, f"{{{NS}}}key", {"id": key, "for": domain, "attr.name": name, "attr.type": kind}
            )
    body = ET.SubElement(
        root, f"{{{NS}}}graph", {"id": xml_text(graph.case.slug), "edgedefault": "undirected"}
    )
    for node in graph.nodes:
        element = ET.SubElement(body, f"{{{NS}}}node", {"id": xml_text(node.id)})
        for name, value in node_values(node).items():
            ET.SubElement(element, f"{{{NS}}}data", {"key": keys[("node", name)]}).text = _text(value)
    for i, edge in enumerate(graph.edges):
        element = ET.SubElement(
            body,
            f"{{{NS}}}edge",
            {"id": f"e{i}", "source": xml_text(edge.source), "target": xml_text(edge.target)},
        )
        for name, value in edge_values(edge).items():
            ET.SubElement(element, f"{{{NS}}}data", {"key": keys[("edge", name)]}).text = _text(value)
    tree = ET.ElementTree(root)
    ET.indent(tree, space=" ")
    return tree


def write(ws: Workspace, case: Case, out: Path) -> ExportResult:
    graph = gather_graph(ws, case)
    return write_xml(
        to_xml(graph), out, case.slug, "graphml", {"nodes": len(graph.nodes), "edges": len(graph.edges)}
    )
