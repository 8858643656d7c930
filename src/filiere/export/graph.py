"""One graph for every graph export (GraphML, GEXF, i2 ANX, the entities/links tables): read once, here.

Nothing is recomputed: the nodes, typed edges, metrics, key-player ranking and roles are the ones
`network.analyze.analyze_network` computed for `filiere analyze` (docs/analyze.md), scores rounded as
`analyze` rounds them. Numbers nobody is known to use and labels of an imported link list are nodes too,
with their scores, so a Gephi user sees the whole picture the metrics were computed on.

Dates: an edge's first/last date is the one build_network keeps (calls and SMS: the first and last call
record of the pair, from the calls table; link lists: the row's date; text links have none). A node is
"seen" from the first to the last date of its dated edges. A person's evidence is every file that names
them (observations); another node's is the evidence of its edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from filiere.cases import Case
from filiere.network.analyze import analyze_network
from filiere.network.build import DIRECTED, Network
from filiere.store.tables import observations
from filiere.workspace import Workspace

# XML 1.0 refuses these characters even escaped; evidence text can hold them (a NUL in a CDR field)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry (so every XML export parses)."""
    return _NOT_XML.sub("", value)


@dataclass
class GraphNode:
    id: str  # node id of the network: "p19" (person 19), "n+22790000000" (number), "x<label>" (link list)
    type: str  # person | phone | other
    label: str
    entity: int | None = None  # the entity number of `filiere entity show` (people)
    aliases: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # numbers used (a phone node: its own number)
    subscriber_of: list[str] = field(default_factory=list)
    role: str = ""  # people: analyze's role; "" for other nodes
    community: int = 0
    degree: int = 0
    weighted_degree: float = 0.0
    betweenness: float = 0.0
    pagerank: float = 0.0
    key_player_score: float = 0.0
    key_player_rank: int | None = None  # people only, 1 = most important (as `analyze`)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    evidence: list[int] = field(default_factory=list)


@dataclass
class GraphEdge:
    source: str
    target: str
    kind: str  # call, sms, cooccurrence, travel, payment, talks_about, gives_orders, link:<type>
    directional: bool  # True: source acts on target (gives_orders); else the order means nothing
    weight: float
    first: datetime | None
    last: datetime | None
    evidence: list[int]


@dataclass
class CaseGraph:
    case: Case
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    network: Network

    def person_of_number(self, number: str | None) -> GraphNode | None:
        """The person known to use `number`, or None."""
        node = self.network.numbers.get(number or "")
        return self._by_id.get(node) if node in self.network.people else None

    def __post_init__(self) -> None:
        self._by_id = {n.id: n for n in self.nodes}


# Attribute name -> GraphML/GEXF type, in the order every writer declares them.
NODE_FIELDS: tuple[tuple[str, str], ...] = (
    ("label", "string"),
    ("type", "string"),
    ("entity", "int"),
    ("aliases", "string"),
    ("phones", "string"),
    ("subscriber_of", "string"),
    ("role", "string"),
    ("community", "int"),
    ("degree", "int"),
    ("weighted_degree", "double"),
    ("betweenness", "double"),
    ("pagerank", "double"),
    ("key_player_score", "double"),
    ("key_player_rank", "int"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("evidence", "string"),
)
EDGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("kind", "string"),
    ("directional", "boolean"),
    ("weight", "double"),
    ("first", "string"),
    ("last", "string"),
    ("evidence", "string"),
)
LIST_SEPARATOR = "; "


def flat(value: Any) -> Any:
    """A value as one typed cell: lists joined with "; ", dates in ISO 8601, text XML-safe; None stays."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value) if value else None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return xml_text(value) or None
    return value


def node_values(node: GraphNode) -> dict[str, Any]:
    """The node's attributes in NODE_FIELDS order, flattened; absent (None/empty) ones left out."""
    found = {name: flat(getattr(node, name)) for name, _type in NODE_FIELDS}
    return {k: v for k, v in found.items() if v is not None}


def edge_values(edge: GraphEdge) -> dict[str, Any]:
    found = {name: flat(getattr(edge, name)) for name, _type in EDGE_FIELDS}
    return {k: v for k, v in found.items() if v is not None}


def _person_evidence(ws: Workspace, case: Case) -> dict[int, list[int]]:
    found: dict[int, set[int]] = {}
    with ws.engine.connect() as conn:
        for entity_id, evidence_id in conn.execute(
            select(observations.c.entity_id, observations.c.evidence_id)
            .where(observations.c.case_id == case.id, observations.c.entity_id.is_not(None))
            .distinct()
        ):
            found.setdefault(entity_id, set()).add(evidence_id)
    return {k: sorted(v) for k, v in found.items()}


def _node_order(node_id: str, network: Network) -> tuple:
    if node_id in network.people:
        return (0, network.people[node_id]["entity"], "")
    return (1 if node_id.startswith("n") else 2, 0, node_id)


def gather_graph(ws: Workspace, case: Case) -> CaseGraph:
    """The case's network with every attribute the exports write (see the module docstring)."""
    analysed = analyze_network(ws, case)
    network, metrics, ranking = analysed.network, analysed.metrics, analysed.ranking
    score = {k.node: k.score for k in ranking}
    person_rank = {k.node: i + 1 for i, k in enumerate(k for k in ranking if k.node in network.people)}
    roles = {p["id"]: p["role"] for p in analysed.analysis["people"]}
    evidence_of = _person_evidence(ws, case)

    edges = [
        GraphEdge(
            source=e.source,
            target=e.target,
            kind=kind,
            directional=kind in DIRECTED,
            weight=float(e.weight),
            first=e.first,
            last=e.last,
            evidence=sorted(i for i in e.evidence if i),
        )
        for (_a, _b, kind), e in sorted(network.edges.items())
    ]
    seen: dict[str, list[datetime]] = {}
    edge_evidence: dict[str, set[int]] = {}
    for e in edges:
        for end in (e.source, e.target):
            seen.setdefault(end, []).extend(d for d in (e.first, e.last) if d)
            edge_evidence.setdefault(end, set()).update(e.evidence)

    nodes = []
    for node_id in sorted(network.nodes, key=lambda n: _node_order(n, network)):
        m = metrics[node_id]
        dates = seen.get(node_id, [])
        node = GraphNode(
            id=node_id,
            type="other",
            label=node_id[1:],
            community=m.community,
            degree=m.degree,
            weighted_degree=float(m.weighted_degree),
            betweenness=round(m.betweenness, 4),
            pagerank=round(m.pagerank, 5),
            key_player_score=round(score.get(node_id, 0.0), 4),
            first_seen=min(dates, default=None),
            last_seen=max(dates, default=None),
            evidence=sorted(edge_evidence.get(node_id, ())),
        )
        person = network.people.get(node_id)
        if person:
            node.type, node.label, node.entity = "person", person["name"], person["entity"]
            node.aliases, node.phones = list(person["aliases"]), list(person["phones"])
            node.subscriber_of = list(person["subscriber_of"])
            node.role = roles.get(person["entity"], "unknown")
            node.key_player_rank = person_rank.get(node_id)
            node.evidence = evidence_of.get(person["entity"], node.evidence)
        elif node_id.startswith("n"):
            node.type, node.phones = "phone", [node_id[1:]]
        nodes.append(node)
    return CaseGraph(case=case, nodes=nodes, edges=edges, network=network)
