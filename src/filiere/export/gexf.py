"""GEXF 1.3 (Gephi's own format): the case graph, static, with typed attribute columns.

Nodes carry their label natively and the other attributes as declared <attributes> columns (string,
integer, double, boolean), so Gephi's Appearance and Filters panels treat scores as numbers. Edges carry
their weight natively (Gephi sizes them by it), their kind as the edge `label`, and the same attribute
columns as the GraphML export.

Direction, as in GraphML: the graph is undirected (defaultedgetype="undirected"); a kind with a direction
(gives_orders) is written source -> target with the "directional" attribute true. Parallel edges (two
kinds between the same pair) get their own id, as GEXF 1.3 allows.

Time: the graph is static (no `start`/`end`): Gephi's timeline would hide every undated edge (text
links have no date). First and last dates are plain attributes instead.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

from filiere import __version__
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

NS = "http://gexf.net/1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
TYPES = {"string": "string", "int": "integer", "double": "double", "boolean": "boolean"}
NATIVE_NODE = {"label"}  # written as the node's own attribute, not as a column
NATIVE_EDGE = {"weight"}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _columns(parent: ET.Element, domain: str, fields, native: set[str]) -> dict[str, str]:
    block = ET.SubElement(parent, f"{{{NS}}}attributes", {"class": domain, "mode": "static"})
    ids = {}
    for name, kind in fields:
        if name in native:
            continue
        ids[name] = name
        ET.SubElement(block, f"{{{NS}}}attribute", {"id": name, "title": name, "type": TYPES[kind]})
    return ids


def _values(parent: ET.Element, values: dict, ids: dict[str, str]) -> None:
    block = ET.SubElement(parent, f"{{{NS}}}attvalues")
    for name, value in values.items():
        if name in ids:
            ET.SubElement(block, f"{{{NS}}}attvalue", {"for": ids[name], "value": _text(value)})


def to_xml(graph: CaseGraph) -> ET.ElementTree:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}gexf", {f"{{{XSI}}}schemaLocation": SCHEMA, "version": "1.3"})
    meta = ET.SubElement(root, f"{{{NS}}}meta", {"lastmodifieddate": datetime.now(UTC).date().isoformat()})
    ET.SubElement(meta, f"{{{NS}}}creator").text = f"Filière {__version__}"
    ET.SubElement(meta, f"{{{NS}}}description").text = xml_text(
        f"{graph.case.slug}: {graph.case.title}".strip(": ")
    )
    body = ET.SubElement(root, f"{{{NS}}}graph", {"defaultedgetype": "undirected", "mode": "static"})
    node_ids = _columns(body, "node", NODE_FIELDS, NATIVE_NODE)
    edge_ids = _columns(body, "edge", EDGE_FIELDS, NATIVE_EDGE)
    nodes = ET.SubElement(body, f"{{{NS}}}nodes", {"count": str(len(graph.nodes))})
    for node in graph.nodes:
        element = ET.SubElement(
            nodes, f"{{{NS}}}node", {"id": xml_text(node.id), "label": xml_text(node.label)}
        )
        _values(element, node_values(node), node_ids)
    edges = ET.SubElement(body, f"{{{NS}}}edges", {"count": str(len(graph.edges))})
    for i, edge in enumerate(graph.edges):
        attrs = {
            "id": f"e{i}",
            "source": xml_text(edge.source),
            "target": xml_text(edge.target),
            "label": xml_text(edge.kind),
            "weight": repr(float(edge.weight)),
        }
        element = ET.SubElement(edges, f"{{{NS}}}edge", attrs)
        _values(element, edge_values(edge), edge_ids)
    tree = ET.ElementTree(root)
    ET.indent(tree, space=" ")
    return tree


def write(ws: Workspace, case: Case, out: Path) -> ExportResult:
    graph = gather_graph(ws, case)
    return write_xml(
        to_xml(graph), out, case.slug, "gexf", {"nodes": len(graph.nodes), "edges": len(graph.edges)}
    )
