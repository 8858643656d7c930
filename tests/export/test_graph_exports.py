"""GraphML, GEXF and i2 ANX exports of a generated case, read back with igraph, networkx and an XSD."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import igraph as ig
import networkx as nx
import pytest

from filiere.cases import get_case
from filiere.export.graph import gather_graph
from filiere.network.analyze import analyze_case
from filiere.network.build import build_network
from tests.conftest import BACKENDS
from tests.export.casebuild import build_cases

XSD = Path(__file__).parent / "data" / "anx_subset.xsd"


@pytest.fixture(scope="module", params=BACKENDS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    yield from build_cases(request, tmp_path_factory.mktemp("graph-exports"))


@pytest.fixture(scope="module")
def expected(built):
    """What the exports must hold: the gathered graph, build_network's network and the analysis."""
    _cli, ws = built
    case = get_case(ws, "gen")
    with ws.engine.connect() as conn:
        network = build_network(conn, case.id)
    return gather_graph(ws, case), network, analyze_case(ws, case)


def test_graph_matches_the_network_and_the_analysis(expected) -> None:
    graph, network, analysis = expected
    assert len(graph.nodes) == len(network.nodes) > 20
    assert len(graph.edges) == len(network.edges) > 20
    assert {n.type for n in graph.nodes} >= {"person", "phone"}
    people = {n.entity: n for n in graph.nodes if n.type == "person"}
    for p in analysis["people"]:
        node = people[p["id"]]
        assert (node.label, node.role, node.community, node.key_player_rank) == (
            p["name"],
            p["role"],
            p["community"],
            p["rank"],
        )
        assert (node.degree, node.betweenness, node.pagerank) == (
            p["scores"]["degree"],
            p["scores"]["betweenness"],
            p["scores"]["pagerank"],
        )
    calls = [e for e in graph.edges if e.kind == "call"]
    assert calls and all(e.first and e.last and e.first <= e.last and e.evidence for e in calls)
    dated = [n for n in graph.nodes if n.first_seen]
    assert dated and all(n.first_seen <= n.last_seen for n in dated)


def test_graphml_loads_in_igraph_and_networkx_with_the_same_counts(built, expected, tmp_path: Path) -> None:
    cli, _ws = built
    graph, network, analysis = expected
    out = cli("export", "--case", "gen", "-o", tmp_path / "gen.graphml", "--json").json()
    assert out["format"] == "graphml"
    assert out["counts"] == {"nodes": len(network.nodes), "edges": len(network.edges)}
    path = tmp_path / "gen.graphml"

    loaded = nx.read_graphml(path)
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (len(network.nodes), len(network.edges))
    assert not loaded.is_directed()
    top = next(p for p in analysis["people"] if p["rank"] == 1)
    node = loaded.nodes[f"p{top['id']}"]
    assert node["label"] == top["name"] and node["type"] == "person" and node["role"] == top["role"]
    assert isinstance(node["pagerank"], float) and node["pagerank"] == top["scores"]["pagerank"]
    assert isinstance(node["degree"], int) and node["entity"] == top["id"]
    kinds = {d["kind"] for _a, _b, d in loaded.edges(data=True)}
    assert kinds == {e.kind for e in graph.edges}
    assert all(isinstance(d["directional"], bool) for _a, _b, d in loaded.edges(data=True))

    other = ig.Graph.Read_GraphML(str(path))
    assert (other.vcount(), other.ecount()) == (len(network.nodes), len(network.edges))
    assert set(other.vs["id"]) == set(network.nodes)
    assert {"label", "role", "pagerank", "community"} <= set(other.vs.attributes())
    assert all(isinstance(v, float) for v in other.vs["pagerank"])


def test_gexf_loads_in_networkx_with_typed_attributes(built, expected, tmp_path: Path) -> None:
    cli, _ws = built
    graph, network, _analysis = expected
    cli("export", "--case", "gen", "--format", "gexf", "-o", tmp_path / "chart.gexf")
    loaded = nx.read_gexf(tmp_path / "chart.gexf", version="1.3")
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (len(network.nodes), len(network.edges))
    by_id = {n.id: n for n in graph.nodes}
    for node_id, data in loaded.nodes(data=True):
        assert data["label"] == by_id[node_id].label
        assert isinstance(data["pagerank"], float) and isinstance(data["community"], int)
    weights = sorted(d["weight"] for _a, _b, d in loaded.edges(data=True))
    assert weights == sorted(e.weight for e in graph.edges)
    assert {d["label"] for _a, _b, d in loaded.edges(data=True)} == {e.kind for e in graph.edges}


def test_anx_chart_is_complete_and_valid(built, expected, tmp_path: Path) -> None:
    cli, _ws = built
    graph, network, _analysis = expected
    cli("export", "--case", "gen", "-o", tmp_path / "chart.anx")
    root = ET.parse(tmp_path / "chart.anx").getroot()
    assert root.tag == "Chart" and root.get("IdReferenceLinking") == "false"
    entities = {e.get("EntityId"): e for e in root.iter("Entity")}
    links = list(root.iter("Link"))
    assert len(entities) == len(network.nodes) and len(links) == len(network.edges)
    assert all(link.get("End1Id") in entities and link.get("End2Id") in entities for link in links)
    types = {t.get("Name") for t in root.iter("EntityType")}
    assert types >= {"Person", "Phone"}
    assert {s.get("Type") for s in root.iter("IconStyle")} <= types
    link_types = {t.get("Name") for t in root.iter("LinkType")}
    assert {s.get("Type") for s in root.iter("LinkStyle")} == link_types == {e.kind for e in graph.edges}
    classes = {c.get("Name"): c.get("Type") for c in root.iter("AttributeClass")}
    assert classes["Role"] == "AttText" and classes["PageRank"] == "AttNumber"
    assert {a.get("AttributeClass") for a in root.iter("Attribute")} <= set(classes)

    entity_items = {
        i.find("End/Entity").get("EntityId"): i for i in root.iter("ChartItem") if i.find("End") is not None
    }
    link_items = {}
    for item in root.iter("ChartItem"):
        if item.find("Link") is not None:
            link, style = item.find("Link"), item.find("Link/LinkStyle")
            link_items[(link.get("End1Id"), link.get("End2Id"), style.get("Type"))] = item
    for edge in graph.edges:
        item = link_items[(edge.source, edge.target, edge.kind)]
        arrow = item.find("Link/LinkStyle").get("ArrowStyle")
        assert arrow == ("ArrowOnHead" if edge.kind == "gives_orders" else "ArrowNone")
        if edge.first:
            assert item.get("DateSet") == "true" and item.get("DateTime").startswith(edge.first.isoformat())
    person = next(n for n in graph.nodes if n.type == "person" and n.key_player_rank == 1)
    values = {a.get("AttributeClass"): a.get("Value") for a in entity_items[person.id].iter("Attribute")}
    assert values["Role"] == person.role and float(values["PageRank"]) == person.pagerank
    assert entity_items[person.id].get("Label") == person.label


def test_anx_validates_against_the_subset_schema(built, tmp_path: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    cli, _ws = built
    cli("export", "--case", "gen", "-o", tmp_path / "chart.anx")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.parse(str(tmp_path / "chart.anx"))
    assert schema.validate(document), schema.error_log
    document.find(".//Link").set("End1Id", "nobody")  # the schema itself must catch a dangling link
    assert not schema.validate(document)
