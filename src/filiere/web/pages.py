"""Server-rendered pages (Jinja2 + HTMX): the case list, a case's dashboard, timeline and search; the
evidence reader and entity pages come from their own modules, included here.

Pages read through the same functions as the CLI and the JSON API (`filiere.cases`, `filiere.evidence`,
`filiere.resolve.entities`, `web.queries`, `web.search`) and the shared analysis snapshot; they add no
query of their own beyond the dashboard's warnings. HTMX partials are plain GET routes returning a fragment,
each also reachable as part of a full page, so every page works without JavaScript. The case a page names
is the one `deps.case_for` checked for the request's user; the case list shows only the cases they may
open; a search is audited (read.search).
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import exists, select

from filiere.cases import Case, case_counts
from filiere.evidence import list_evidence
from filiere.resolve.entities import list_entities
from filiere.store.tables import mentions, observations
from filiere.web import entity_pages, evidence_pages, mla_pages
from filiere.web.deps import case_for, cases_visible, snapshots, workspace
from filiere.web.read_audit import audit_read
from filiere.web.search import search_case
from filiere.web.templating import localized, render, templates
from filiere.workspace import Workspace

router = APIRouter(include_in_schema=False)
router.include_router(evidence_pages.router)
router.include_router(entity_pages.router)
router.include_router(mla_pages.router)

KEY_PLAYERS = 10
RECENT = 8
SHOWN = 12  # items of each warning listed (the count says how many in all)
TIMELINE_PAGE = 200
TIMELINE_KINDS = ("call", "sms", "payment", "movement", "event")

__all__ = ["router", "templates"]


@router.get("/", response_class=HTMLResponse)
@localized
def case_list(request: Request) -> HTMLResponse:
    """Every case of the workspace the user may open, with what it holds."""
    ws = workspace(request)
    rows = [{"case": c, "counts": case_counts(ws, c)} for c in cases_visible(request)]
    return render(request, "cases.html", cases=rows)


def unresolved_names(ws: Workspace, case: Case) -> tuple[int, list[dict[str, Any]]]:
    """Person mentions resolved to nobody: how many, and the first few with their evidence."""
    resolved = exists().where(
        observations.c.mention_id == mentions.c.id, observations.c.entity_id.is_not(None)
    )
    where = (mentions.c.case_id == case.id, mentions.c.type == "person", ~resolved)
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(mentions.c.text, mentions.c.evidence_id).where(*where).order_by(mentions.c.id)
        ).all()
    return len(rows), [{"text": r.text, "evidence": r.evidence_id} for r in rows[:SHOWN]]


@router.get("/cases/{case}", response_class=HTMLResponse)
@localized
def dashboard(request: Request, case: str) -> HTMLResponse:
    """Counts, key players, roles, recent evidence and what needs an analyst's eye."""
    ws = workspace(request)
    found = case_for(request, case)
    analysis = snapshots(request).get(ws, found).analysis
    people = analysis["people"]
    names = {p["id"]: p["name"] for p in people}
    ranked = sorted((p for p in people if p["rank"] is not None), key=lambda p: p["rank"])
    roles = Counter(p["role"] for p in people if p["role"] and p["role"] != "unknown")
    by_role = {role: [p for p in people if p["role"] == role] for role in roles}
    unused = [p for p in analysis["phones"] if not p["users"]]
    single = [e for e in list_entities(ws, found) if e["observations"] <= 1]
    unresolved_count, unresolved = unresolved_names(ws, found)
    recent = sorted(list_evidence(ws, found), key=lambda e: (e["ingested_at"], e["id"]), reverse=True)
    return render(
        request,
        "dashboard.html",
        case=found,
        active="dashboard",
        counts=case_counts(ws, found),
        key_players=ranked[:KEY_PLAYERS],
        roles=[(role, n, by_role[role]) for role, n in roles.most_common()],
        recent=recent[:RECENT],
        unused_numbers=unused[:SHOWN],
        unused_count=len(unused),
        names=names,
        single=single[:SHOWN],
        single_count=len(single),
        unresolved=unresolved,
        unresolved_count=unresolved_count,
    )


def filter_timeline(
    items: list[dict[str, Any]], kinds: list[str], start: str | None, end: str | None
) -> list[dict[str, Any]]:
    """Items of the chosen kinds (all when none) dated within [start, end] (ISO dates, either may be empty;
    undated items are kept only when no date bound is given)."""
    chosen = set(kinds) & set(TIMELINE_KINDS)
    out = []
    for item in items:
        if chosen and item["kind"] not in chosen:
            continue
        day = (item["time"] or "")[:10]
        if (start or end) and not day:
            continue
        if (start and day < start) or (end and day > end):
            continue
        out.append(item)
    return out


def _timeline_context(request: Request, case: str) -> dict[str, Any]:
    found = case_for(request, case)
    params = request.query_params
    kinds = [k for k in params.getlist("kind") if k in TIMELINE_KINDS]
    start, end = params.get("from") or None, params.get("to") or None
    items = filter_timeline(
        snapshots(request).get(workspace(request), found).analysis["timeline"], kinds, start, end
    )
    try:
        page = max(0, int(params.get("page", "0")))
    except ValueError:
        page = 0
    filters = [("kind", k) for k in kinds] + [("from", start or ""), ("to", end or "")]

    def page_query(n: int) -> str:
        return urlencode([*filters, ("page", n)])

    return {
        "case": found,
        "active": "timeline",
        "kinds": TIMELINE_KINDS,
        "chosen": kinds,
        "start": start or "",
        "end": end or "",
        "items": items[page * TIMELINE_PAGE : (page + 1) * TIMELINE_PAGE],
        "total": len(items),
        "page": page,
        "pages": max(1, -(-len(items) // TIMELINE_PAGE)),
        "page_query": page_query,
    }


@router.get("/cases/{case}/timeline", response_class=HTMLResponse)
@localized
def timeline(request: Request, case: str) -> HTMLResponse:
    """Calls, messages, payments, movements and events in time order, filtered by kind and dates."""
    return render(request, "timeline.html", **_timeline_context(request, case))


@router.get("/cases/{case}/timeline/items", response_class=HTMLResponse)
@localized
def timeline_items(request: Request, case: str) -> HTMLResponse:
    """The timeline's list alone (the HTMX partial the filters reload)."""
    return render(request, "partials/timeline_items.html", **_timeline_context(request, case))


@router.get("/cases/{case}/search", response_class=HTMLResponse)
@localized
def search(request: Request, case: str, q: str = "") -> HTMLResponse:
    """People, numbers and passages of text matching `q` (case and accents ignored)."""
    found = case_for(request, case)
    results = search_case(workspace(request), found, q) if q.strip() else None
    if results is not None:
        audit_read(request, "search", found, "case", found.id, query=q, hits=results["text_total"])
    return render(request, "search.html", case=found, active="search", q=q, results=results)
