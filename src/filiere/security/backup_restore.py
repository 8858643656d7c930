"""`backup restore`: rebuild a workspace from a backup, into a new or empty folder and database only.

Order of work, so that a refused or failed restore leaves the target as it was:
1. the target folder must be missing or empty, and a database given by URL must hold no rows;
2. the backup is staged beside the target and every member checked (backup_archive) — nothing written yet;
3. settings.toml and the originals go into the folder; then ONE database transaction creates the schema by
   the migrations at the backup's revision, inserts the rows parents first, rebuilds the law library's
   full-text index, migrates an older backup up to this code's schema and resets PostgreSQL sequences;
   on any error the transaction is rolled back and the folder emptied again;
4. the anchor is set to the backup's audit head, `verify_workspace` runs (plus row counts and audit head
   against the manifest), and `backup.restore` is appended to the restored audit log.
A backup from a newer schema than this code knows is refused before anything is written.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, inspect, literal, select, table
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from filiere.errors import WorkspaceError
from filiere.i18n import _
from filiere.law.rank import forget
from filiere.security.backup_archive import unpack_verified
from filiere.security.backup_format import BackupError, url_without_password
from filiere.security.backup_load import known_revisions, load_database
from filiere.security.backup_snapshot import Progress
from filiere.store import audit
from filiere.store.blobs import BlobStore
from filiere.store.database import head_revision, make_engine
from filiere.verify import Problem, VerifyReport, verify_workspace
from filiere.workspace import DB_FILE, DEFAULT_DIR, SETTINGS_FILE, Workspace, _write_settings


@dataclass
class RestoreSummary:
    target: Path
    database: str
    manifest_sha256: str
    manifest: dict[str, Any]
    tables: int
    rows: int
    blobs: int
    bytes: int
    seconds: float
    report: VerifyReport

    def as_json(self) -> dict[str, Any]:
        return {
            "target": str(self.target),
            "database": self.database,
            "manifest_sha256": self.manifest_sha256,
            "backup_created_at": self.manifest["created_at"],
            "source_backend": self.manifest["source_backend"],
            "revision": self.manifest["alembic_revision"],
            "migrated_to": head_revision(),
            "tables": self.tables,
            "rows": self.rows,
            "blobs": self.blobs,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "audit_head": self.manifest["audit"]["head"],
            "verify": self.report.as_json(),
        }


def _require_empty_folder(root: Path) -> None:
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise BackupError(
            _(
                "{path} is not an empty folder: a backup is restored only into a new or empty workspace, "
                "so that nothing is overwritten. Choose another --workspace."
            ).format(path=root)
        )


def _require_empty_database(engine: Engine, url: str) -> None:
    if url.startswith("sqlite"):
        database = make_url(url).database
        if not database or not Path(database).is_file():
            return
    try:
        with engine.connect() as conn:
            for name in inspect(conn).get_table_names():
                if name == "alembic_version":
                    continue
                if conn.execute(select(literal(1)).select_from(table(name)).limit(1)).first() is not None:
                    raise BackupError(
                        _(
                            "The database {url} already holds data (table {table}): a backup is restored "
                            "only into an empty database. Create a new one (createdb) and give it with --db."
                        ).format(url=url_without_password(url), table=name)
                    )
    except OperationalError as exc:
        raise WorkspaceError(_("Cannot open the database: {error}").format(error=exc.orig)) from exc


def _check_revision(archive: Path, revision: str) -> None:
    if revision not in known_revisions():
        raise BackupError(
            _(
                "{path} was written by a newer Filière (database revision {revision}; this one knows up "
                "to {head}). Install that version or a newer one to restore it; nothing was restored."
            ).format(path=archive, revision=revision, head=head_revision())
        )


def _settings(manifest: dict[str, Any], db_url: str | None) -> dict[str, Any]:
    """The backup's settings with the database of the target: never the source server's URL."""
    settings = {key: value for key, value in manifest["settings"].items() if key != "database"}
    settings = {"workspace": settings.pop("workspace", {"format": "1"}), **settings}
    if db_url and not db_url.startswith("sqlite"):
        settings["database"] = {"url": url_without_password(db_url)}
    return settings


def _place_blobs(store: BlobStore, blobs: list[dict[str, Any]], staging: Path, progress: Progress) -> None:
    """Move the checked originals into the store (a rename when on the same disk), read-only."""
    progress.phase(_("Restoring originals"), len(blobs))
    for entry in blobs:
        staged, target = staging / entry["member"], store.path_for(entry["name"])
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(staged, target)
        except OSError:  # another file system: copy under a temporary name, then rename
            store.tmp.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=store.tmp, prefix="restore-")
            os.close(fd)
            shutil.copyfile(staged, tmp)
            os.replace(tmp, target)
        os.chmod(target, stat.S_IRUSR | stat.S_IRGRP)
        progress.advance(1)


def _empty_folder(root: Path, created: bool) -> None:
    if created:
        shutil.rmtree(root, ignore_errors=True)
        return
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _compare(ws: Workspace, manifest: dict[str, Any]) -> list[Problem]:
    """What verify_workspace cannot know: the rows and the audit head the backup promised are all here."""
    problems = []
    head = audit.head(ws.engine)
    expected = manifest["audit"]["head"]
    if (head and {"id": head[0], "row_hash": head[1]}) != (expected or None):
        problems.append(Problem("audit_log", _("the restored audit log does not end at the backup's head")))
    with ws.engine.connect() as conn:
        for entry in manifest["tables"]:
            count = conn.execute(select(func.count()).select_from(table(entry["name"]))).scalar_one()
            if count != entry["rows"]:
                problems.append(
                    Problem(
                        entry["member"],
                        _("{count} rows restored, {rows} in the backup").format(
                            count=count, rows=entry["rows"]
                        ),
                    )
                )
    return problems


def restore_backup(
    archive: str | Path,
    root: str | Path | None = None,
    db_url: str | None = None,
    progress: Progress | None = None,
) -> RestoreSummary:
    """Restore `archive` into the empty workspace `root` (and the empty database `db_url`, if given)."""
    started = time.monotonic()
    progress = progress or Progress()
    archive = Path(archive).expanduser()
    root = Path(root or os.environ.get("FILIERE_WORKSPACE") or DEFAULT_DIR).expanduser()
    url = db_url or f"sqlite:///{(root / DB_FILE).resolve()}"
    _require_empty_folder(root)
    engine = make_engine(url)
    try:
        if db_url:
            _require_empty_database(engine, url)
        parent = root.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".filiere-restore-", dir=parent) as staging:
            manifest, manifest_sha = unpack_verified(archive, Path(staging), progress)
            _check_revision(archive, manifest["alembic_revision"])
            created = not root.exists()
            try:
                root.mkdir(parents=True, exist_ok=True)
                _write_settings(root / SETTINGS_FILE, _settings(manifest, db_url))
                _place_blobs(BlobStore(root / "blobs"), manifest["blobs"], Path(staging), progress)
                rows = load_database(engine, manifest, Path(staging), progress)
            except BaseException:
                engine.dispose()
                _empty_folder(root, created)
                raise
    finally:
        engine.dispose()
    forget(url)  # law search figures cached for this URL in this process are stale
    ws = Workspace.open(root, db_url)
    try:
        head = manifest["audit"]["head"]
        if head:
            ws.anchor.advance(int(head["id"]), str(head["row_hash"]))
        report = verify_workspace(ws)
        report.problems += _compare(ws, manifest)
        with ws.write() as conn:
            ws.log(
                conn,
                "backup.restore",
                "backup",
                manifest_sha,
                file=str(archive.resolve()),
                created_at=manifest["created_at"],
                created_by=manifest.get("created_by"),
                source_backend=manifest["source_backend"],
                source_version=manifest.get("filiere_version"),
                revision=manifest["alembic_revision"],
                verified=report.ok,
            )
    finally:
        ws.close()
    return RestoreSummary(
        target=root,
        database=url_without_password(url),
        manifest_sha256=manifest_sha,
        manifest=manifest,
        tables=len(manifest["tables"]),
        rows=rows,
        blobs=len(manifest["blobs"]),
        bytes=archive.stat().st_size,
        seconds=time.monotonic() - started,
        report=report,
    )
