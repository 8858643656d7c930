"""FollowTheMoney entities for what ingest stored, so that Aleph and other FtM tools can read a case.

Ids are derived from the case, the evidence and the record's line, so the same record always gives the
same entity. Each entity points at the Document entity of its original through `proof`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from sqlalchemy import Engine, select

from filiere.store.tables import calls, evidence, subscribers

# Notes written by `filiere export --format ftm` and read back by `filiere ingest --kind ftm`
SUBSCRIBER_NOTE = "Subscriber of the line (not necessarily its user): {number}"
AS_WRITTEN_NOTE = "{prop} as written: {value}"  # a number FtM cannot read, kept as text
WEIGHT_NOTE = "weight {weight}"
SHA256_NOTE = "SHA-256: {sha256}"

MIME_TYPES = {
    "cdr": "text/csv",
    "subscribers": "text/csv",
    "transcript": "text/plain",
    "interview": "text/plain",
    "links": "text/csv",
    "ftm": "application/x-ndjson",
}


def _entity(schema: str, *key: Any) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id("filiere", *[str(k) for k in key])
    return proxy


def document_entity(case_slug: str, item: dict[str, Any], sha1: str | None = None) -> EntityProxy:
    """The original file, identified by its SHA-256 (its id and notes). FtM's contentHash is a SHA-1 (at
    most 40 characters: Aleph's archive key), so it is set only when the caller computed one."""
    doc = _entity("Document", case_slug, "evidence", item["sha256"])
    doc.add("fileName", item["original_name"])
    doc.add("contentHash", sha1, quiet=True)
    doc.add("notes", SHA256_NOTE.format(sha256=item["sha256"]))
    doc.add("fileSize", item["size"])
    media_type = (item.get("details") or {}).get("media_type") or MIME_TYPES.get(item["kind"])
    doc.add("mimeType", media_type, quiet=True)
    doc.add("encoding", item.get("encoding"), quiet=True)
    doc.add("title", f"#{item['id']} {item['original_name']}")
    return doc


def call_entity(case_slug: str, doc: EntityProxy, row: dict[str, Any]) -> EntityProxy:
    call = _entity("Call", case_slug, "call", row["evidence_id"], row["line"])
    call.add("callerNumber", row["caller_e164"] or row["caller_raw"], quiet=True)
    call.add("receiverNumber", row["callee_e164"] or row["callee_raw"], quiet=True)
    if row["started_at"] is not None:
        call.add("date", row["started_at"].isoformat(timespec="seconds"))
    if row["duration_s"] is not None:
        call.add("duration", row["duration_s"])
    call.add("recordId", f"evidence:{row['evidence_id']}:line:{row['line']}")
    call.add("description", row["call_type"])
    call.add("proof", doc.id)
    return call


def subscriber_entities(case_slug: str, doc: EntityProxy, row: dict[str, Any]) -> Iterator[EntityProxy]:
    """The subscriber of a line (not necessarily its user) and the identity document given."""
    person = _entity("Person", case_slug, "subscriber", row["evidence_id"], row["line"])
    person.add("name", row["name"] or row["number_raw"])
    person.add("phone", row["number_e164"] or row["number_raw"], quiet=True)
    person.add("address", row["address"], quiet=True)
    person.add("idNumber", row["id_document"], quiet=True)
    person.add("description", f"subscriber of a line: evidence #{row['evidence_id']}, line {row['line']}")
    person.add("proof", doc.id)
    yield person
    if row["id_document"]:
        ident = _entity("Identification", case_slug, "id", row["evidence_id"], row["line"])
        ident.add("holder", person.id)
        ident.add("number", row["id_document"])
        ident.add("proof", doc.id)
        yield ident


def heard_person_entity(case_slug: str, doc: EntityProxy, item: dict[str, Any]) -> EntityProxy | None:
    """The person heard in a hearing record, from its identity block."""
    header = item["details"].get("header") or {}
    if not header.get("name"):
        return None
    person = _entity("Person", case_slug, "heard", item["id"])
    person.add("name", header["name"])
    person.add("alias", header.get("alias"), quiet=True)
    person.add("birthDate", _iso_day(header.get("birth_date")), quiet=True)
    person.add("birthPlace", header.get("birth_place"), quiet=True)
    person.add("nationality", header.get("nationality"), quiet=True)
    person.add("phone", item["details"].get("phone_e164") or header.get("phone"), quiet=True)
    person.add("idNumber", header.get("id_document"), quiet=True)
    person.add("description", f"person heard: evidence #{item['id']}, identity block")
    person.add("proof", doc.id)
    return person


def _iso_day(value: str | None) -> str | None:
    from filiere.ingest.datetimes import parse_date

    day = parse_date(value) if value else None
    return day.isoformat() if day else None


def content_sha1(blobs: Any, sha256: str) -> str | None:
    """The SHA-1 of a stored original (FtM's contentHash), read from the blob store; None when absent."""
    if not blobs.exists(sha256):
        return None
    digest = hashlib.sha1(usedforsecurity=False)
    for chunk in blobs.read_chunks(sha256):
        digest.update(chunk)
    return digest.hexdigest()


def evidence_entities(
    engine: Engine, case_slug: str, evidence_id: int, blobs: Any = None
) -> Iterator[EntityProxy]:
    """Every FtM entity one original gives: its Document (with its SHA-1 when `blobs` is given), then
    calls, subscribers or the person heard."""
    with engine.connect() as conn:
        item = dict(conn.execute(select(evidence).where(evidence.c.id == evidence_id)).one()._mapping)
        doc = document_entity(case_slug, item, content_sha1(blobs, item["sha256"]) if blobs else None)
        yield doc
        for row in conn.execute(
            select(calls)
            .where(calls.c.evidence_id == evidence_id)
            .order_by(calls.c.id)
            .execution_options(yield_per=5000)
        ):
            yield call_entity(case_slug, doc, dict(row._mapping))
        for row in conn.execute(select(subscribers).where(subscribers.c.evidence_id == evidence_id)):
            yield from subscriber_entities(case_slug, doc, dict(row._mapping))
    if item["kind"] == "interview":
        person = heard_person_entity(case_slug, doc, item)
        if person is not None:
            yield person
