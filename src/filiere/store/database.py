"""Engines for SQLite (embedded) and PostgreSQL (server) behind one small interface.

Callers use `writing(engine)` for every transaction that writes: on SQLite it takes the write lock up front
(BEGIN IMMEDIATE) and on PostgreSQL an advisory lock, so that the hash-chained audit log is appended by one
writer at a time and two ingests never interleave their chain rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, OperationalError

from filiere.errors import WorkspaceError
from filiere.i18n import _

MIGRATIONS = Path(__file__).parent / "migrations"
_AUDIT_LOCK_KEY = 727_001  # PostgreSQL advisory lock serialising writers of the audit chain


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    """Create the engine for `url`, with SQLite set to WAL, foreign keys and explicit transactions."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 60})
            _configure_sqlite(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ModuleNotFoundError) as exc:
        raise WorkspaceError(_("Unusable database URL {url}: {error}").format(url=url, error=exc)) from exc
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        immediate = connection.get_execution_options().get("filiere_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed on success, rolled back on any exception (Ctrl-C included)."""
    with engine.connect().execution_options(filiere_write=True) as conn, conn.begin():
        lock_audit_chain(conn)
        yield conn


def lock_audit_chain(conn: Connection) -> None:
    """On PostgreSQL, hold the audit chain's lock until this transaction ends (re-entrant: taking it again
    in the same transaction is harmless). SQLite needs nothing: in `writing` BEGIN IMMEDIATE made this
    transaction the only writer, and a deferred one that read a stale last row fails at its first write
    (WAL snapshot) instead of forking the chain."""
    if not is_sqlite(conn):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_AUDIT_LOCK_KEY})")


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    script = ScriptDirectory.from_config(_alembic_config(None))  # type: ignore[arg-type]
    head = script.get_current_head()
    assert head is not None
    return head


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default: the newest); a no-op on an up-to-date database."""
    try:
        if revision == "head" and current_revision(engine) == head_revision():
            return
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), revision)
    except OperationalError as exc:
        raise WorkspaceError(_("Cannot open the database: {error}").format(error=exc.orig)) from exc
