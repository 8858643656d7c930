"""Writers in several threads and processes at once leave one unbroken audit chain (PostgreSQL, SQLite)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from filiere.cases import create_case
from filiere.store import audit
from filiere.store.tables import audit_log
from filiere.verify import verify_workspace
from filiere.workspace import Workspace
from tests.conftest import BACKENDS, new_database_url

THREADS = 6
PROCESSES = 2
WRITES = 15  # per thread or process

# Each process opens the workspace on its own, as a second `filiere` command or a web worker would.
WRITER = """
import sys
from filiere.cases import create_case
from filiere.workspace import Workspace

root, url, tag, writes = sys.argv[1], sys.argv[2] or None, sys.argv[3], int(sys.argv[4])
ws = Workspace.open(root, url, actor=f"officer-{tag}")
for n in range(writes):
    if n % 3 == 0:
        create_case(ws, f"{tag}-{n}", country="NE")
    else:
        with ws.write() as conn:
            ws.log(conn, "test.note", "note", f"{tag}-{n}", n=n)
ws.close()
"""


def _write_in_thread(root: Path, url: str | None, tag: str, barrier: threading.Barrier, errors: list) -> None:
    try:
        ws = Workspace.open(root, url, actor=f"officer-{tag}")
        barrier.wait(timeout=60)
        for n in range(WRITES):
            if n % 3 == 0:
                create_case(ws, f"{tag}-{n}", country="NE")
            else:
                with ws.write() as conn:
                    ws.log(conn, "test.note", "note", f"{tag}-{n}", n=n)
        ws.close()
    except Exception as exc:  # reported by the test, which runs in another thread
        errors.append(exc)


@pytest.fixture(params=BACKENDS)
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str | None]]:
    url = new_database_url(request.param, request)
    ws = Workspace.open(tmp_path / "ws", url)
    create_case(ws, "shared", country="NE")
    ws.close()
    yield tmp_path / "ws", url


def test_concurrent_writers_keep_the_audit_chain_whole(shared: tuple[Path, str | None]) -> None:
    root, url = shared
    errors: list[Exception] = []
    barrier = threading.Barrier(THREADS)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), url or "", f"p{n}", str(WRITES)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    threads = [
        threading.Thread(target=_write_in_thread, args=(root, url, f"t{n}", barrier, errors))
        for n in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for process in processes:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert errors == []

    ws = Workspace.open(root, url)
    try:
        expected = 1 + (THREADS + PROCESSES) * WRITES
        assert audit.count(ws.engine) == expected
        with ws.engine.connect() as conn:
            repeated = conn.execute(
                select(audit_log.c.prev_hash).group_by(audit_log.c.prev_hash).having(func.count() > 1)
            ).all()
            ids = conn.execute(select(audit_log.c.id).order_by(audit_log.c.id)).scalars().all()
        assert repeated == []
        assert ids == list(range(1, expected + 1))
        assert ws.anchor.read() == audit.head(ws.engine)
        report = verify_workspace(ws)
        assert report.ok, report.problems
        assert report.rows_checked == expected
    finally:
        ws.close()


def test_an_append_outside_writing_still_takes_the_chain_lock(shared: tuple[Path, str | None]) -> None:
    """audit.append serialises by itself on PostgreSQL, whatever transaction the caller opened."""
    root, url = shared
    if url is None:
        pytest.skip("SQLite serialises writers with BEGIN IMMEDIATE in store.database.writing")
    errors: list[Exception] = []
    barrier = threading.Barrier(4)

    def append(tag: str) -> None:
        ws = Workspace.open(root, url)
        try:
            barrier.wait(timeout=60)
            for n in range(10):
                with ws.engine.begin() as conn:  # a plain transaction, not ws.write()
                    audit.append(conn, actor=tag, action="test.raw", object_type="note", object_id=n)
        except Exception as exc:
            errors.append(exc)
        finally:
            ws.close()

    threads = [threading.Thread(target=append, args=(f"raw{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    ws = Workspace.open(root, url)
    try:
        assert audit.count(ws.engine) == 1 + 4 * 10
        _checked, problems = audit.check_chain(ws.engine)
        assert problems == []
    finally:
        ws.close()
