"""FollowTheMoney entities for what the analysis of a case holds: people, unknown payment parties,
calls, payments, other links and the places of the route.

Every value goes through `put`, which refuses what the `followthemoney` library would not accept (the
library drops invalid values silently): an export that Aleph would read differently fails loudly instead.
Ids are derived from the case and a stable key, so the same case gives the same ids.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from filiere.model.ftm import AS_WRITTEN_NOTE, SUBSCRIBER_NOTE, WEIGHT_NOTE
from filiere.network.build import Edge
from filiere.network.payments import Payment
from filiere.network.route import RouteStop

ROLE_NOTE = "Role in the network (Filière analysis): {role}"
ENTITY_NOTE = "Filière entity #{id}"


def entity(schema: str, case_slug: str, *key: Any) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id("filiere", case_slug, *[str(k) for k in key])
    return proxy


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def put(proxy: EntityProxy, prop: str, *values: Any) -> None:
    """Add values the library accepts as they are; raise ValueError for any other (None and "" skipped)."""
    found = proxy.schema.get(prop)
    if found is None:
        raise ValueError(f"{proxy.schema.name} has no property {prop}")
    for value in values:
        if value is None or value == "":
            continue
        text = _text(value)
        if not found.type.validate(text) or found.type.clean(text, proxy=proxy) is None:
            raise ValueError(f"{proxy.schema.name}.{prop}: {text!r} is not valid for FollowTheMoney")
        proxy.add(prop, text, quiet=False)


def put_number(proxy: EntityProxy, prop: str, number: str | None, notes: list[str]) -> None:
    """A phone number the library reads goes in `prop`; any other is kept, as written, in `notes`."""
    if number and registry.phone.validate(number):
        put(proxy, prop, number)
    elif number:
        notes.append(AS_WRITTEN_NOTE.format(prop=prop, value=number))


def put_or_note(proxy: EntityProxy, prop: str, value: str | None, notes: list[str]) -> None:
    """A value the library accepts goes in `prop`; any other (too long, unreadable) is kept, as written,
    in `notes`, where the import reads it back."""
    try:
        put(proxy, prop, value)
    except ValueError:
        notes.append(AS_WRITTEN_NOTE.format(prop=prop, value=" ".join(str(value).split())))


def person_entity(
    case_slug: str, person: dict[str, Any], details: dict[str, Any], role: str | None, proof: list[str]
) -> EntityProxy:
    """A resolved person: names, every number (E.164), identity documents, role and entity number."""
    proxy = entity("Person", case_slug, "person", person["entity"])
    put(proxy, "name", person["name"])
    put(proxy, "alias", *person["aliases"])
    notes = [ENTITY_NOTE.format(id=person["entity"])]
    for number in sorted(set(person["phones"]) | set(person["subscriber_of"])):
        put_number(proxy, "phone", number, notes)
        if number not in person["phones"]:
            notes.append(SUBSCRIBER_NOTE.format(number=number))
    for document in details.get("documents", []):  # "ML-0042", or a whole sentence a hearing gave
        put_or_note(proxy, "idNumber", document, notes)
    put(proxy, "description", ROLE_NOTE.format(role=role or "unknown"))
    put(proxy, "notes", "\n".join(notes))
    put(proxy, "proof", *proof)
    return proxy


def party_entity(case_slug: str, name: str | None, phone: str | None) -> EntityProxy:
    """A payer or payee the case names but resolved to nobody: a legal entity with what is known."""
    proxy = entity("LegalEntity", case_slug, "party", name or "", phone or "")
    put(proxy, "name", name or phone)
    notes: list[str] = []
    put_number(proxy, "phone", phone, notes)
    put(proxy, "notes", "\n".join(notes))
    return proxy


def call_entity(
    case_slug: str, row: dict[str, Any], doc_id: str, caller: str | None, receiver: str | None
) -> EntityProxy:
    """A call row; the id is the one `filiere evidence entities` gives it (model.ftm), so tools merge them."""
    proxy = entity("Call", case_slug, "call", row["evidence_id"], row["line"])
    notes: list[str] = []
    put_number(proxy, "callerNumber", row["caller_e164"] or row["caller_raw"], notes)
    put_number(proxy, "receiverNumber", row["callee_e164"] or row["callee_raw"], notes)
    put(proxy, "caller", caller)
    put(proxy, "receiver", receiver)
    put(proxy, "date", row["started_at"])
    put(proxy, "duration", row["duration_s"])
    put(proxy, "recordId", f"evidence:{row['evidence_id']}:line:{row['line']}")
    put(proxy, "description", row["call_type"])
    put(proxy, "summary", "\n".join(notes))
    put(proxy, "proof", doc_id)
    return proxy


def payment_entity(
    case_slug: str, payment: Payment, payer: str | None, payee: str | None, doc_id: str | None
) -> EntityProxy:
    """A payment: amount, currency, date as precise as known, parties, channel and the sentence."""
    proxy = entity("Payment", case_slug, "payment", *payment.key)
    put(proxy, "amount", float(payment.amount) if payment.amount is not None else None)
    put(proxy, "currency", payment.currency)
    put(proxy, "date", payment.time)
    put(proxy, "payer", payer)
    put(proxy, "beneficiary", payee)
    put(proxy, "description", payment.channel)
    put(proxy, "purpose", payment.purpose)
    put(proxy, "proof", doc_id)
    return proxy


def link_entity(case_slug: str, edge: Edge, source: str, target: str, proof: list[str]) -> EntityProxy:
    """Any other link between two people (orders, talks about, named together, travel, a link list's)."""
    role = edge.kind.removeprefix("link:")
    proxy = entity("UnknownLink", case_slug, "link", edge.source, edge.target, edge.kind)
    put(proxy, "subject", source)
    put(proxy, "object", target)
    put(proxy, "role", role)
    put(proxy, "startDate", edge.first)
    put(proxy, "endDate", edge.last)
    put(proxy, "description", WEIGHT_NOTE.format(weight=_text(float(edge.weight))))
    put(proxy, "proof", *proof)
    return proxy


def address_entity(case_slug: str, number: int, stop: RouteStop, proof: list[str]) -> EntityProxy:
    """A place of the route, in order (the summary says which stop)."""
    proxy = entity("Address", case_slug, "place", stop.place_id or stop.name)
    put(proxy, "full", stop.name)
    put(proxy, "city", stop.name)
    put(proxy, "latitude", stop.lat)
    put(proxy, "longitude", stop.lon)
    put(
        proxy,
        "summary",
        f"stop {number} of the route" + (f", from {stop.first_seen}" if stop.first_seen else ""),
    )
    put(proxy, "proof", *proof)
    return proxy
