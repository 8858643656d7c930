"""What every API call needs: the workspace, the case named in the path, the snapshot cache, the language.

Errors a user can cause (`FiliereError`) become JSON answers {"detail": message} with a status code,
never a traceback: 404 for an unknown case, evidence or entity, 400 for a request that cannot be done.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request

from filiere.cases import Case, get_case
from filiere.errors import CaseNotFound, FiliereError
from filiere.i18n import using_language
from filiere.web.language import request_language
from filiere.web.snapshot import Snapshot, SnapshotCache
from filiere.workspace import Workspace


async def use_language(
    request: Request,
    lang: Annotated[str | None, Query(description="Language of messages and summaries: fr or en.")] = None,
) -> AsyncIterator[str]:
    """Answer in the request's language (`?lang=`, cookie, Accept-Language: `web.language`). Async so
    that the context variable it sets is the one the (threaded) endpoint and other dependencies copy."""
    with using_language(request_language(request)) as language:
        yield language


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


def snapshots(request: Request) -> SnapshotCache:
    """The app's snapshot cache, made on first use (one per app, so per workspace)."""
    cache = getattr(request.app.state, "snapshots", None)
    if cache is None:
        cache = request.app.state.snapshots = SnapshotCache()
    return cache


WorkspaceDep = Annotated[Workspace, Depends(workspace)]


def case(ws: WorkspaceDep, case: Annotated[str, Path(description="Case name (slug).")]) -> Case:
    try:
        return get_case(ws, case)
    except CaseNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


CaseDep = Annotated[Case, Depends(case)]


def snapshot(
    ws: WorkspaceDep, found: CaseDep, cache: Annotated[SnapshotCache, Depends(snapshots)]
) -> Snapshot:
    return cache.get(ws, found)


SnapshotDep = Annotated[Snapshot, Depends(snapshot)]


@contextmanager
def user_errors(status: int = 404) -> Iterator[None]:
    """Turn a `FiliereError` raised inside into an HTTP answer with its message."""
    try:
        yield
    except FiliereError as exc:
        raise HTTPException(status, str(exc)) from exc
