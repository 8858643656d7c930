"""A workspace: a folder with the database (or a PostgreSQL URL), the blob store and settings.toml.

Opening a workspace creates what is missing and migrates an older schema to the current one.
"""

from __future__ import annotations

import getpass
import os
import socket
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from filiere.errors import WorkspaceError
from filiere.i18n import _
from filiere.store import audit
from filiere.store.blobs import BlobStore
from filiere.store.database import make_engine, migrate, writing

DEFAULT_DIR = "filiere-workspace"
SETTINGS_FILE = "settings.toml"
DB_FILE = "filiere.db"


def default_actor() -> str:
    """Who is acting: FILIERE_USER, else the operating-system account, with the machine name."""
    user = os.environ.get("FILIERE_USER")
    if not user:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
    return f"{user}@{socket.gethostname()}"


def _write_settings(path: Path, settings: dict[str, Any]) -> None:
    lines = ["# Filière workspace settings", ""]
    for section, values in settings.items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'{key} = "{escaped}"')
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


@dataclass
class Workspace:
    root: Path
    url: str
    engine: Engine
    blobs: BlobStore
    settings: dict[str, Any] = field(default_factory=dict)
    actor: str = field(default_factory=default_actor)

    @classmethod
    def open(
        cls, root: str | Path | None = None, db_url: str | None = None, actor: str | None = None
    ) -> Workspace:
        """Open (creating if needed) the workspace at `root`; `db_url` overrides the stored database."""
        root = Path(root or os.environ.get("FILIERE_WORKSPACE") or DEFAULT_DIR).expanduser()
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(
                _("Cannot create the workspace folder {path}: {error}").format(path=root, error=exc.strerror)
            ) from exc
        settings_path = root / SETTINGS_FILE
        settings: dict[str, Any] = {}
        if settings_path.is_file():
            try:
                settings = tomllib.loads(settings_path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise WorkspaceError(
                    _("{path} is not valid TOML: {error}").format(path=settings_path, error=exc)
                ) from exc
        db_url = db_url or os.environ.get("FILIERE_DB") or settings.get("database", {}).get("url")
        if not db_url:
            db_url = f"sqlite:///{(root / DB_FILE).resolve()}"
        if not settings_path.is_file():
            stored = {"workspace": {"format": "1"}}
            if not db_url.startswith("sqlite"):
                stored["database"] = {"url": _without_password(db_url)}
            _write_settings(settings_path, stored)
            settings = stored
        engine = make_engine(db_url)
        migrate(engine)
        return cls(
            root=root,
            url=db_url,
            engine=engine,
            blobs=BlobStore(root / "blobs"),
            settings=settings,
            actor=actor or default_actor(),
        )

    @property
    def anchor(self) -> audit.Anchor:
        return audit.Anchor(self.root / "audit-head.json")

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction; the audit anchor moves forward after it commits."""
        with writing(self.engine) as conn:
            yield conn
        newest = audit.head(self.engine)
        if newest:
            self.anchor.advance(*newest)

    def log(
        self,
        conn: Connection,
        action: str,
        object_type: str,
        object_id: str | int,
        case_id: int | None = None,
        **details: Any,
    ) -> dict[str, Any]:
        """Append an audit row for this workspace's actor inside the open write transaction."""
        return audit.append(
            conn,
            actor=self.actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            case_id=case_id,
            details=details,
        )

    def close(self) -> None:
        self.engine.dispose()


def _without_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True).replace("***", "")
