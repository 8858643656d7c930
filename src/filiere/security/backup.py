"""`backup create`: the database, the originals and the audit log of a workspace in one verified file.

The tables are read in one read-only snapshot (SQLite: a WAL read transaction; PostgreSQL: REPEATABLE READ
READ ONLY), so the dump is what the workspace was at one instant while investigators keep working. The
audit chain is recomputed on the snapshot (audit_log is dumped first) and every original is hashed as it
is archived; a broken chain, a missing or altered original stops the backup unless `allow_broken`, and
then the manifest says what is wrong.

The file is written under a temporary name beside PATH and renamed only once complete and synced, so a
crash never leaves half a backup under the final name. `backup.create` is logged in the workspace AFTER
the file exists, with the manifest's SHA-256: the backup ends at the audit row before that event, which is
the snapshot's head (the row recorded as the restored workspace's anchor).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filiere import __version__
from filiere.i18n import _
from filiere.security.backup_format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MANIFEST_SUM,
    BackupError,
    blob_member,
    manifest_sum,
    redact_settings,
)
from filiere.security.backup_snapshot import Progress, Snapshot, refuse_if_broken, take_snapshot
from filiere.workspace import Workspace

_BLOB_NAME = set("0123456789abcdef")


@dataclass
class BackupSummary:
    path: Path
    manifest_sha256: str
    tables: int
    rows: int
    blobs: int
    bytes: int
    seconds: float
    audit_head: dict[str, Any] | None
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "manifest_sha256": self.manifest_sha256,
            "tables": self.tables,
            "rows": self.rows,
            "blobs": self.blobs,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "audit_head": self.audit_head,
            "integrity_ok": not self.problems,
            "problems": self.problems,
        }


def default_name(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"filiere-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz"


def _final_path(path: str | Path) -> Path:
    final = Path(path).expanduser()
    if final.is_dir():
        final = final / default_name()
    if final.exists():
        raise BackupError(
            _("{path} already exists; a backup never overwrites a file: choose another name").format(
                path=final
            )
        )
    if not final.parent.is_dir():
        raise BackupError(_("The folder {path} does not exist").format(path=final.parent))
    return final


def create_backup(
    ws: Workspace, path: str | Path, allow_broken: bool = False, progress: Progress | None = None
) -> BackupSummary:
    """Write the backup of `ws` to `path` (a file name, or a folder to put a dated file in)."""
    started = time.monotonic()
    progress = progress or Progress()
    final = _final_path(path)
    with tempfile.TemporaryDirectory(prefix=".filiere-backup-", dir=final.parent) as work:
        snap = take_snapshot(ws, Path(work), allow_broken, progress)
        blobs = _blob_files(ws, snap)
        refuse_if_broken(snap.problems, allow_broken)
        manifest_bytes, blob_entries = _write_archive(ws, final, snap, blobs, allow_broken, progress)
    manifest_sha = manifest_sum(manifest_bytes).split()[0].decode()
    summary = BackupSummary(
        path=final,
        manifest_sha256=manifest_sha,
        tables=len(snap.tables),
        rows=sum(t["rows"] for t in snap.tables),
        blobs=len(blob_entries),
        bytes=final.stat().st_size,
        seconds=time.monotonic() - started,
        audit_head=snap.head,
        problems=list(snap.problems),
    )
    with ws.write() as conn:
        ws.log(
            conn,
            "backup.create",
            "backup",
            manifest_sha,
            file=str(final.resolve()),
            covers_audit_rows=snap.head["id"] if snap.head else 0,
            tables=summary.tables,
            rows=summary.rows,
            blobs=summary.blobs,
            bytes=summary.bytes,
            integrity_ok=not snap.problems,
        )
    return summary


def _blob_files(ws: Workspace, snap: Snapshot) -> list[Path]:
    """Every original in the blob store (orphans of an interrupted ingest too); notes missing ones."""
    found: dict[str, Path] = {}
    root = ws.blobs.root
    if root.is_dir():
        for path in filter(Path.is_file, root.glob("??/??/*")):
            name = path.name
            if len(name) == 64 and set(name) <= _BLOB_NAME and path == ws.blobs.path_for(name):
                found[name] = path
    for sha in sorted(snap.referenced - set(found)):
        snap.problems.append(_("the original {sha256} is missing from the blob store").format(sha256=sha))
    return [found[name] for name in sorted(found)]


class _HashingReader:
    """Reads a file for tarfile while hashing it, so each original is read once."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _tar_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o600
    return info


def _write_archive(
    ws: Workspace, final: Path, snap: Snapshot, blobs: list[Path], allow_broken: bool, progress: Progress
) -> tuple[bytes, list[dict[str, Any]]]:
    compressed = final.name.endswith((".gz", ".tgz"))
    fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".partial")
    now = time.time()
    try:
        with os.fdopen(fd, "wb") as raw:
            options: dict[str, Any] = {"compresslevel": 6} if compressed else {}
            with tarfile.open(fileobj=raw, mode="w:gz" if compressed else "w", **options) as tar:
                progress.phase(_("Writing tables"), len(snap.tables))
                for table in snap.tables:
                    with open(snap.files[table["name"]], "rb") as handle:
                        tar.addfile(_tar_info(table["member"], table["bytes"], now), handle)
                    progress.advance(1)
                entries = _archive_blobs(tar, blobs, snap, now, progress)
                refuse_if_broken(snap.problems, allow_broken)
                manifest = _manifest(ws, snap, entries, allow_broken)
                manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode() + b"\n"
                for name, data in ((MANIFEST, manifest_bytes), (MANIFEST_SUM, manifest_sum(manifest_bytes))):
                    tar.addfile(_tar_info(name, len(data), now), _BytesReader(data))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp_name, final)
        _sync_folder(final.parent)
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    return manifest_bytes, entries


def _archive_blobs(
    tar: tarfile.TarFile, blobs: list[Path], snap: Snapshot, now: float, progress: Progress
) -> list[dict[str, Any]]:
    sizes = {path: path.stat().st_size for path in blobs}
    progress.phase(_("Writing originals"), sum(sizes.values()))
    entries = []
    for path in blobs:
        with open(path, "rb") as handle:
            reader = _HashingReader(handle)
            tar.addfile(_tar_info(blob_member(path.name), sizes[path], now), reader)
        actual = reader.digest.hexdigest()
        if actual != path.name:
            snap.problems.append(
                _("the original {name} was modified: its SHA-256 is now {actual}").format(
                    name=path.name, actual=actual
                )
            )
        entries.append(
            {"name": path.name, "member": blob_member(path.name), "size": sizes[path], "sha256": actual}
        )
        progress.advance(sizes[path])
    return entries


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def _manifest(
    ws: Workspace, snap: Snapshot, blobs: list[dict[str, Any]], allow_broken: bool
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "created_by": ws.actor,
        "filiere_version": __version__,
        "alembic_revision": snap.revision,
        "source_backend": ws.engine.dialect.name,
        "settings": redact_settings(ws.settings),
        "audit": {"head": snap.head, "rows": snap.audit_rows, "anchor": snap.anchor},
        "integrity": {"ok": not snap.problems, "allow_broken": allow_broken, "problems": snap.problems},
        "tables": snap.tables,
        "blobs": blobs,
    }


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
