"""What every route needs: the request's workspace and user, the case it names (checked), the snapshot
cache, the language.

Case access lives here, in one place. `guard` is an app-wide dependency (see app.py): before any route
that has a `{case}` in its path runs, it asks `security.access.require_case` whether the request's user
may do what the request does there — read for GET, "mla" for a post under …/mla, "write" for any other
post. A case the user cannot open answers 404 exactly as a case that does not exist (so nothing tells
that it exists); an action their role or rights do not allow in a case they can open answers 403. Routes
then take the checked case from `case_for` (or `CaseDep` in the API). The lists without a case (the case
list) use `visible_cases`.

Errors a user can cause (`FiliereError`) become JSON answers {"detail": message} with a status code,
never a traceback: 404 for an unknown case, evidence or entity, 400 for a request that cannot be done.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request

from filiere.cases import Case
from filiere.errors import CaseNotFound, FiliereError
from filiere.i18n import using_language
from filiere.security.access import require_case, visible_cases
from filiere.security.errors import AccessDenied, AuthError
from filiere.security.users import User
from filiere.web.auth import LAPTOP, Identity
from filiere.web.language import request_language
from filiere.web.snapshot import Snapshot, SnapshotCache
from filiere.workspace import Workspace

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MAX_ID = 2**31 - 1  # ids are INTEGER columns (32-bit on PostgreSQL): a bigger one is a 422, never a 500
Id = Annotated[int, Path(ge=0, le=MAX_ID)]  # an id or number in a page's path


async def use_language(
    request: Request,
    lang: Annotated[str | None, Query(description="Language of messages and summaries: fr or en.")] = None,
) -> AsyncIterator[str]:
    """Answer in the request's language (`?lang=`, cookie, Accept-Language: `web.language`). Async so
    that the context variable it sets is the one the (threaded) endpoint and other dependencies copy."""
    with using_language(request_language(request)) as language:
        yield language


def identity(request: Request) -> Identity:
    """Who made the request (set by the login middleware; the laptop mode when there is none)."""
    return getattr(request.state, "identity", None) or LAPTOP


def current_user(request: Request) -> User | None:
    """The logged-in user, or None in the laptop mode."""
    return identity(request).user


def workspace(request: Request) -> Workspace:
    """The request's workspace: the app's, with the logged-in user as the audit log's actor."""
    return getattr(request.state, "workspace", None) or request.app.state.workspace


def snapshots(request: Request) -> SnapshotCache:
    """The app's snapshot cache, made on first use (one per app, so per workspace)."""
    cache = getattr(request.app.state, "snapshots", None)
    if cache is None:
        cache = request.app.state.snapshots = SnapshotCache()
    return cache


def action_for(request: Request) -> str:
    """What a request does in its case: read (GET), mla (a post under …/mla), write (any other post)."""
    if request.method in SAFE_METHODS:
        return "read"
    return "mla" if "/mla" in request.url.path else "write"


def case_for(request: Request, slug: str, *, write: bool = False, action: str | None = None) -> Case:
    """The case `slug` if the request's user may do `action` there (default: what `action_for` says, or
    "write" when `write`): 404 when they cannot open it (as for a missing case), 403 when they may open
    it but not do this. The guard's answer for this request is reused."""
    wanted = action or ("write" if write else action_for(request))
    checked = getattr(request.state, "checked_case", None)
    if checked is not None and checked[0] == (slug, wanted):
        return checked[1]
    with using_language(request_language(request)):
        try:
            found = require_case(workspace(request), current_user(request), slug, action=wanted)
        except CaseNotFound as exc:
            raise HTTPException(404, str(exc)) from exc
        except AccessDenied as exc:
            raise HTTPException(403, str(exc)) from exc
        except AuthError as exc:  # a visitor reached a case route with no identity: fail closed
            raise HTTPException(401, str(exc)) from exc
    request.state.checked_case = ((slug, wanted), found)
    return found


def guard(request: Request) -> None:
    """App-wide dependency: a route whose path names a case runs only for a user allowed to act there."""
    slug = request.path_params.get("case")
    if slug is not None:
        case_for(request, slug)


def cases_visible(request: Request) -> list[Case]:
    """The cases the request's user may open (every case in the laptop mode), by name."""
    return visible_cases(workspace(request), current_user(request))


WorkspaceDep = Annotated[Workspace, Depends(workspace)]


def case(request: Request, case: Annotated[str, Path(description="Case name (slug).")]) -> Case:
    return case_for(request, case)


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
