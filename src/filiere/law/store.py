"""The legal records of a workspace's database: the shipped library loaded on first use, imports kept.

Shipped records (origin "shipped") follow the files under filiere/data/law: on the first search of a
process the files' hashes are compared with those stored, and only a changed library is parsed and
written again. Imported records (origin "user") are the officer's: a refresh never touches them, and an
import may not overwrite a shipped record with a different text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.law import records as rec
from filiere.law.rank import forget
from filiere.law.text import index_text
from filiere.store.tables import law_records
from filiere.workspace import Workspace

_fresh: set[str] = set()  # workspace URLs whose shipped records are known current in this process


class LawRecordNotFound(FiliereError):
    """No legal record has this id."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _texts(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key) or {}
    return list(value.values()) if isinstance(value, dict) else [str(value)]


def search_columns(record: dict[str, Any]) -> tuple[str, str]:
    """The folded, stemmed title and body: every language of title and summary, articles, case fields."""
    body: list[str] = [record.get("number", ""), *_texts(record, "summary")]
    for article in record.get("articles", []):
        body += [f"article {article.get('number', '')}"]
        body += _texts(article, "heading") + _texts(article, "summary")
    for field in ("court", "case_number", "outcome", "facts", "reasoning", "charges", "issues", "techniques"):
        value = record.get(field)
        if isinstance(value, dict):
            body += [str(v) for v in value.values()]
        elif isinstance(value, list):
            body += [str(v) for v in value]
        elif value:
            body.append(str(value))
    return index_text(*_texts(record, "title")), index_text(*body)


def display_title(record: dict[str, Any], language: str | None = None) -> str:
    """The title in `language` when the record has it, else in the text's own language."""
    titles = record["title"]
    for lang in (language, record.get("language"), "fr", "en"):
        if lang and titles.get(lang):
            return titles[lang]
    return next(iter(titles.values()))


def _row(record: dict[str, Any], origin: str, file_hash: str | None) -> dict[str, Any]:
    title, body = search_columns(record)
    date = record.get("date")
    return {
        "id": record["id"],
        "kind": record["kind"],
        "country": record["country"],
        "year": int(date[:4]) if date else None,
        "status": record["status"],
        "crimes": " " + " ".join(record.get("crime_types", [])) + " ",
        "title": display_title(record),
        "origin": origin,
        "content_hash": rec.content_hash(record),
        "file_hash": file_hash,
        "record": record,
        "search_title": title,
        "search_body": body,
        "loaded_at": _now(),
    }


def _upsert(conn: Connection, row: dict[str, Any], existing_pk: int | None) -> None:
    if existing_pk is None:
        conn.execute(insert(law_records).values(**row))
    else:
        conn.execute(update(law_records).where(law_records.c.pk == existing_pk).values(**row))


def ensure_shipped(ws: Workspace) -> None:
    """Load or refresh the shipped library when its files differ from what the database holds."""
    if ws.url in _fresh:
        return
    hashes = rec.shipped_file_hashes()
    with ws.engine.connect() as conn:
        query = select(law_records.c.file_hash).where(law_records.c.origin == "shipped")
        stored = sorted({h for (h,) in conn.execute(query)})
    if sorted(set(hashes)) != stored:
        _refresh_shipped(ws)
    _fresh.add(ws.url)


def _refresh_shipped(ws: Workspace) -> None:
    shipped = rec.load_shipped()
    with ws.write() as conn:
        current = {
            r.id: r
            for r in conn.execute(
                select(
                    law_records.c.pk,
                    law_records.c.id,
                    law_records.c.origin,
                    law_records.c.content_hash,
                    law_records.c.file_hash,
                )
            )
        }
        added, updated, kept = [], [], []
        for record, file_hash in shipped:
            old = current.pop(record["id"], None)
            if old is not None and old.origin == "user":
                kept.append(record["id"])  # the officer's own record of that id stays
                continue
            if old is not None and (old.content_hash, old.file_hash) == (rec.content_hash(record), file_hash):
                continue
            _upsert(conn, _row(record, "shipped", file_hash), old.pk if old else None)
            (updated if old else added).append(record["id"])
        removed = [r.id for r in current.values() if r.origin == "shipped"]
        if removed:
            conn.execute(delete(law_records).where(law_records.c.id.in_(removed)))
        forget(ws.url)
        ws.log(
            conn,
            "law.refresh",
            "law_library",
            "shipped",
            added=added,
            updated=updated,
            removed=removed,
            kept_user=kept,
        )


def import_file(ws: Workspace, path: str | Path) -> dict[str, list[str]]:
    """Import the records of a JSON, CSV or YAML file as the officer's own; re-importing changes nothing."""
    ensure_shipped(ws)
    records = rec.load_file(path)
    located = rec.read_file(path)
    file_sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    result: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": []}
    with ws.write() as conn:
        for record, where in zip(records, located, strict=True):
            old = conn.execute(
                select(law_records.c.pk, law_records.c.origin, law_records.c.content_hash).where(
                    law_records.c.id == record["id"]
                )
            ).first()
            digest = rec.content_hash(record)
            if old is not None and old.content_hash == digest:
                result["unchanged"].append(record["id"])
                continue
            if old is not None and old.origin == "shipped":
                raise rec.LawRecordError(
                    path,
                    _("id {id} is a record shipped with Filière; give your version another id").format(
                        id=record["id"]
                    ),
                    where.line,
                    "id",
                )
            _upsert(conn, _row(record, "user", None), old.pk if old else None)
            change = "updated" if old else "added"
            result[change].append(record["id"])
            ws.log(
                conn,
                f"law.{'update' if old else 'import'}",
                "law_record",
                record["id"],
                file=str(path),
                sha256=file_sha,
                content_hash=digest,
            )
    forget(ws.url)
    return result


def get_record(ws: Workspace, record_id: str) -> dict[str, Any]:
    """One record with its origin, or LawRecordNotFound."""
    ensure_shipped(ws)
    with ws.engine.connect() as conn:
        row = conn.execute(
            select(law_records.c.record, law_records.c.origin).where(law_records.c.id == record_id.lower())
        ).first()
    if row is None:
        raise LawRecordNotFound(
            _("No legal record has the id {id}; `filiere law search` finds ids.").format(id=record_id)
        )
    return {**row.record, "origin": row.origin}


def all_records(ws: Workspace, origin: str | None = None) -> list[dict[str, Any]]:
    """Every record (or those of one origin), ordered by id, as written in the schema."""
    ensure_shipped(ws)
    query = select(law_records.c.record).order_by(law_records.c.id)
    if origin:
        query = query.where(law_records.c.origin == origin)
    with ws.engine.connect() as conn:
        return [r.record for r in conn.execute(query)]


def count(ws: Workspace) -> int:
    with ws.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(law_records)).scalar_one()
