"""Who is there, for every request: the login middleware of a unit's server.

Once a workspace asks for a login (`security.mode.auth_enabled`, or `filiere serve --auth`), a request
gets through only with a valid session cookie (the web UI) or `Authorization: Bearer <token>` (scripts);
otherwise the JSON API and the OpenAPI document answer 401 and a page sends the browser to /login. Only
the login page and the vendored static files are public. The check runs here, before any route, so that
no route can forget it; which cases the user may open is checked next, by `deps.guard`.

Every request also gets its own Workspace whose `actor` is the user's name, so whatever the request writes
to the audit log (a merge, a download, a read) names the person. In the laptop mode (no users) nothing is
asked and the workspace's own actor is kept, as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from filiere.i18n import _, using_language
from filiere.security.access import actor_name, lookup_session, user_for_token
from filiere.security.errors import AuthError
from filiere.security.mode import auth_enabled
from filiere.security.sessions import Session
from filiere.security.users import User
from filiere.web.language import request_language
from filiere.workspace import Workspace

SESSION_COOKIE = "filiere_session"
LOGIN_PATH = "/login"
PUBLIC_PATHS = (LOGIN_PATH,)
PUBLIC_PREFIXES = ("/static/",)
API_PATHS = ("/api/", "/openapi.json")


@dataclass
class AuthSettings:
    """How a server asks who is there. `required`: `filiere serve --auth` (login even if the workspace
    has no user yet, which then lets nobody in); `secure_cookies`: mark cookies Secure even over http (a
    TLS proxy in front); `now`: the clock, for tests (sessions and lockouts expire by it)."""

    required: bool = False
    secure_cookies: bool = False
    now: Callable[[], datetime] | None = None
    enabled: bool = False  # once login is on, it stays on for this server

    def clock(self) -> datetime | None:
        return self.now() if self.now else None


@dataclass(frozen=True)
class Identity:
    """The person behind a request: `via` is "session" (cookie), "token" (Bearer) or "laptop" (no login)."""

    user: User | None
    via: str
    session: Session | None = None
    secret: str | None = None  # the session cookie's value (to log out)


LAPTOP = Identity(None, "laptop")


def settings_of(app) -> AuthSettings:
    settings = getattr(app.state, "auth", None)
    if settings is None:
        settings = app.state.auth = AuthSettings()
    return settings


def login_required(app) -> bool:
    """True when this server asks for a login (checked on each request until it is, then kept)."""
    settings = settings_of(app)
    if not settings.enabled:
        settings.enabled = settings.required or auth_enabled(app.state.workspace)
    return settings.enabled


def identify(request: Request, ws: Workspace, settings: AuthSettings) -> Identity | None:
    """The identity a request proves with its Bearer token or session cookie; None when it proves none."""
    header = request.headers.get("authorization", "")
    scheme, _sep, credentials = header.partition(" ")
    if scheme.lower() == "bearer":
        try:
            return Identity(user_for_token(ws, credentials.strip(), now=settings.clock()), "token")
        except AuthError:
            return None
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        found = lookup_session(ws, secret, now=settings.clock())
        if found:
            return Identity(found[0], "session", found[1], secret)
    return None


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def is_api(path: str) -> bool:
    return path.startswith(API_PATHS) or path == "/api"


def safe_next(target: str | None) -> str:
    """A path on this server to go to after login: never another site (`//host`, `/\\host`, `http:`)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return "/"
    if any(ord(c) < 32 for c in target) or target.split("?", 1)[0] == LOGIN_PATH:
        return "/"
    return target


def refuse(request: Request) -> Response:
    """401 for the API and HTMX, the login page (with the way back) for a page."""
    path = request.url.path
    with using_language(request_language(request)):
        message = _("Log in first: this server asks who you are (a session or an API token).")
    if is_api(path):
        return JSONResponse({"detail": message}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": LOGIN_PATH})
    here = path + (f"?{request.url.query}" if request.url.query else "")
    target = LOGIN_PATH
    if request.method in ("GET", "HEAD") and safe_next(here) != "/":
        target += "?next=" + quote(here, safe="")
    return RedirectResponse(target, status_code=303)


class LoginMiddleware:
    """ASGI middleware: puts the request's Identity and Workspace in `request.state`, or refuses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        app = scope["app"]
        ws: Workspace = app.state.workspace
        state = scope.setdefault("state", {})
        if not await run_in_threadpool(login_required, app):
            state.update(identity=LAPTOP, workspace=ws)
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        identity = await run_in_threadpool(identify, request, ws, settings_of(app))
        if identity is None:
            if not is_public(request.url.path):
                await refuse(request)(scope, receive, send)
                return
            state.update(identity=Identity(None, "anonymous"), workspace=ws)
        else:
            own = dataclasses.replace(ws, actor=actor_name(identity.user))
            state.update(identity=identity, workspace=own)
        await self.app(scope, receive, send)
