"""The JSON API under /api/ (documented in /openapi.json): everything the pages show.

Routes stay thin: lookups reuse the CLI's functions (evidence, entities, analyze), the few reads the pages
add live in `web.queries` and `web.search`, and the analysis comes from the per-case snapshot cache.
Unknown case, evidence or entity: 404 with {"detail": message}. Which cases the caller may reach is checked
before any route runs (`deps.guard`); reads of evidence, searches and whole-case exports are audited
(`web.read_audit`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from filiere.cases import case_counts
from filiere.errors import IntegrityError
from filiere.evidence import export_original, get_evidence, list_evidence
from filiere.i18n import _
from filiere.mla.check import check_request, summary
from filiere.mla.tracking import get_request, list_requests
from filiere.network.timeline import iso_time
from filiere.resolve.entities import entity_detail, list_entities, merge_entities, split_mention
from filiere.web import queries, schemas
from filiere.web.deps import (
    MAX_ID,
    CaseDep,
    SnapshotDep,
    WorkspaceDep,
    cases_visible,
    use_language,
    user_errors,
)
from filiere.web.downloads import attachment
from filiere.web.read_audit import audit_read
from filiere.web.search import search_case

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": schemas.Message}}
router = APIRouter(tags=["api"], dependencies=[Depends(use_language)], responses=NOT_FOUND)

Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Rows to skip.")]
EvidenceId = Annotated[int, Path(ge=0, le=MAX_ID, description="Evidence id (see the evidence list).")]
EntityId = Annotated[int, Path(ge=0, le=MAX_ID, description="Entity id (see the entity list).")]
Number = Annotated[int, Path(ge=0, le=MAX_ID, description="Number of the request in the case.")]


@router.get("/cases", response_model=list[schemas.CaseItem])
def cases(request: Request, ws: WorkspaceDep) -> list[dict[str, Any]]:
    """The cases of the workspace the caller may open, with what each holds."""
    return [
        {
            "slug": c.slug,
            "title": c.title,
            "country": c.country,
            "created_at": c.created_at,
            "created_by": c.created_by,
            "counts": case_counts(ws, c),
        }
        for c in cases_visible(request)
    ]


@router.get("/cases/{case}/evidence", response_model=schemas.EvidencePage)
def evidence_list(
    ws: WorkspaceDep,
    case: CaseDep,
    kind: Annotated[str | None, Query(description="transcript, interview, cdr, subscribers…")] = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """The originals of the case, in ingest order, with their SHA-256."""
    items = list_evidence(ws, case, kind or None)
    return {"total": len(items), "offset": offset, "limit": limit, "items": items[offset : offset + limit]}


@router.get("/cases/{case}/evidence/{evidence_id}", response_model=schemas.EvidenceDetail)
def evidence_item(
    request: Request, ws: WorkspaceDep, case: CaseDep, evidence_id: EvidenceId
) -> dict[str, Any]:
    """One original: identity, parsed header, page texts, dialogue turns and every mention (type, span in
    the page text, normalised value, resolved entity). Audited (read.evidence)."""
    with user_errors():
        view = queries.evidence_view(ws, case, evidence_id)
    audit_read(request, "evidence", case, "evidence", evidence_id)
    return view


@router.get("/cases/{case}/evidence/{evidence_id}/rows", response_model=schemas.EvidenceRows)
def evidence_rows(
    request: Request,
    ws: WorkspaceDep,
    case: CaseDep,
    evidence_id: EvidenceId,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
) -> dict[str, Any]:
    """Call rows (call records, transcript headers) or subscriber rows of one original, paged. Audited
    (read.evidence)."""
    with user_errors():
        rows = queries.evidence_rows(ws, case, evidence_id, offset, limit)
    audit_read(request, "evidence", case, "evidence", evidence_id, rows_offset=offset, rows_limit=limit)
    return rows


@router.get(
    "/cases/{case}/evidence/{evidence_id}/original",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "The original bytes."}},
)
def evidence_original(ws: WorkspaceDep, case: CaseDep, evidence_id: EvidenceId) -> FileResponse:
    """The exact original bytes, checked against their SHA-256; the download is audited like
    `filiere evidence export` (409 when the stored original no longer matches). The original's name is
    only sent in the header, sanitised: the file on disk is written under a fixed name."""
    folder = FilePath(tempfile.mkdtemp(prefix="filiere-download-"))
    try:
        with user_errors():
            try:
                done = export_original(ws, case, evidence_id, folder / "original")
            except IntegrityError as exc:
                raise HTTPException(409, str(exc)) from exc
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    name = get_evidence(ws, case, evidence_id)["original_name"]
    return FileResponse(
        FilePath(done["path"]),
        media_type="application/octet-stream",
        headers={"X-Content-SHA256": done["sha256"], "Content-Disposition": attachment(name)},
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.get("/cases/{case}/entities", response_model=list[schemas.EntityItem])
def entities(request: Request, ws: WorkspaceDep, case: CaseDep, snap: SnapshotDep) -> list[dict[str, Any]]:
    """The people of the case with their role and key-player rank. Audited (read.export)."""
    out = []
    for e in list_entities(ws, case):
        person = snap.person(e["id"]) or {}
        observations = e["observations"]
        out.append(
            {
                **e,
                "observations": len(observations) if isinstance(observations, list | dict) else observations,
                "role": person.get("role"),
                "rank": person.get("rank"),
                "community": person.get("community"),
            }
        )
    audit_read(request, "export", case, "case", case.id, what="entities", count=len(out))
    return out


@router.get("/cases/{case}/entities/{entity_id}", response_model=schemas.EntityDetail)
def entity(ws: WorkspaceDep, case: CaseDep, snap: SnapshotDep, entity_id: EntityId) -> dict[str, Any]:
    """One person: names and aliases, numbers (user or subscriber, with evidence), mentions in context,
    calls, payments named with them, merge log, and the analysis' role and rank."""
    with user_errors():
        return queries.entity_view(ws, case, entity_id, snap)


@router.post("/cases/{case}/entities/merge", response_model=schemas.EntityRecord)
def entity_merge(ws: WorkspaceDep, case: CaseDep, body: schemas.MergeRequest) -> dict[str, Any]:
    """Merge two people by hand (audited, kept across later `filiere resolve`); returns the merged one as
    `filiere entity show` does (its analysis is recomputed on the next read)."""
    with user_errors():
        for entity_id in (body.a, body.b):
            entity_detail(ws, case, entity_id)
    if body.a == body.b:
        raise HTTPException(400, _("Entity #{id} cannot be merged with itself").format(id=body.a))
    with user_errors(400):
        return merge_entities(ws, case, body.a, body.b)


@router.post("/cases/{case}/entities/{entity_id}/split", response_model=schemas.SplitResult)
def entity_split(
    ws: WorkspaceDep, case: CaseDep, entity_id: EntityId, body: schemas.SplitRequest
) -> dict[str, Any]:
    """Take one observation out of a person (audited, kept across later `filiere resolve`)."""
    with user_errors():
        entity_detail(ws, case, entity_id)
    with user_errors(400):
        return split_mention(ws, case, entity_id, body.mention)


@router.get("/cases/{case}/graph", response_model=schemas.Graph)
def graph(request: Request, snap: SnapshotDep, case: CaseDep) -> Response:
    """The link chart: people and numbers (role, community, key-player score and rank) and typed edges
    (kind, weight, first/last date, evidence ids). Audited (read.export)."""
    audit_read(request, "export", case, "case", case.id, what="graph")
    return Response(snap.graph_json, media_type="application/json")


@router.get("/cases/{case}/timeline", response_model=schemas.Timeline)
def timeline(
    request: Request,
    snap: SnapshotDep,
    case: CaseDep,
    kind: Annotated[list[str] | None, Query(description="call, sms, payment, movement, event")] = None,
    start: Annotated[str | None, Query(description="Earliest date or date-time (ISO).")] = None,
    end: Annotated[str | None, Query(description="Latest date or date-time (ISO), inclusive.")] = None,
) -> dict[str, Any]:
    """Calls, messages, payments, movements and events of the case in time order, filtered. Audited
    (read.export)."""
    items = snap.analysis["timeline"]
    kinds = {k for value in kind or () for k in value.split(",") if k}
    if kinds:
        items = [i for i in items if i["kind"] in kinds]
    low, high = _bound(start, "start"), _bound(end, "end")
    if low:
        items = [i for i in items if i["time"] and i["time"][: len(low)] >= low]
    if high:
        items = [i for i in items if i["time"] and i["time"][: len(high)] <= high]
    audit_read(request, "export", case, "case", case.id, what="timeline", count=len(items))
    return {"items": items}


def _bound(value: str | None, name: str) -> str | None:
    """An ISO date or date-time prefix to compare item times with; 422 when it cannot be read."""
    if not value:
        return None
    found = iso_time(value)
    if found is None:  # answered like FastAPI's own validation errors, as the spec documents 422
        message = _("{name}: {value!r} is not a date (use 2025-03-04 or 2025-03-04T21:04)")
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", name),
                    "msg": message.format(name=name, value=value),
                    "input": value,
                }
            ]
        )
    return found


@router.get("/cases/{case}/route", response_model=schemas.Route)
def route(request: Request, snap: SnapshotDep, case: CaseDep) -> dict[str, Any]:
    """The ordered stops of the journey with their coordinates (from the gazetteer) and evidence.
    Audited (read.export)."""
    audit_read(request, "export", case, "case", case.id, what="route")
    return {
        "stops": [
            {
                "name": s.name,
                "place_id": s.place_id,
                "lat": s.lat,
                "lon": s.lon,
                "first_seen": s.first_seen,
                "evidence": s.evidence,
            }
            for s in snap.stops
        ]
    }


@router.get("/cases/{case}/search", response_model=schemas.SearchResult)
def search(
    request: Request,
    ws: WorkspaceDep,
    case: CaseDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words, a name or a number.")],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Matches in the case's texts (evidence, page, offsets, snippet) and people (names, aliases,
    numbers), ignoring case and accents. Audited with the words searched (read.search)."""
    found = search_case(ws, case, q, limit)
    audit_read(request, "search", case, "case", case.id, query=q, hits=found["text_total"])
    return found


@router.get("/cases/{case}/mla", response_model=list[schemas.MlaRequest])
def mla_requests(ws: WorkspaceDep, case: CaseDep) -> list[dict[str, Any]]:
    """The case's requests for mutual legal assistance with their status, dates, next follow-up, history
    and the evidence received (as `filiere mla list --json`)."""
    return [r.as_json() for r in list_requests(ws, case)]


@router.get("/cases/{case}/mla/{number}", response_model=schemas.MlaRequestDetail)
def mla_request(ws: WorkspaceDep, case: CaseDep, number: Number) -> dict[str, Any]:
    """One request, with what the checker says of its stored version (as `filiere mla show --json`)."""
    with user_errors():
        tracked = get_request(ws, case, number)
    return {**tracked.as_json(), "check": summary(check_request(tracked.request))}
