"""Assemble the case's network from resolved people, their numbers, calls and the text that links them.

Nodes are people ("p<entity id>"), numbers no person is known to use ("n<E.164>") and labels of an
analyst's link list that match neither ("x<label>"). Edges keep their kind,
weight, first/last date and the evidence ids that make them:
- call / sms: aggregated in SQL (network.aggregate), then mapped from numbers to their users;
- cooccurrence: two people named in the same sentence;
- talks_about: the speaker of a turn and each person named in it;
- payment: two people named in a sentence that moves money, or the payer and payee of a stored payment
  (read from a FollowTheMoney file), found by number or name;
- link:<type>: a row of an imported link list (the *links* evidence kind).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, select

from filiere.extract.language import fold_text
from filiere.store.tables import entities, mentions, observations, turns


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    weight: float = 0.0
    first: datetime | None = None
    last: datetime | None = None
    evidence: set[int] = field(default_factory=set)

    def add(self, weight: float, first: datetime | None, last: datetime | None, evidence: set[int]) -> None:
        self.weight += weight
        self.first = min(filter(None, (self.first, first)), default=None)
        self.last = max(filter(None, (self.last, last)), default=None)
        self.evidence |= evidence


@dataclass
class Network:
    people: dict[str, dict[str, Any]]  # node id -> {"entity", "name", "aliases", "phones", "subscriber_of"}
    numbers: dict[str, str]  # E.164 -> node id of its user (a person, or the number's own node)
    edges: dict[tuple[str, str, str], Edge]
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def nodes(self) -> list[str]:
        found = set(self.people) | set(self.numbers.values())
        for a, b, _kind in self.edges:
            found |= {a, b}
        return sorted(found)

    def weighted_pairs(self) -> list[tuple[str, str, float]]:
        """One undirected weighted edge per pair (all kinds summed), for the metrics."""
        pairs: dict[tuple[str, str], float] = defaultdict(float)
        for (a, b, _kind), edge in self.edges.items():
            if a != b:
                pairs[(min(a, b), max(a, b))] += edge.weight
        return [(a, b, w) for (a, b), w in sorted(pairs.items())]


DIRECTED = {"gives_orders", "link:gives_orders"}  # kept from source to target; every other kind is symmetric


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(orders in a turn, movement in a sentence), from data/roles/{edges,movement}.yaml."""
    from filiere.data import DATA_DIR, load_yaml

    edges = load_yaml((DATA_DIR / "roles" / "edges.yaml").read_text(encoding="utf-8"))
    movement = load_yaml((DATA_DIR / "roles" / "movement.yaml").read_text(encoding="utf-8"))
    orders = re.compile(r"\b(?:" + "|".join(edges["orders"]) + r")\b")
    moves = re.compile(r"\b(?:" + "|".join(movement["movement"]) + r")\b")
    return orders, moves


def _add(edges: dict, a: str, b: str, kind: str, weight: float, first=None, last=None, evidence=()) -> None:
    if a == b:
        return
    if kind not in DIRECTED:
        a, b = min(a, b), max(a, b)
    edges.setdefault((a, b, kind), Edge(a, b, kind)).add(weight, first, last, set(evidence))


def _people(conn: Connection, case_id: int) -> tuple[dict[str, dict], dict[str, str]]:
    people: dict[str, dict] = {}
    users: dict[str, list[str]] = defaultdict(list)
    for row in conn.execute(select(entities).where(entities.c.case_id == case_id).order_by(entities.c.id)):
        node = f"p{row.id}"
        phones = row.details["phones"]
        people[node] = {
            "entity": row.id,
            "name": row.name,
            "aliases": row.details["aliases"],
            "phones": sorted(n for n, links in phones.items() if "user" in links),
            "subscriber_of": sorted(n for n, links in phones.items() if "subscriber" in links),
        }
        for number, links in phones.items():
            if "user" in links:
                users[number].append(node)
    # a number used by several people (a shared SIM) stays linked to the first; all users are reported
    numbers = {number: nodes[0] for number, nodes in users.items()}
    return people, numbers


def build_network(conn: Connection, case_id: int) -> Network:
    from filiere.network.aggregate import call_edges

    people, numbers = _people(conn, case_id)
    edges: dict[tuple[str, str, str], Edge] = {}
    network = Network(people, numbers, edges)
    summary = None
    for item in call_edges(conn, case_id):
        if not hasattr(item, "a"):
            summary = item
            continue
        a = numbers.setdefault(item.a, f"n{item.a}")
        b = numbers.setdefault(item.b, f"n{item.b}")
        if item.calls:
            _add(edges, a, b, "call", item.calls, item.first, item.last, item.evidence_ids)
        if item.sms:
            _add(edges, a, b, "sms", item.sms, item.first, item.last, item.evidence_ids)
    if summary is not None:
        network.skipped = dict(vars(summary)) if hasattr(summary, "__dict__") else {"summary": str(summary)}
    _text_edges(conn, case_id, edges)
    _link_edges(conn, case_id, network)
    _payment_edges(conn, case_id, network)
    return network


def _payment_edges(conn: Connection, case_id: int, network: Network) -> None:
    """Stored payments between two known people (by the number they use, else by name or alias)."""
    from filiere.ingest.datetimes import parse_datetime
    from filiere.network.payments import PeopleIndex, stored_payments

    index = PeopleIndex(network.people, network.numbers)
    for payment in stored_payments(conn, case_id):
        payer = index.node(payment.payer, payment.payer_phone)
        payee = index.node(payment.payee, payment.payee_phone)
        if payer is None or payee is None:
            continue
        parsed = parse_datetime(payment.time) if payment.time else None
        when = datetime.combine(parsed[0], parsed[1] or datetime.min.time()) if parsed else None
        _add(network.edges, payer, payee, "payment", 1.0, when, when, {payment.evidence})


def _link_edges(conn: Connection, case_id: int, network: Network) -> None:
    """Links from an analyst's list: each end is a known person (by name or alias), a number, or a label."""
    from filiere.extract.language import fold_text
    from filiere.model.phones import normalise_phone
    from filiere.store.tables import cases, links

    region = conn.execute(select(cases.c.country).where(cases.c.id == case_id)).scalar()
    by_name = {
        fold_text(n).strip(): node for node, p in network.people.items() for n in (p["name"], *p["aliases"])
    }

    def node_of(label: str) -> str:
        number = normalise_phone(label, region) if any(c.isdigit() for c in label) else None
        if number:
            return network.numbers.setdefault(number, f"n{number}")
        return by_name.get(fold_text(label).strip(), f"x{label}")

    for r in conn.execute(select(links).where(links.c.case_id == case_id)):
        _add(
            network.edges,
            node_of(r.source),
            node_of(r.target),
            f"link:{r.type or 'association'}",
            r.weight,
            r.date,
            r.date,
            {r.evidence_id},
        )


def _text_edges(conn: Connection, case_id: int, edges: dict) -> None:
    rows = conn.execute(
        select(
            mentions.c.evidence_id,
            mentions.c.page_no,
            mentions.c.sentence_start,
            mentions.c.turn_id,
            observations.c.entity_id,
            observations.c.kind,
        )
        .join(observations, observations.c.mention_id == mentions.c.id)
        .where(mentions.c.case_id == case_id, observations.c.entity_id.is_not(None))
    ).all()
    by_sentence: dict[tuple, set[str]] = defaultdict(set)
    speakers_by_turn: dict[int, str] = {}
    named_by_turn: dict[int, set[str]] = defaultdict(set)
    evidence_of: dict[tuple, int] = {}
    for r in rows:
        node = f"p{r.entity_id}"
        if r.kind == "speaker" and r.turn_id is not None:
            speakers_by_turn[r.turn_id] = node
            continue
        key = (r.evidence_id, r.page_no, r.sentence_start)
        by_sentence[key].add(node)
        evidence_of[key] = r.evidence_id
        if r.turn_id is not None:
            named_by_turn[r.turn_id].add(node)
    money_sentences = set(
        conn.execute(
            select(mentions.c.evidence_id, mentions.c.page_no, mentions.c.sentence_start).where(
                mentions.c.case_id == case_id, mentions.c.type == "money"
            )
        ).all()
    )
    orders, moves = _patterns()
    pages = _page_texts(conn, {key[:2] for key, nodes in by_sentence.items() if len(nodes) > 1})
    for key, nodes in by_sentence.items():
        ordered = sorted(nodes)
        kind = "payment" if tuple(key) in money_sentences else "cooccurrence"
        page = pages.get(key[:2], "")
        sentence_end = page.find("\n", key[2])
        if kind == "cooccurrence" and moves.search(
            fold_text(page[key[2] : sentence_end if sentence_end > 0 else None])
        ):
            kind = "travel"
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                _add(edges, a, b, kind, 1.0, evidence={evidence_of[key]})
    turn_evidence = dict(
        conn.execute(
            select(turns.c.id, turns.c.evidence_id).where(turns.c.id.in_(list(speakers_by_turn) or [-1]))
        ).all()
    )
    _order_edges(conn, speakers_by_turn, turn_evidence, orders, edges)
    for turn_id, speaker in speakers_by_turn.items():
        for named in named_by_turn.get(turn_id, ()):
            _add(edges, speaker, named, "talks_about", 1.0, evidence={turn_evidence.get(turn_id, 0)})


def _page_texts(conn: Connection, keys: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    from filiere.store.tables import evidence_pages

    out = {}
    for evidence_id, page_no in keys:
        out[(evidence_id, page_no)] = (
            conn.execute(
                select(evidence_pages.c.text).where(
                    evidence_pages.c.evidence_id == evidence_id, evidence_pages.c.page_no == page_no
                )
            ).scalar()
            or ""
        )
    return out


def _order_edges(
    conn: Connection,
    speakers_by_turn: dict[int, str],
    turn_evidence: dict[int, int],
    orders: re.Pattern[str],
    edges: dict,
) -> None:
    """In an intercepted call, a speaker whose turn gives an order to the other party: "gives_orders"."""
    by_call: dict[int, set[str]] = defaultdict(set)
    for turn_id, speaker in speakers_by_turn.items():
        by_call[turn_evidence.get(turn_id, 0)].add(speaker)
    texts = dict(
        conn.execute(
            select(turns.c.id, turns.c.text).where(turns.c.id.in_(list(speakers_by_turn) or [-1]))
        ).all()
    )
    for turn_id, speaker in speakers_by_turn.items():
        evidence_id = turn_evidence.get(turn_id, 0)
        others = by_call[evidence_id] - {speaker}
        if len(others) == 1 and orders.search(fold_text(texts.get(turn_id, ""))):
            _add(edges, speaker, next(iter(others)), "gives_orders", 1.0, evidence={evidence_id})
