"""The entity page: one person's names, numbers, mentions in context, calls, payments and merge log, and the
merge and split forms. The forms post to the functions `filiere entity merge|split` uses (each decision is
audited and kept across later `filiere resolve`), then redirect back to the page (POST-redirect-GET).
Before a form's route runs, `deps.guard` has checked that the user holds write rights on the case and
`csrf.csrf_guard` that the form came from Filière's own page (same origin and token)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from filiere.cases import Case
from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.resolve.entities import entity_detail, list_entities, merge_entities, split_mention
from filiere.web.deps import MAX_ID, Id, case_for, snapshots, workspace
from filiere.web.queries import entity_view
from filiere.web.reader import segments
from filiere.web.templating import localized, render
from filiere.workspace import Workspace

router = APIRouter(include_in_schema=False)


@router.get("/cases/{case}/entities/{entity_id}", response_class=HTMLResponse)
@localized
def entity_page(request: Request, case: str, entity_id: Id) -> HTMLResponse:
    """Everything the case says about one person, with the actions that correct the resolution."""
    ws = workspace(request)
    found = case_for(request, case)
    view = entity_view(ws, found, entity_id, snapshots(request).get(ws, found))
    for m in view["mentions"]:
        c = m.get("context")
        m["segments"] = (
            segments(c["text"], [{"start": c["start"], "end": c["end"], "type": "person"}]) if c else []
        )
    others = [e for e in list_entities(ws, found) if e["id"] != entity_id]
    return render(
        request,
        "entity.html",
        case=found,
        active="entity",
        entity=view,
        others=others,
        split=request.query_params.get("split"),
        now_in=request.query_params.get("now_in"),
        merged=request.query_params.get("merged"),
    )


def _existing(ws: Workspace, found: Case, entity_id: int) -> None:
    """404 when the person in the form's address is not in this case (as for a page), before anything."""
    try:
        entity_detail(ws, found, entity_id)
    except FiliereError as exc:
        raise HTTPException(404, str(exc)) from exc


def _back(case: str, entity_id: int, **params: object) -> Response:
    query = f"?{urlencode(params)}" if params else ""
    return RedirectResponse(f"/cases/{case}/entities/{entity_id}{query}", status_code=303)


@router.post("/cases/{case}/entities/{entity_id}/merge")
@localized
def merge(
    request: Request, case: str, entity_id: Id, other: Annotated[int, Form(ge=0, le=MAX_ID)]
) -> Response:
    """Merge `other` into this person, as `filiere entity merge` does."""
    ws = workspace(request)
    found = case_for(request, case)
    _existing(ws, found, entity_id)
    if other == entity_id:
        raise FiliereError(_("Choose another person to merge with."))
    merged = merge_entities(ws, found, entity_id, other)
    return _back(case, merged["id"], merged=other)


@router.post("/cases/{case}/entities/{entity_id}/split")
@localized
def split(request: Request, case: str, entity_id: Id, key: Annotated[str, Form()]) -> Response:
    """Take one observation out of this person, as `filiere entity split` does."""
    ws = workspace(request)
    found = case_for(request, case)
    _existing(ws, found, entity_id)
    done = split_mention(ws, found, entity_id, key)
    try:
        entity_detail(ws, found, entity_id)
    except FiliereError:  # its last observation went: show where it is now
        return _back(case, done["now_in"])
    return _back(case, entity_id, split=done["split"], now_in=done["now_in"])
