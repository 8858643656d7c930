"""Store what a FollowTheMoney file holds, inside the ingest transaction of that file (see ingest.ftm).

Every stored row keeps its provenance: the evidence (the FtM file, kept as an original) and the line.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from sqlalchemy import Connection, insert

from filiere.i18n import _
from filiere.ingest.ftm import (
    KEPT_DOCUMENTS,
    FtmFile,
    Line,
    call_type,
    number,
    party,
    person_values,
    read_ftm,
    when,
)
from filiere.ingest.records import RowError
from filiere.ingest.writers import Stored, Target
from filiere.model.ftm import SHA256_NOTE, WEIGHT_NOTE
from filiere.store.tables import calls, imported_people, links, payments

LINK_ROLES = ("role", "relationship")
WEIGHT = re.compile(re.escape(WEIGHT_NOTE.split("{")[0]) + r"(\d+(?:\.\d+)?)\b")  # "weight 3"
BATCH = 5000
SHA256 = re.compile(re.escape(SHA256_NOTE.split("{")[0]) + r"([0-9a-f]{64})\b")


def _number(found: FtmFile, entry: Line, prop: str, party_prop: str, target: Target) -> str | None:
    """The number as the Call gives it, else as kept in its summary, else the party's own number."""
    given = entry.first(prop) or next(iter(entry.written(prop)), None)
    return given or party(found, entry.first(party_prop), target.phones)[1]


def _call(found: FtmFile, entry: Line, target: Target) -> dict[str, Any]:
    caller = _number(found, entry, "callerNumber", "caller", target)
    callee = _number(found, entry, "receiverNumber", "receiver", target)
    duration = number(entry.first("duration"))
    return {
        "line": entry.line,
        "caller_raw": caller[:64] if caller else None,
        "caller_e164": target.phones(caller) if caller else None,
        "callee_raw": callee[:64] if callee else None,
        "callee_e164": target.phones(callee) if callee else None,
        "started_at": when(entry.first("date", "startDate")),
        "duration_s": int(duration) if duration is not None else None,
        "call_type": call_type(entry),
    }


def _payment(found: FtmFile, entry: Line, target: Target) -> dict[str, Any]:
    payer, payer_phone = party(found, entry.first("payer"), target.phones)
    payee, payee_phone = party(found, entry.first("beneficiary"), target.phones)
    currency = entry.first("currency")
    channel = entry.first("description")
    return {
        "line": entry.line,
        "ftm_id": entry.proxy.id[:200],
        "payer_name": payer[:300] if payer else None,
        "payer_phone": payer_phone,
        "payee_name": payee[:300] if payee else None,
        "payee_phone": payee_phone,
        "amount": number(entry.first("amount")),
        "currency": currency[:40] if currency else None,
        "paid_at": (entry.first("date", "startDate") or "")[:32] or None,
        "channel": channel[:100] if channel else None,
        "purpose": "\n".join(entry.values("purpose")) or None,
    }


def _missing_parties(found: FtmFile, entry: Line) -> list[RowError]:
    """A payer or beneficiary the file names by id but does not give: the payment is kept without it."""
    return [
        RowError(
            entry.line,
            _("{prop} {id} is not in the file; the payment is kept without its name").format(
                prop=prop, id=ref
            ),
        )
        for prop in ("payer", "beneficiary")
        for ref in entry.values(prop)[:1]
        if ref not in found.by_id
    ]


def _link(found: FtmFile, entry: Line) -> dict[str, Any] | None:
    schema = entry.proxy.schema
    source, target = entry.first(schema.source_prop.name), entry.first(schema.target_prop.name)
    if not source or not target:
        return None

    def label(entity_id: str) -> str:
        other = found.by_id.get(entity_id)
        return ((other.first("name") if other else None) or entity_id)[:300]

    kind = next((v for prop in LINK_ROLES if prop in schema.properties for v in entry.values(prop)), None)
    weight = WEIGHT.search(" ".join(entry.values("description")))
    return {
        "line": entry.line,
        "source": label(source),
        "target": label(target),
        "weight": float(weight.group(1)) if weight else 1.0,
        "date": when(entry.first("startDate", "date")),
        "type": (kind or schema.name)[:60],
    }


def _document(entry: Line) -> dict[str, Any]:
    return {
        "line": entry.line,
        "id": entry.proxy.id,
        "file_name": entry.first("fileName"),
        "content_hash": entry.first("contentHash"),
        "title": entry.first("title"),
        "sha256": next((m.group(1) for n in entry.values("notes") if (m := SHA256.search(n))), None),
    }


def store_ftm(conn: Connection, target: Target) -> Stored:
    """The file's people, calls, payments and links as rows; every other entity counted by schema."""
    found = read_ftm(target.blob_path)
    issues: list[RowError] = list(found.issues)
    rows: dict[str, list[dict[str, Any]]] = {"people": [], "calls": [], "payments": [], "links": []}
    documents: list[dict[str, Any]] = []
    schemata: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    for entry in found.lines:
        schema = entry.proxy.schema
        schemata[schema.name] += 1
        if schema.is_a("Person"):
            person = person_values(entry, target.phones)
            if person is None:
                issues.append(RowError(entry.line, _("Person without a name; it was not read as a person")))
            else:
                rows["people"].append(person)
        elif schema.is_a("Call"):
            rows["calls"].append(_call(found, entry, target))
        elif schema.is_a("Payment"):
            rows["payments"].append(_payment(found, entry, target))
            issues += _missing_parties(found, entry)
        elif schema.is_a("Document"):
            documents.append(_document(entry))
        elif schema.edge and schema.source_prop and schema.target_prop and (link := _link(found, entry)):
            rows["links"].append(link)
        else:
            skipped[schema.name] += 1
    provenance = {"case_id": target.case_id, "evidence_id": target.evidence_id}
    for name, table in (
        ("people", imported_people),
        ("calls", calls),
        ("payments", payments),
        ("links", links),
    ):
        for start in range(0, len(rows[name]), BATCH):
            conn.execute(insert(table), [{**provenance, **r} for r in rows[name][start : start + BATCH]])
            if target.on_rows:
                target.on_rows(len(rows[name][start : start + BATCH]))
    issues.sort(key=lambda issue: issue.line)
    details = {
        "entities": dict(sorted(schemata.items())),
        **{name: len(found_rows) for name, found_rows in rows.items()},
        "documents": len(documents),
        "document_list": documents[:KEPT_DOCUMENTS],
        "not_stored": dict(sorted(skipped.items())),
    }
    return Stored(sum(len(r) for r in rows.values()), details, issues, "utf-8")
