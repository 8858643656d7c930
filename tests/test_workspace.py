"""Workspaces: created on first use, SQLite in WAL mode, migrated from older schemas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from filiere.store.database import current_revision, head_revision, make_engine, migrate
from filiere.store.tables import include_name, metadata
from filiere.workspace import Workspace


def test_new_workspace_has_database_blobs_and_settings(workspace: Workspace) -> None:
    assert (workspace.root / "settings.toml").is_file()
    assert current_revision(workspace.engine) == head_revision()
    assert {"cases", "evidence", "calls", "turns", "subscribers", "audit_log"} <= set(
        inspect(workspace.engine).get_table_names()
    )


def test_sqlite_workspace_uses_wal(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    ws.close()
    conn = sqlite3.connect(tmp_path / "ws" / "filiere.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_migrations_produce_exactly_the_declared_schema(workspace: Workspace) -> None:
    with workspace.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_name": include_name}), metadata
        )
    assert diff == []


def test_opening_an_older_workspace_migrates_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old' / 'filiere.db'}"
    (tmp_path / "old").mkdir()
    engine = make_engine(url)
    migrate(engine, "0001")  # a workspace written by the first release
    assert "calls" not in inspect(engine).get_table_names()
    engine.dispose()
    ws = Workspace.open(tmp_path / "old")
    assert current_revision(ws.engine) == head_revision()
    assert "calls" in inspect(ws.engine).get_table_names()
    ws.close()


def test_environment_variable_chooses_the_workspace(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FILIERE_WORKSPACE", str(tmp_path / "from-env"))
    ws = Workspace.open()
    assert ws.root == tmp_path / "from-env"
    assert (tmp_path / "from-env" / "filiere.db").is_file()
    ws.close()
