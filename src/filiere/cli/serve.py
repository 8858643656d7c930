"""`filiere serve`: the web workbench on this machine (default 127.0.0.1:8000, nothing exposed).

A workspace with users always asks for a login; `--auth` asks for one even where the workspace does not
say so, and refuses to start while nobody could log in. `--cert/--key` serve https directly (cookies are
then Secure and HSTS is sent); `--secure-cookies` marks cookies Secure behind a TLS proxy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from filiere.cli.context import OPTIONS
from filiere.cli.output import console
from filiere.errors import FiliereError
from filiere.i18n import _


def serve(
    host: Annotated[
        str, typer.Option("--host", help=_("Address to listen on (127.0.0.1: this machine only)."))
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option("--port", help=_("Port to listen on."))] = 8000,
    auth: Annotated[
        bool,
        typer.Option(
            "--auth", help=_("Require a login for every page and API call (users: `filiere user add`).")
        ),
    ] = False,
    cert: Annotated[
        Path | None, typer.Option("--cert", help=_("TLS certificate (PEM) to serve https; needs --key."))
    ] = None,
    key: Annotated[Path | None, typer.Option("--key", help=_("TLS private key (PEM) of --cert."))] = None,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            help=_("Mark cookies Secure even over http (behind a proxy that serves https)."),
        ),
    ] = False,
) -> None:
    """Serve the web workbench."""
    import uvicorn

    from filiere.security.mode import auth_enabled, has_users
    from filiere.web.app import create_app

    if (cert is None) != (key is None):
        raise FiliereError(_("Give both --cert and --key to serve https, or neither."))
    for path in (cert, key):
        if path is not None and not path.is_file():
            raise FiliereError(_("{path}: no such file").format(path=path))
    app = create_app(OPTIONS.workspace, OPTIONS.db, require_login=auth, secure_cookies=secure_cookies)
    ws = app.state.workspace
    if (auth or auth_enabled(ws)) and not has_users(ws):
        ws.close()
        raise FiliereError(
            _(
                "Login is required but this workspace has no user yet, so nobody could log in: add an "
                "admin first with `filiere user add NAME --role admin`."
            )
        )
    if cert:
        console.print(
            _("Filière is served at https://{host}:{port}/ (Ctrl-C to stop)").format(host=host, port=port)
        )
    else:
        console.print(
            _("Filière is served at http://{host}:{port}/ (Ctrl-C to stop)").format(host=host, port=port)
        )
    if auth or auth_enabled(ws):
        console.print(_("Login required: every page and API call asks who is there."))
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        ssl_certfile=str(cert) if cert else None,
        ssl_keyfile=str(key) if key else None,
    )
