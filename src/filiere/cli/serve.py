"""`filiere serve`: the web workbench on this machine (default 127.0.0.1:8000, nothing exposed)."""

from __future__ import annotations

from typing import Annotated

import typer

from filiere.cli.context import OPTIONS
from filiere.cli.output import console
from filiere.i18n import _


def serve(
    host: Annotated[
        str, typer.Option("--host", help=_("Address to listen on (127.0.0.1: this machine only)."))
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option("--port", help=_("Port to listen on."))] = 8000,
) -> None:
    """Serve the web workbench."""
    import uvicorn

    from filiere.web.app import create_app

    app = create_app(OPTIONS.workspace, OPTIONS.db)
    console.print(
        _("Filière is served at http://{host}:{port}/ (Ctrl-C to stop)").format(host=host, port=port)
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
