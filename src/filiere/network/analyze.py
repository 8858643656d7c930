"""`filiere analyze`: the network, who matters, who does what, when and where — one JSON contract.

The contract is documented in docs/analyze.md; keep it stable. This module only gathers what the
stages before it stored (entities, observations, mentions, calls) and hands it to the analysis modules.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from filiere.cases import Case
from filiere.extract.language import fold_text
from filiere.ingest.datetimes import parse_date
from filiere.network.build import Network, build_network
from filiere.network.keyplayers import KeyPlayer, rank_key_players
from filiere.network.metrics import NodeMetrics, compute_metrics
from filiere.network.payments import SENTENCE_END, Payment, stored_payments, text_payments
from filiere.network.roles import PersonFacts, Sentence, infer_role
from filiere.network.route import PlaceMention, RouteStop, build_route
from filiere.network.timeline import CallRow, EventRow, PaymentRow, build_timeline
from filiere.store.tables import calls, evidence, evidence_pages, mentions, observations, turns
from filiere.workspace import Workspace

MINOR_AGE = 18


def _document_dates(conn: Connection, case_id: int) -> dict[int, date | None]:
    rows = conn.execute(select(evidence.c.id, evidence.c.details).where(evidence.c.case_id == case_id)).all()
    out = {}
    for row in rows:
        value = ((row.details or {}).get("header") or {}).get("date")
        out[row.id] = parse_date(value) if value else None
    return out


def _pages(conn: Connection, case_id: int) -> dict[tuple[int, int], str]:
    rows = conn.execute(
        select(evidence_pages.c.evidence_id, evidence_pages.c.page_no, evidence_pages.c.text)
        .join(evidence, evidence.c.id == evidence_pages.c.evidence_id)
        .where(evidence.c.case_id == case_id, evidence.c.kind != "document")
    ).all()
    return {(r.evidence_id, r.page_no): r.text for r in rows}


def _sentence_mentions(conn: Connection, case_id: int) -> dict[tuple, list[tuple[str, str, Any]]]:
    found: dict[tuple, list] = defaultdict(list)
    for r in conn.execute(
        select(
            mentions.c.evidence_id,
            mentions.c.page_no,
            mentions.c.sentence_start,
            mentions.c.type,
            mentions.c.text,
            mentions.c.value,
        ).where(mentions.c.case_id == case_id)
    ):
        found[(r.evidence_id, r.page_no, r.sentence_start)].append((r.type, r.text, r.value))
    return found


def _facts(
    conn: Connection, case_id: int, network: Network, pages: dict, dates: dict
) -> dict[str, PersonFacts]:
    by_sentence = _sentence_mentions(conn, case_id)
    known = frozenset(
        fold_text(name).strip()
        for p in network.people.values()
        for name in [p["name"], *p["aliases"]]
        if name and name.strip()
    )
    facts = {
        node: PersonFacts(id=node, names=[p["name"], *p["aliases"]], known_names=known)
        for node, p in network.people.items()
    }
    rows = conn.execute(
        select(
            observations.c.entity_id,
            observations.c.kind,
            observations.c.evidence_id,
            mentions.c.page_no,
            mentions.c.sentence_start,
            mentions.c.sentence_end,
            mentions.c.turn_id,
        )
        .join(mentions, mentions.c.id == observations.c.mention_id)
        .where(observations.c.case_id == case_id)
    ).all()
    turn_text = {
        r.id: r.text
        for r in conn.execute(
            select(turns.c.id, turns.c.text)
            .join(evidence, evidence.c.id == turns.c.evidence_id)
            .where(evidence.c.case_id == case_id)
        )
    }
    turn_mentions: dict[int, list] = defaultdict(list)
    for r in conn.execute(
        select(mentions.c.turn_id, mentions.c.type, mentions.c.text, mentions.c.value).where(
            mentions.c.case_id == case_id, mentions.c.turn_id.is_not(None)
        )
    ):
        turn_mentions[r.turn_id].append((r.type, r.text, r.value))
    seen: set[tuple] = set()
    spoken_by: dict[int, tuple[str, int]] = {}  # turn -> (speaker node, evidence)
    for r in rows:
        node = f"p{r.entity_id}"
        if node not in facts:
            continue
        if r.kind == "speaker" and r.turn_id in turn_text and (node, "t", r.turn_id) not in seen:
            seen.add((node, "t", r.turn_id))
            spoken_by[r.turn_id] = (node, r.evidence_id)
            facts[node].said.append(
                Sentence(turn_text[r.turn_id], r.evidence_id, True, turn_mentions.get(r.turn_id, []))
            )
            continue
        page = pages.get((r.evidence_id, r.page_no))
        key = (node, r.evidence_id, r.page_no, r.sentence_start)
        if page is None or key in seen:
            continue
        seen.add(key)
        facts[node].sentences.append(
            Sentence(
                page[r.sentence_start : _with_pronoun_sentence(page, r.sentence_end)],
                r.evidence_id,
                False,
                by_sentence.get((r.evidence_id, r.page_no, r.sentence_start), []),
            )
        )
    _addressed(conn, case_id, network, facts, spoken_by, turn_text, turn_mentions)
    _heard(conn, case_id, facts, dates)
    _call_counts(conn, case_id, network, facts)
    for (a, b, kind), _edge in network.edges.items():
        if kind == "gives_orders" and a in facts and b in network.people:
            facts[a].orders_to += 1
        if kind in ("call", "sms"):
            for node in (a, b):
                if node in facts:
                    facts[node].contacts += 1
    return facts


def _addressed(
    conn: Connection,
    case_id: int,
    network: Network,
    facts: dict[str, PersonFacts],
    spoken_by: dict[int, tuple[str, int]],
    turn_text: dict[int, str],
    turn_mentions: dict[int, list],
) -> None:
    """In an intercepted call a turn is spoken TO the other party: "tu charges demain" is the callee's act
    when the caller says it. The parties are the speakers of the call's turns and the users of its two
    numbers; a turn goes to the listener only when the call has exactly one other party."""
    parties: dict[int, set[str]] = defaultdict(set)
    for node, evidence_id in spoken_by.values():
        parties[evidence_id].add(node)
    for r in conn.execute(
        select(calls.c.evidence_id, calls.c.caller_e164, calls.c.callee_e164)
        .join(evidence, evidence.c.id == calls.c.evidence_id)
        .where(calls.c.case_id == case_id, evidence.c.kind == "transcript")
    ):
        for number in (r.caller_e164, r.callee_e164):
            node = network.numbers.get(number or "")
            if node in facts:
                parties[r.evidence_id].add(node)
    for turn_id, (speaker, evidence_id) in sorted(spoken_by.items()):
        others = parties[evidence_id] - {speaker}
        if len(others) == 1:
            (listener,) = others
            facts[listener].heard.append(
                Sentence(turn_text[turn_id], evidence_id, False, turn_mentions.get(turn_id, []), True)
            )


def _call_counts(conn: Connection, case_id: int, network: Network, facts: dict[str, PersonFacts]) -> None:
    """Calls made and received per person, from the call records' direction."""
    for r in conn.execute(
        select(calls.c.caller_e164, calls.c.callee_e164, func.count())
        .where(calls.c.case_id == case_id, calls.c.caller_e164 != calls.c.callee_e164)
        .group_by(calls.c.caller_e164, calls.c.callee_e164)
    ):
        caller, callee = network.numbers.get(r[0] or ""), network.numbers.get(r[1] or "")
        if caller in facts:
            facts[caller].calls_made += int(r[2])
        if callee in facts:
            facts[callee].calls_received += int(r[2])


def _heard(conn: Connection, case_id: int, facts: dict[str, PersonFacts], dates: dict) -> None:
    rows = conn.execute(
        select(observations.c.entity_id, evidence.c.id, evidence.c.details)
        .join(evidence, evidence.c.id == observations.c.evidence_id)
        .where(observations.c.case_id == case_id, observations.c.kind == "heard")
    ).all()
    for r in rows:
        node = f"p{r.entity_id}"
        header = (r.details or {}).get("header") or {}
        if node not in facts:
            continue
        facts[node].heard_status = header.get("status")
        born = parse_date(header["birth_date"]) if header.get("birth_date") else None
        heard_on = dates.get(r.id)
        if born and heard_on:
            age = heard_on.year - born.year - ((heard_on.month, heard_on.day) < (born.month, born.day))
            facts[node].minor = age < MINOR_AGE


def _timeline(
    conn: Connection, case_id: int, network: Network, by_sentence: dict, dates: dict, pages: dict
) -> list[dict]:
    def who(number: str | None) -> str | None:
        node = network.numbers.get(number or "")
        return network.people[node]["name"] if node in network.people else number

    call_rows = [
        CallRow(
            r.started_at,
            who(r.caller_e164) or r.caller_raw,
            who(r.callee_e164) or r.callee_raw,
            r.evidence_id,
            r.duration_s,
            "sms" if r.call_type == "sms" else "call",
        )
        for r in conn.execute(
            select(calls)
            .join(evidence, evidence.c.id == calls.c.evidence_id)
            .where(calls.c.case_id == case_id, evidence.c.kind == "transcript")
        )
    ]
    payments = [
        PaymentRow(
            p.time,
            p.payer or p.payer_phone,
            p.payee or p.payee_phone,
            p.amount,
            p.currency,
            p.evidence,
            p.channel,
        )
        for p in text_payments(by_sentence, dates, pages) + stored_payments(conn, case_id)
    ]
    events = [
        EventRow(dates.get(r.id), f"{r.kind}: {r.original_name}", r.id)
        for r in conn.execute(
            select(evidence.c.id, evidence.c.kind, evidence.c.original_name).where(
                evidence.c.case_id == case_id, evidence.c.kind == "interview"
            )
        )
    ]
    return [item.as_dict() for item in build_timeline(call_rows, payments, (), events)]


def case_payments(conn: Connection, case_id: int) -> list[Payment]:
    """Every payment of the case, as the timeline has them: told in sentences, then stored records."""
    by_sentence = _sentence_mentions(conn, case_id)
    told = text_payments(by_sentence, _document_dates(conn, case_id), _pages(conn, case_id))
    return told + stored_payments(conn, case_id)


def _identity_blocks(conn: Connection, case_id: int) -> dict[int, int]:
    """Where each hearing record's statement starts: places before it are birth places, not stops."""
    rows = conn.execute(
        select(evidence.c.id, evidence.c.details).where(
            evidence.c.case_id == case_id, evidence.c.kind == "interview"
        )
    ).all()
    return {r.id: int((r.details or {}).get("statement_start") or 0) for r in rows}


def _route(conn: Connection, case_id: int, pages: dict, dates: dict) -> list[str]:
    return [stop.name for stop in _route_stops(conn, case_id, pages, dates)]


def route_stops(ws: Workspace, case: Case) -> list[RouteStop]:
    """The route's stops with coordinates, first date and evidence (the web map); `analyze` keeps names."""
    with ws.engine.connect() as conn:
        return _route_stops(conn, case.id, _pages(conn, case.id), _document_dates(conn, case.id))


def _route_stops(conn: Connection, case_id: int, pages: dict, dates: dict) -> list[RouteStop]:
    rows = conn.execute(
        select(mentions)
        .where(mentions.c.case_id == case_id, mentions.c.type == "place")
        .order_by(mentions.c.evidence_id, mentions.c.page_no, mentions.c.start_char)
    ).all()
    identity = _identity_blocks(conn, case_id)
    hearings = set(
        conn.execute(
            select(evidence.c.id).where(evidence.c.case_id == case_id, evidence.c.kind == "interview")
        ).scalars()
    )
    places = []
    for r in rows:
        value = r.value or {}
        page = pages.get((r.evidence_id, r.page_no))
        if not value.get("id") or value.get("kind") == "country" or page is None:
            continue
        if r.page_no == 1 and r.start_char < identity.get(r.evidence_id, 0):
            continue
        sentence = page[r.sentence_start : r.sentence_end]
        places.append(
            PlaceMention(
                value["id"],
                value.get("name") or r.text,
                value.get("lat"),
                value.get("lon"),
                dates.get(r.evidence_id),
                r.evidence_id,
                sentence,
                r.start_char - r.sentence_start,
                r.evidence_id in hearings,
            )
        )
    return build_route(places)


_PRONOUN_OPENS = re.compile(r"\s*(?:Elle|Il|She|He)\b")
_SENTENCE_END = SENTENCE_END


def _with_pronoun_sentence(page: str, end: int) -> int:
    """A witness names someone, then goes on with "she": "They took me to Leila MANSOURI. She made us
    work…". The next sentence, when it opens with a third-person pronoun, is read with the one that names
    the person (the reader takes a pronoun for the last name before it)."""
    if not _PRONOUN_OPENS.match(page, end):
        return end
    found = _SENTENCE_END.search(page, end + 1)
    return found.end() if found else len(page)


@dataclass(frozen=True)
class CaseNetwork:
    """The analysis with what it was computed from, for the callers that need both (the report, the
    graph exports, the web's snapshot): building the network and its metrics once is enough."""

    analysis: dict[str, Any]
    network: Network
    metrics: dict[str, NodeMetrics]
    ranking: list[KeyPlayer]  # every node (numbers too), best key player first


def analyze_case(ws: Workspace, case: Case) -> dict[str, Any]:
    return analyze_network(ws, case).analysis


def analyze_network(ws: Workspace, case: Case) -> CaseNetwork:
    with ws.engine.connect() as conn:
        network = build_network(conn, case.id)
        dates = _document_dates(conn, case.id)
        pages = _pages(conn, case.id)
        facts = _facts(conn, case.id, network, pages, dates)
        timeline = _timeline(conn, case.id, network, _sentence_mentions(conn, case.id), dates, pages)
        route = _route(conn, case.id, pages, dates)
    metrics = compute_metrics(network.nodes, network.weighted_pairs())
    every_node = rank_key_players(metrics)
    ranking = [k for k in every_node if k.node in network.people]
    rank_of = {k.node: (i + 1, k.reasons) for i, k in enumerate(ranking)}
    people = []
    for node, person in network.people.items():
        m = metrics.get(node)
        guess = infer_role(facts[node])
        people.append(
            {
                "id": person["entity"],
                "name": person["name"],
                "aliases": person["aliases"],
                "phones": person["phones"],
                "role": guess.role,
                "role_evidence": [
                    {"text": e.text, "evidence": e.evidence_id, "cue": e.cue} for e in guess.evidence
                ],
                "community": m.community if m else None,
                "scores": {
                    "degree": m.degree if m else 0,
                    "betweenness": round(m.betweenness, 4) if m else 0.0,
                    "pagerank": round(m.pagerank, 5) if m else 0.0,
                },
                "rank": rank_of.get(node, (None, []))[0],
                "rank_reasons": rank_of.get(node, (None, []))[1],
            }
        )
    people.sort(key=lambda p: (p["rank"] is None, p["rank"] or 0, p["id"]))
    communities: dict[int, list[int]] = defaultdict(list)
    for p in people:
        if p["community"] is not None and p["scores"]["degree"] > 0:
            communities[p["community"]].append(p["id"])
    analysis = {
        "case": case.slug,
        "people": people,
        "key_players": [network.people[k.node]["entity"] for k in ranking if metrics[k.node].degree > 0],
        "communities": [{"id": c, "members": sorted(ms)} for c, ms in sorted(communities.items())],
        "phones": _phones(network),
        "route": route,
        "timeline": timeline,
    }
    return CaseNetwork(analysis, network, metrics, every_node)


def _phones(network: Network) -> list[dict[str, Any]]:
    users: dict[str, list[int]] = defaultdict(list)
    subscriber: dict[str, int] = {}
    for person in network.people.values():
        for number in person["phones"]:
            users[number].append(person["entity"])
        for number in person["subscriber_of"]:
            subscriber.setdefault(number, person["entity"])
    numbers = sorted(set(network.numbers) | set(subscriber))
    return [
        {"number": n, "users": sorted(users.get(n, [])), "subscriber": subscriber.get(n)} for n in numbers
    ]
