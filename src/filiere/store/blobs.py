"""Content-addressed store of originals: each file kept once, named by its SHA-256, never modified.

A copy is first written to a temporary file inside the store and renamed into place only once its hash is
known, so a crash never leaves a half-written original under a valid name; what a killed process left in
the temporary folder is swept at the next ingest.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filiere.errors import EvidenceError, IntegrityError
from filiere.i18n import _

CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
INCOMING = "incoming-"
SWEEP_AFTER_S = 60.0


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path
    already_stored: bool


class BlobStore:
    def __init__(self, root: Path):
        self.root = root
        self.tmp = root / "tmp"

    def path_for(self, sha256: str) -> Path:
        # The hash comes from the database: an edited row must not turn into a path outside the store.
        if not _SHA256.fullmatch(sha256):
            raise IntegrityError(
                _(
                    "{value!r} is not a SHA-256 (the evidence row was edited?); run `filiere audit verify`"
                ).format(value=sha256[:80])
            )
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_file(self, source: Path) -> StoredBlob:
        """Copy `source` into the store, hashing while copying; the source is only read."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix=INCOMING)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                fcntl.flock(out.fileno(), fcntl.LOCK_EX)  # until renamed: sweep_incomplete keeps off it
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
                return self._commit(Path(tmp_name), digest.hexdigest(), size)
        except FileNotFoundError as exc:
            raise EvidenceError(
                source,
                _(
                    "the file disappeared while it was being read; check the source "
                    "media and run ingest again"
                ),
            ) from exc
        except PermissionError as exc:
            raise EvidenceError(source, _("permission denied; check the file's access rights")) from exc
        except IsADirectoryError as exc:
            raise EvidenceError(source, _("this is a folder, not a file")) from exc
        finally:
            Path(tmp_name).unlink(missing_ok=True)

    def put_bytes(self, data: bytes) -> StoredBlob:
        self.tmp.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix=INCOMING)
        try:
            with os.fdopen(fd, "wb") as out:
                fcntl.flock(out.fileno(), fcntl.LOCK_EX)
                out.write(data)
                out.flush()
                return self._commit(Path(tmp_name), hashlib.sha256(data).hexdigest(), len(data))
        finally:
            Path(tmp_name).unlink(missing_ok=True)

    def sweep_incomplete(self, quiet_for: float = SWEEP_AFTER_S) -> int:
        """Delete copies a killed process left half-written in tmp/; returns how many.

        A copy is left alone while its writer lives (it holds a lock on it until the rename) and for
        `quiet_for` seconds after its last change (covers the instant between creating and locking it).
        """
        removed = 0
        for path in self.tmp.glob(INCOMING + "*") if self.tmp.is_dir() else ():
            try:
                with open(path, "rb") as handle:
                    if time.time() - os.fstat(handle.fileno()).st_mtime < quiet_for:
                        continue
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    path.unlink()
                    removed += 1
            except OSError:  # locked by a live writer, or renamed into the store meanwhile
                continue
        return removed

    def _commit(self, tmp: Path, sha256: str, size: int) -> StoredBlob:
        target = self.path_for(sha256)
        if target.is_file() and target.stat().st_size == size:
            return StoredBlob(sha256, size, target, already_stored=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP)
        os.replace(tmp, target)
        return StoredBlob(sha256, size, target, already_stored=False)

    def open(self, sha256: str):
        return open(self.path_for(sha256), "rb")

    def read_chunks(self, sha256: str) -> Iterator[bytes]:
        with self.open(sha256) as handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    def actual_hash(self, sha256: str) -> str | None:
        """Recompute the hash of the stored file; None when the file is missing (or the hash malformed)."""
        if not _SHA256.fullmatch(sha256):
            return None
        path = self.path_for(sha256)
        if not path.is_file():
            return None
        digest = hashlib.sha256()
        for chunk in self.read_chunks(sha256):
            digest.update(chunk)
        return digest.hexdigest()
