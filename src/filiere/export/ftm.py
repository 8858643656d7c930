"""`filiere export --format ftm`: the case as FollowTheMoney entities, one JSON object a line, for Aleph
and other FtM tools, and for `filiere ingest --kind ftm` (a case moved between workspaces keeps its
people, numbers, calls and payments).

Entities, in this order: a Document per original (SHA-1 as contentHash, SHA-256 in notes), an Address per
stop of the route, a Person per resolved person, a LegalEntity per payment party the case names but
resolved to nobody, a Call per call record, a Payment per payment (told in a sentence or stored), an
UnknownLink per other link between two people. Each part is written in a fixed order with property
values sorted, so the same case gives the same bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney.proxy import EntityProxy
from sqlalchemy import Connection, select

from filiere.cases import Case
from filiere.export.ftm_entities import (
    address_entity,
    call_entity,
    link_entity,
    party_entity,
    payment_entity,
    person_entity,
)
from filiere.export.result import ExportResult, output_file, replacing
from filiere.model.ftm import content_sha1, document_entity
from filiere.network.analyze import analyze_network, case_payments, route_stops
from filiere.network.build import Network
from filiere.network.payments import PeopleIndex
from filiere.store.tables import calls, entities, evidence
from filiere.workspace import Workspace

SUFFIX = ".ftm.json"
TEXT_KINDS = ("call", "sms", "payment")  # written as Call and Payment entities, not as links


def dump(proxy: EntityProxy) -> str:
    """One line of JSON: keys and property values sorted (the library keeps values in sets)."""
    properties = {name: sorted(values) for name, values in proxy.properties.items()}
    data = {"id": proxy.id, "schema": proxy.schema.name, "properties": properties}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _documents(ws: Workspace, conn: Connection, case: Case) -> dict[int, EntityProxy]:
    rows = conn.execute(select(evidence).where(evidence.c.case_id == case.id).order_by(evidence.c.id))
    return {
        r.id: document_entity(case.slug, dict(r._mapping), content_sha1(ws.blobs, r.sha256)) for r in rows
    }


def _proof(docs: dict[int, EntityProxy], evidence_ids: Any) -> list[str]:
    return [docs[e].id for e in sorted(evidence_ids) if e in docs]


class _People:
    """Person entities by network node, and the legal entities made for parties nobody resolved."""

    def __init__(self, case: Case, network: Network, index: PeopleIndex, persons: dict[str, EntityProxy]):
        self.case, self.network, self.index, self.persons = case, network, index, persons
        self.parties: dict[str, EntityProxy] = {}

    def ref(self, name: str | None, phone: str | None = None) -> str | None:
        if not name and not phone:
            return None
        node = self.index.node(name, phone)
        if node in self.persons:
            return self.persons[node].id
        party = party_entity(self.case.slug, name, phone)
        self.parties.setdefault(party.id, party)
        return party.id


def _persons(
    conn: Connection, case: Case, network: Network, roles: dict[int, str], docs: dict[int, EntityProxy]
) -> dict[str, EntityProxy]:
    details = {
        r.id: r.details
        for r in conn.execute(select(entities.c.id, entities.c.details).where(entities.c.case_id == case.id))
    }
    return {
        node: person_entity(
            case.slug,
            person,
            details.get(person["entity"], {}),
            roles.get(person["entity"]),
            _proof(docs, details.get(person["entity"], {}).get("evidence", [])),
        )
        for node, person in sorted(network.people.items(), key=lambda item: item[1]["entity"])
    }


def _calls(
    conn: Connection, case: Case, docs: dict[int, EntityProxy], people: _People
) -> Iterator[EntityProxy]:
    def user(number: str | None) -> str | None:
        node = people.network.numbers.get(number or "")
        return people.persons[node].id if node in people.persons else None

    rows = conn.execute(
        select(calls).where(calls.c.case_id == case.id).order_by(calls.c.id).execution_options(yield_per=5000)
    )
    for row in rows:
        values = dict(row._mapping)
        yield call_entity(
            case.slug,
            values,
            docs[values["evidence_id"]].id,
            user(values["caller_e164"]),
            user(values["callee_e164"]),
        )


def case_entities(ws: Workspace, case: Case) -> Iterator[EntityProxy]:
    """Every entity of the export, in the order it is written."""
    analysed = analyze_network(ws, case)
    roles = {p["id"]: p["role"] for p in analysed.analysis["people"]}
    network = analysed.network
    stops = route_stops(ws, case)
    with ws.engine.connect() as conn:
        docs = _documents(ws, conn, case)
        persons = _persons(conn, case, network, roles, docs)
        people = _People(case, network, PeopleIndex(network.people, network.numbers), persons)
        payments = [
            payment_entity(
                case.slug,
                p,
                people.ref(p.payer, p.payer_phone),
                people.ref(p.payee, p.payee_phone),
                docs[p.evidence].id if p.evidence in docs else None,
            )
            for p in case_payments(conn, case.id)
        ]
        yield from docs.values()
        for number, stop in enumerate(stops, 1):
            yield address_entity(case.slug, number, stop, _proof(docs, stop.evidence))
        yield from persons.values()
        yield from sorted(people.parties.values(), key=lambda p: p.id)
        yield from _calls(conn, case, docs, people)
    yield from payments
    for key, edge in sorted(network.edges.items()):
        if edge.kind in TEXT_KINDS or key[0] not in persons or key[1] not in persons:
            continue
        yield link_entity(
            case.slug, edge, persons[key[0]].id, persons[key[1]].id, _proof(docs, edge.evidence)
        )


def write(ws: Workspace, case: Case, out: Path) -> ExportResult:
    """Write the case's entities to `out` (a file, or `<case>.ftm.json` in an existing folder)."""
    path = output_file(out, case.slug, SUFFIX)
    counts: Counter[str] = Counter()
    with replacing(path) as partial, partial.open("w", encoding="utf-8", newline="\n") as handle:
        for proxy in case_entities(ws, case):
            handle.write(dump(proxy) + "\n")
            counts[proxy.schema.name] += 1
    return ExportResult("ftm", [path], {"entities": sum(counts.values()), **dict(sorted(counts.items()))})
