"""Whether a workspace asks for a login: the laptop mode (no users) needs none.

`auth_enabled(ws)` is true when settings.toml says `[auth] enabled = "true"` OR when the database holds
any user at all. The second rule matters for a unit's server: the PostgreSQL database is shared while
settings.toml is one copy per folder, so the users in the database, not a local file, decide; once a
workspace has users it can no longer be opened without a login by editing a file. The setting alone can
turn login on before any user exists (then nobody can log in until `filiere user add`).

`filiere user add` on a workspace without users creates the first user (an admin) and writes the setting.
"""

from __future__ import annotations

import tomllib

from sqlalchemy import exists, select

from filiere.errors import WorkspaceError
from filiere.i18n import _
from filiere.store.tables import users
from filiere.workspace import SETTINGS_FILE, Workspace, _write_settings


def setting_enabled(ws: Workspace) -> bool:
    """True when the workspace's settings.toml turns login on."""
    return _enabled_in(ws.settings or {})


def _enabled_in(settings: dict) -> bool:
    value = (settings.get("auth") or {}).get("enabled", False)
    return value is True or str(value).strip().lower() in ("true", "yes", "1")


def has_users(ws: Workspace) -> bool:
    with ws.engine.connect() as conn:
        return bool(conn.execute(select(exists().where(users.c.id.is_not(None)))).scalar())


def auth_enabled(ws: Workspace) -> bool:
    """True when the web UI and the API must ask who is there (see the module's docstring)."""
    return setting_enabled(ws) or has_users(ws)


def enable_auth(ws: Workspace) -> None:
    """Write `[auth] enabled = "true"` into settings.toml, keeping the other settings."""
    path = ws.root / SETTINGS_FILE
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else dict(ws.settings)
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(_("{path} is not valid TOML: {error}").format(path=path, error=exc)) from exc
    if _enabled_in(settings):
        ws.settings = settings
        return
    if "auth" in settings:
        settings["auth"] = {**settings["auth"], "enabled": "true"}
        _write_settings(path, settings)
    else:  # append, keeping the file's comments and layout as they are
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        path.write_text(text.rstrip("\n") + '\n\n[auth]\nenabled = "true"\n', encoding="utf-8")
        settings["auth"] = {"enabled": "true"}
    ws.settings = settings
