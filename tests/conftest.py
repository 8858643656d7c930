"""Fixtures: every workspace test runs against SQLite and against a real PostgreSQL server.

FILIERE_TEST_BACKENDS=sqlite limits a local run to SQLite; `make test` runs both.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from filiere.i18n import set_language
from filiere.store.database import make_engine, migrate
from filiere.workspace import Workspace
from tests.support.cli import CliRunner
from tests.support.postgres import TempPostgres

BACKENDS = [b for b in os.environ.get("FILIERE_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
TEMPLATE = "filiere_template"
_db_counter = itertools.count()


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read English messages unless they switch language themselves."""
    monkeypatch.setenv("FILIERE_LANG", "en")
    monkeypatch.setenv("FILIERE_USER", "test-officer")
    monkeypatch.delenv("FILIERE_WORKSPACE", raising=False)
    monkeypatch.delenv("FILIERE_DB", raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Server URL (no database): a temporary server, or FILIERE_TEST_PG_URL."""
    given = os.environ.get("FILIERE_TEST_PG_URL")
    server = None
    if given:
        base = given
    else:
        server = TempPostgres()
        base = server.start()
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE}"))
        conn.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    template_engine = make_engine(f"{base}/{TEMPLATE}")
    migrate(template_engine)
    template_engine.dispose()
    admin.dispose()
    yield base
    if server:
        server.stop()


def new_database_url(kind: str, request: pytest.FixtureRequest) -> str | None:
    """A fresh, migrated, empty database of `kind`; None for SQLite (the workspace makes its own file)."""
    if kind == "sqlite":
        return None
    base = request.getfixturevalue("postgres_url")
    name = f"t{os.getpid()}_{next(_db_counter)}"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    admin.dispose()
    return f"{base}/{name}"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> str | None:
    return new_database_url(request.param, request)


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    return tmp_path / "ws"


@pytest.fixture
def workspace(workspace_dir: Path, db_url: str | None) -> Iterator[Workspace]:
    ws = Workspace.open(workspace_dir, db_url)
    yield ws
    ws.close()


@pytest.fixture
def cli(workspace_dir: Path, db_url: str | None) -> CliRunner:
    """Runs `filiere` in-process on the test's workspace (same backend as the `workspace` fixture)."""
    return CliRunner(workspace_dir, db_url)


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def sample_case_dir() -> Path:
    return EXAMPLES / "sample-case" / "evidence"
