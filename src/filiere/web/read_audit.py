"""Audit of reads: who looked at which evidence, searched for what, took which export — one row per request.

Rows go to the same hash-chained audit log as every change (`ws.log`), with the request's actor (the
logged-in user, or the workspace's actor in the laptop mode). Actions:
- read.evidence  an original opened in the reader, or its content or rows through the API;
- read.search    a search in a case (the words searched are kept: an inspector asks what was looked for);
- read.export    the case's network, people, timeline or route taken whole through the API.
Downloads were already audited before logins existed, by the functions that write the file:
`evidence.export` (an original) and `mla.export` (a request as DOCX/PDF); they now carry the user too.
HTMX fragments that only page through what an audited page showed (call rows) and static files write
nothing, and none of these rows counts as a change of data for the analysis cache (web.snapshot).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from filiere.cases import Case
from filiere.web.deps import identity, workspace

READ_PREFIX = "read."


def audit_read(
    request: Request, action: str, case: Case, object_type: str, object_id: Any, **details: Any
) -> None:
    """Append one `read.*` row for this request (`action` without its prefix: "evidence", "search"…)."""
    ws = workspace(request)
    details = {k: v for k, v in details.items() if v is not None}
    with ws.write() as conn:
        ws.log(
            conn,
            READ_PREFIX + action,
            object_type,
            object_id,
            case_id=case.id,
            via=identity(request).via,
            path=request.url.path,
            **details,
        )
