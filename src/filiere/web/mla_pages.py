"""The mutual legal assistance pages of a case: the requests with their follow-up dates and a form that
drafts a new one; one request's summary, checker findings, history, evidence received, downloads and the
forms that move it on.

Every action calls the functions `filiere mla draft|status|follow-up|receive|export` call (`mla.draft`,
`mla.tracking`, `mla.outputs`), so the web and the command line keep one history and one audit log. Forms
post, then redirect back (POST-redirect-GET); a step refused (`FiliereError`) shows the same page again with
the message and what was typed (400). Before a post runs, `deps.guard` has checked that the user may
work on requests in the case ("mla": write rights and a role that drafts requests) and `csrf.csrf_guard`
that the form came from Filière's own page. Downloads are audited (mla.export) with the user's name.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from filiere.cases import Case
from filiere.errors import FiliereError
from filiere.evidence import list_evidence
from filiere.extract.language import fold_text
from filiere.i18n import _
from filiere.mla.check import check_request, summary
from filiere.mla.contacts import parse_contact
from filiere.mla.countries import all_countries
from filiere.mla.draft import draft_request
from filiere.mla.followup import NEXT, status_label
from filiere.mla.request import MEASURE_KINDS, Authority
from filiere.mla.tracking import (
    RequestNotFound,
    TrackedRequest,
    export_stored,
    get_request,
    link_received,
    list_requests,
    mark_sent_allowed,
    record_follow_up,
    set_status,
    store_draft,
    unlink_received,
)
from filiere.web.deps import MAX_ID, Id, case_for, workspace
from filiere.web.downloads import attachment
from filiere.web.language import request_language
from filiere.web.templating import localized, render
from filiere.workspace import Workspace

router = APIRouter(include_in_schema=False)

MEASURE_ROWS = 4  # empty measure rows the new-request form offers (empty ones are ignored)
FOLLOWED_UP = ("sent", "acknowledged")  # the statuses `record_follow_up` accepts
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
NEW_REQUEST_FIELDS = (
    "to", "lang", "authority", "function", "contact", "urgent", "deadline", "nature", "place", "reference",
)  # fmt: skip

Text = Annotated[str, Form()]


def state_names(lang: str) -> dict[str, str]:
    """ISO code -> the State's name in `lang`, for every State Filière holds requirements for, by name."""
    records = sorted(all_countries(), key=lambda r: fold_text(r.name.get(lang)))
    return {r.country: r.name.get(lang) for r in records}


def _missing(request: Request, exc: FiliereError) -> HTMLResponse:
    """An unknown request number is 404, for a form post too."""
    return render(request, "error.html", status_code=404, message=str(exc))


def _clean(value: str) -> str | None:
    return value.strip() or None


# --- the list and the new-request form ---------------------------------------------------------------


def _measure_rows(kinds: list[str], targets: list[str]) -> list[dict[str, str]]:
    """The rows typed (kept when the form comes back), then empty ones up to MEASURE_ROWS."""
    rows = [{"kind": k, "target": t} for k, t in zip(kinds, targets, strict=False) if t.strip()]
    rows += [{"kind": "", "target": ""}] * max(1, MEASURE_ROWS - len(rows))
    return rows


def _list_page(
    request: Request, found: Case, form: dict[str, Any] | None = None, error: str | None = None
) -> HTMLResponse:
    ws = workspace(request)
    lang = request_language(request)
    names = state_names(lang)
    today = dt.date.today()
    rows = [
        {**t.as_json(today), "state_name": names.get(t.requested_state)} for t in list_requests(ws, found)
    ]
    form = form or {"nature": "investigation", "measures": _measure_rows([], [])}
    states = [(code, name) for code, name in names.items() if code != (found.country or "").upper()]
    return render(
        request,
        "mla_list.html",
        status_code=400 if error else 200,
        case=found,
        active="mla",
        requests=rows,
        overdue=sum(r["overdue"] for r in rows),
        states=states,
        measure_kinds=MEASURE_KINDS,
        form=form,
        error=error,
        status_label=status_label,
    )


@router.get("/cases/{case}/mla", response_class=HTMLResponse)
@localized
def mla_list(request: Request, case: str) -> HTMLResponse:
    """The case's requests (as `filiere mla list`) and the form that drafts a new one."""
    return _list_page(request, case_for(request, case))


@router.post("/cases/{case}/mla", response_class=HTMLResponse)
@localized
def mla_draft(
    request: Request,
    case: str,
    to: Text = "",
    lang: Text = "",
    kind: Annotated[list[str] | None, Form()] = None,
    target: Annotated[list[str] | None, Form()] = None,
    authority: Text = "",
    function: Text = "",
    contact: Text = "",
    urgent: Text = "",
    deadline: Text = "",
    nature: Text = "investigation",
    place: Text = "",
    reference: Text = "",
) -> Response:
    """Draft a request from the case and keep it as a draft, as `filiere mla draft` does."""
    ws = workspace(request)
    found = case_for(request, case)
    values = dict(zip(NEW_REQUEST_FIELDS, (to, lang, authority, function, contact, urgent, deadline,
                                           nature, place, reference), strict=True))  # fmt: skip
    kind, target = kind or [], target or []
    measures = [f"{k}:{t.strip()}" for k, t in zip(kind, target, strict=False) if t.strip()]
    try:
        drafted = draft_request(
            ws,
            found,
            to,
            measures,
            language=_clean(lang),
            authority=Authority(name=authority.strip(), function=function.strip()),
            contacts=[parse_contact(line) for line in contact.splitlines() if line.strip()],
            urgent=_clean(urgent),
            deadline=_clean(deadline),
            nature=nature,
            place=place.strip(),
            reference=_clean(reference),
        )
        tracked = store_draft(ws, found, drafted)
    except FiliereError as exc:
        return _list_page(request, found, {**values, "measures": _measure_rows(kind, target)}, str(exc))
    return RedirectResponse(f"/cases/{case}/mla/{tracked.number}", status_code=303)


# --- one request -------------------------------------------------------------------------------------


def _request_page(
    request: Request,
    found: Case,
    tracked: TrackedRequest,
    form: str | None = None,
    values: dict[str, str] | None = None,
    error: str | None = None,
) -> HTMLResponse:
    """The request page; after a refused step, `form` names the form to show again with `values`."""
    ws = workspace(request)
    lang = request_language(request)
    body = tracked.request
    findings = summary(check_request(body))
    linked = {r.evidence_id for r in tracked.received}
    return render(
        request,
        "mla_request.html",
        status_code=400 if error else 200,
        case=found,
        active="mla",
        req=tracked.as_json(),
        body=body,
        state_name=state_names(lang).get(tracked.requested_state),
        findings=findings,
        next_statuses=NEXT[tracked.status],
        can_follow_up=tracked.status in FOLLOWED_UP,
        can_receive=tracked.status != "draft",
        evidence=[e for e in list_evidence(ws, found) if e["id"] not in linked],
        form=form,
        values=values or {},
        error=error,
        done=request.query_params.get("done"),
        status_label=status_label,
    )


def _lookup(request: Request, case: str, number: int) -> tuple[Case, TrackedRequest]:
    found = case_for(request, case)
    return found, get_request(workspace(request), found, number)


def _back(case: str, number: int, done: str) -> Response:
    return RedirectResponse(f"/cases/{case}/mla/{number}?done={done}", status_code=303)


@router.get("/cases/{case}/mla/{number}", response_class=HTMLResponse)
@localized
def mla_request(request: Request, case: str, number: Id) -> HTMLResponse:
    """One request: what `filiere mla show` prints, the downloads and the next steps."""
    found, tracked = _lookup(request, case, number)
    return _request_page(request, found, tracked)


Step = Callable[[Workspace, Case, TrackedRequest], object]


def _step(
    request: Request, case: str, number: int, form: str, values: dict[str, str], action: Step
) -> Response:
    """Run one step on the request; back to the page when done, the page with the message when refused."""
    ws = workspace(request)
    try:
        found, tracked = _lookup(request, case, number)
    except RequestNotFound as exc:
        return _missing(request, exc)
    try:
        action(ws, found, tracked)
    except FiliereError as exc:
        return _request_page(request, found, get_request(ws, found, number), form, values, str(exc))
    return _back(case, number, form)


@router.post("/cases/{case}/mla/{number}/status", response_class=HTMLResponse)
@localized
def mla_status(
    request: Request,
    case: str,
    number: Id,
    status: Text = "",
    on: Text = "",
    note: Text = "",
    their_reference: Text = "",
    due: Text = "",
    despite_errors: Text = "",
) -> Response:
    """The next step (sent, acknowledged, executed, refused), as `filiere mla status` records it."""
    values = {"status": status, "on": on, "note": note, "their_reference": their_reference, "due": due,
              "despite_errors": despite_errors}  # fmt: skip

    def action(ws: Workspace, found: Case, tracked: TrackedRequest) -> None:
        text = _clean(note)
        if status == "sent":
            text = mark_sent_allowed(tracked, _clean(despite_errors), text)
        set_status(
            ws, found, number, status, on=_clean(on), note=text,
            foreign_reference=_clean(their_reference), due=_clean(due),
        )  # fmt: skip

    return _step(request, case, number, "status", values, action)


@router.post("/cases/{case}/mla/{number}/follow-up", response_class=HTMLResponse)
@localized
def mla_follow_up(
    request: Request, case: str, number: Id, on: Text = "", note: Text = "", due: Text = ""
) -> Response:
    """A reminder sent about the request, as `filiere mla follow-up` records it."""

    def action(ws: Workspace, found: Case, tracked: TrackedRequest) -> None:
        record_follow_up(ws, found, number, on=_clean(on), note=_clean(note), due=_clean(due))

    return _step(request, case, number, "follow-up", {"on": on, "note": note, "due": due}, action)


@router.post("/cases/{case}/mla/{number}/received", response_class=HTMLResponse)
@localized
def mla_receive(
    request: Request, case: str, number: Id, evidence: Text = "", on: Text = "", note: Text = ""
) -> Response:
    """Evidence of the case that came back under the request, linked as `filiere mla receive --evidence`."""

    def action(ws: Workspace, found: Case, tracked: TrackedRequest) -> None:
        if not evidence.strip().isdigit() or int(evidence) > MAX_ID:
            raise FiliereError(_("Choose the evidence file that was received."))
        link_received(ws, found, number, [int(evidence)], on=_clean(on), note=_clean(note))

    return _step(request, case, number, "received", {"evidence": evidence, "on": on, "note": note}, action)


@router.post("/cases/{case}/mla/{number}/received/{evidence_id}/unlink", response_class=HTMLResponse)
@localized
def mla_unlink(request: Request, case: str, number: Id, evidence_id: Id) -> Response:
    """Undo a wrong link, as `filiere mla receive --unlink` (the evidence stays in the case)."""

    def action(ws: Workspace, found: Case, tracked: TrackedRequest) -> None:
        unlink_received(ws, found, number, evidence_id, None)

    return _step(request, case, number, "unlinked", {}, action)


# --- downloads ---------------------------------------------------------------------------------------


def download_name(tracked: TrackedRequest, extension: str) -> str:
    """A file name from the reference, with anything but letters, digits, '.', '-' and '_' replaced (the
    header is then written by `downloads.attachment`, which would also cope with anything else)."""
    stem = _UNSAFE.sub("_", tracked.reference or "").strip("._") or f"request-{tracked.number}"
    return f"{stem}.{extension}"


def _download(request: Request, case: str, number: int, extension: str) -> Response:
    """The stored version written as DOCX or PDF, audited as `filiere mla export` is."""
    ws = workspace(request)
    found, tracked = _lookup(request, case, number)
    name = download_name(tracked, extension)
    with tempfile.TemporaryDirectory(prefix="filiere-mla-") as folder:
        written = export_stored(ws, found, tracked, Path(folder) / "request.docx", shown_as=name)
        content = Path(written["output" if extension == "docx" else "pdf"]).read_bytes()
    return Response(
        content,
        media_type=MEDIA_TYPES[extension],
        headers={"Content-Disposition": attachment(name)},
    )


@router.get("/cases/{case}/mla/{number}/request.docx")
@localized
def mla_docx(request: Request, case: str, number: Id) -> Response:
    """The request as a Word document, in the request's language."""
    return _download(request, case, number, "docx")


@router.get("/cases/{case}/mla/{number}/request.pdf")
@localized
def mla_pdf(request: Request, case: str, number: Id) -> Response:
    """The request as a PDF, in the request's language."""
    return _download(request, case, number, "pdf")
