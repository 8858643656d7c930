"""The evidence pages: the list of originals, and the reader of one — its text with every mention
highlighted (a resolved mention links to its person), its dialogue turns, its call or subscriber rows paged
with HTMX, and a link to download the original (through the audited API route). Opening the reader is
audited (read.evidence); paging its rows is not (the partial only shows more of what was opened)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from filiere.evidence import list_evidence
from filiere.web.deps import MAX_ID, Id, case_for, workspace
from filiere.web.queries import evidence_rows, evidence_view
from filiere.web.read_audit import audit_read
from filiere.web.reader import segments
from filiere.web.templating import localized, render

router = APIRouter(include_in_schema=False)
ROWS = 50  # call or subscriber rows per page


@router.get("/cases/{case}/evidence", response_class=HTMLResponse)
@localized
def evidence_list(request: Request, case: str, kind: str = "") -> HTMLResponse:
    """The originals of the case, optionally of one kind."""
    ws = workspace(request)
    found = case_for(request, case)
    everything = list_evidence(ws, found)
    shown = [e for e in everything if e["kind"] == kind] if kind else everything
    kinds = sorted({e["kind"] for e in everything})
    return render(
        request, "evidence_list.html", case=found, active="evidence", items=shown, kinds=kinds, kind=kind
    )


def _offset(request: Request) -> int:
    try:
        return min(max(0, int(request.query_params.get("offset", "0"))), MAX_ID)
    except ValueError:
        return 0


def reader_view(view: dict[str, Any]) -> dict[str, Any]:
    """Segments for each page, and for each turn the segments of its own span of the page."""
    by_page: dict[int, list[dict]] = {}
    for m in view["mentions"]:
        by_page.setdefault(m["page"], []).append(m)
    pages = [
        {"page_no": p["page_no"], "segments": segments(p["text"], by_page.get(p["page_no"], []))}
        for p in view["pages"]
    ]
    first = view["pages"][0]["text"] if view["pages"] else ""
    first_mentions = by_page.get(view["pages"][0]["page_no"], []) if view["pages"] else []
    speakers: dict[int, int] = {}
    for m in first_mentions:
        value = m["value"]  # a dict for speakers, a plain string for phones and amounts
        if (
            m["turn"] is not None
            and m["entity"] is not None
            and isinstance(value, dict)
            and value.get("kind") == "speaker"
        ):
            speakers.setdefault(m["turn"], m["entity"])
    turns = [
        {
            **t,
            "entity": speakers.get(t["id"]),
            "segments": segments(first, first_mentions, t["start"], t["end"]),
        }
        for t in view["turns"]
    ]
    return {"pages": pages, "turns": turns}


@router.get("/cases/{case}/evidence/{evidence_id}", response_class=HTMLResponse)
@localized
def evidence_reader(request: Request, case: str, evidence_id: Id) -> HTMLResponse:
    """One original as it reads, with what was found in it."""
    ws = workspace(request)
    found = case_for(request, case)
    view = evidence_view(ws, found, evidence_id)
    rows = evidence_rows(ws, found, evidence_id, _offset(request), ROWS)
    types = sorted({m["type"] for m in view["mentions"]})
    audit_read(request, "evidence", found, "evidence", evidence_id)
    return render(
        request,
        "evidence.html",
        case=found,
        active="evidence",
        item=view,
        rows=rows,
        types=types,
        **reader_view(view),
    )


@router.get("/cases/{case}/evidence/{evidence_id}/rows", response_class=HTMLResponse)
@localized
def evidence_rows_part(request: Request, case: str, evidence_id: Id) -> HTMLResponse:
    """One page of call or subscriber rows (the HTMX partial the reader's pager loads)."""
    ws = workspace(request)
    found = case_for(request, case)
    rows = evidence_rows(ws, found, evidence_id, _offset(request), ROWS)
    return render(request, "partials/evidence_rows.html", case=found, item={"id": evidence_id}, rows=rows)
