"""`create_app(workspace, db)`: the FastAPI application — JSON API, pages and vendored static files.

One workspace per server (the unit's laptop or server); each request opens nothing new: the workspace is
opened once and shared, SQLAlchemy's pool serving the requests.

What stands between a request and a route, outermost first: `SecurityHeaders` (CSP and hardening
headers on every answer), `LoginMiddleware` (who is there; 401 or the login page when nobody), then two
app-wide dependencies that every route gets whether it asks or not: `deps.guard` (may this user act in
the case the path names? 404 if they may not open it) and `csrf.csrf_guard` (same origin and the form's
token on every POST). The interactive API docs (Swagger UI, ReDoc) are off: they load from a CDN, which
an offline server cannot reach and the Content-Security-Policy refuses; /openapi.json stays.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from filiere import __version__
from filiere.i18n import _, using_language
from filiere.web.auth import AuthSettings, LoginMiddleware, is_api
from filiere.web.csrf import csrf_guard
from filiere.web.deps import guard
from filiere.web.headers import SecurityHeaders
from filiere.web.language import request_language
from filiere.workspace import Workspace

STATIC = Path(__file__).parent / "static"


def create_app(
    workspace: str | Path | None = None,
    db_url: str | None = None,
    *,
    require_login: bool = False,
    secure_cookies: bool = False,
) -> FastAPI:
    """The app over one workspace. `require_login` (`filiere serve --auth`) asks for a login even where
    the workspace does not (a workspace with users always does); `secure_cookies` marks the cookies
    Secure even over http (behind a TLS proxy)."""
    from filiere.web import api, chart_pages, login_pages, output_pages, pages

    app = FastAPI(
        title="Filière",
        version=__version__,
        description="Offline workbench against trafficking in persons and migrant smuggling: the case API.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(guard), Depends(csrf_guard)],
    )
    app.state.workspace = Workspace.open(workspace, db_url)
    app.state.auth = AuthSettings(required=require_login, secure_cookies=secure_cookies)
    app.include_router(api.router, prefix="/api")
    app.include_router(login_pages.router)
    app.include_router(pages.router)
    app.include_router(chart_pages.router)
    app.include_router(output_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(StarletteHTTPException, error_answer)
    app.add_middleware(LoginMiddleware)
    app.add_middleware(SecurityHeaders)
    return app


async def error_answer(request: Request, exc: StarletteHTTPException) -> Response:
    """JSON {"detail"} for the API (FastAPI's own answer), the error page in the right language for a page."""
    if is_api(request.url.path):
        return await http_exception_handler(request, exc)
    from filiere.web.templating import render

    message = exc.detail
    with using_language(request_language(request)):
        if exc.status_code == 404 and message == HTTPStatus.NOT_FOUND.phrase:
            message = _("There is nothing at this address.")
        response = render(request, "error.html", status_code=exc.status_code, message=message)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response
