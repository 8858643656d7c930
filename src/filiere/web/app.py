"""`create_app(workspace, db)`: the FastAPI application — JSON API, pages and vendored static files.

One workspace per server (the unit's laptop or server); each request opens nothing new: the workspace is
opened once and shared, SQLAlchemy's pool serving the requests.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from filiere import __version__
from filiere.workspace import Workspace

STATIC = Path(__file__).parent / "static"


def create_app(workspace: str | Path | None = None, db_url: str | None = None) -> FastAPI:
    from filiere.web import api, chart_pages, pages

    app = FastAPI(
        title="Filière",
        version=__version__,
        description="Offline workbench against trafficking in persons and migrant smuggling: the case API.",
        docs_url="/api/docs",
        openapi_url="/openapi.json",
    )
    app.state.workspace = Workspace.open(workspace, db_url)
    app.include_router(api.router, prefix="/api")
    app.include_router(pages.router)
    app.include_router(chart_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
