"""Read a backup file into a private staging folder and check every member against the manifest.

Nothing of the target workspace is touched here: members are copied into the staging folder while they
are hashed, and only when manifest.json matches manifest.json.sha256, every table dump and every original
matches its SHA-256 (and row count) in the manifest, and no member is missing or unexpected, does the
restore go on. Member names are checked against the few a backup may hold, so a crafted archive cannot
write outside the staging folder.
"""

from __future__ import annotations

import json
import tarfile
import zlib
from pathlib import Path
from typing import Any

from filiere.i18n import _
from filiere.security.backup_format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MANIFEST_SUM,
    BackupError,
    blob_member,
    member_kind,
    not_a_backup,
    sha256_file,
    table_member,
)
from filiere.security.backup_snapshot import Progress


def _altered(archive: Path, member: str, what: str) -> BackupError:
    return BackupError(
        _(
            "{path}: member {member} {what}: the backup was altered or damaged. "
            "Nothing was restored; use another copy of the backup."
        ).format(path=archive, member=member, what=what)
    )


def _stage(archive: Path, staging: Path, progress: Progress) -> dict[str, dict[str, Any]]:
    """Copy each member into `staging`; returns member name → {sha256, size, lines}."""
    if not archive.is_file():
        raise BackupError(_("{path} does not exist or is not a file").format(path=archive))
    seen: dict[str, dict[str, Any]] = {}
    progress.phase(_("Checking the backup"), None)
    try:
        tar = tarfile.open(archive, "r:*")  # noqa: SIM115 - closed by the `with tar` below
    except tarfile.ReadError as exc:
        raise not_a_backup(archive, _("it is not a tar archive, or it is damaged")) from exc
    try:
        with tar:
            for member in tar:
                if member_kind(member.name) is None or not member.isfile():
                    raise _altered(archive, member.name, _("is not part of a Filière backup"))
                if member.name in seen:
                    raise _altered(archive, member.name, _("appears twice"))
                dest = staging / member.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None  # a regular file
                with source, open(dest, "wb") as out:
                    sha, size, lines = sha256_file(_Tee(source, out))
                seen[member.name] = {"sha256": sha, "size": size, "lines": lines}
                progress.advance(1)
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise not_a_backup(archive, _("it is damaged or cut short ({error})").format(error=exc)) from exc
    except OSError as exc:
        raise not_a_backup(archive, str(exc)) from exc
    return seen


class _Tee:
    """A reader that writes what it reads: hashing and staging in one pass."""

    def __init__(self, source, out):
        self.source, self.out = source, out

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.out.write(data)
        return data


def _read_manifest(archive: Path, staging: Path, seen: dict[str, dict[str, Any]]) -> dict[str, Any]:
    for name in (MANIFEST, MANIFEST_SUM):
        if name not in seen:
            raise not_a_backup(
                archive,
                _("it has no {member}: it is not a Filière backup, or it was cut short").format(member=name),
            )
    recorded = (staging / MANIFEST_SUM).read_text(encoding="utf-8", errors="replace").split()
    if not recorded or recorded[0] != seen[MANIFEST]["sha256"]:
        raise _altered(
            archive, MANIFEST, _("does not match the SHA-256 in {member}").format(member=MANIFEST_SUM)
        )
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _altered(archive, MANIFEST, _("is not valid JSON ({error})").format(error=exc)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise not_a_backup(archive, _("its manifest is not that of a Filière backup"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "{path} is a backup of format {found}; this Filière reads format {known}. "
                "Restore it with the Filière version that wrote it, or a newer one."
            ).format(path=archive, found=manifest.get("format_version"), known=FORMAT_VERSION)
        )
    return manifest


def _check(archive: Path, member: str, seen: dict[str, dict[str, Any]], sha: str, size: int | None) -> None:
    found = seen.get(member)
    if found is None:
        raise _altered(archive, member, _("is listed in the manifest but missing"))
    if found["sha256"] != sha:
        raise _altered(archive, member, _("does not match its SHA-256 in the manifest"))
    if size is not None and found["size"] != size:
        raise _altered(archive, member, _("does not have the size recorded in the manifest"))


def unpack_verified(archive: Path, staging: Path, progress: Progress) -> tuple[dict[str, Any], str]:
    """Stage and check the whole backup; returns (manifest, SHA-256 of manifest.json)."""
    seen = _stage(archive, staging, progress)
    manifest = _read_manifest(archive, staging, seen)
    expected = {MANIFEST, MANIFEST_SUM}
    try:
        for table in manifest["tables"]:
            member = table_member(table["name"])
            if table["member"] != member:
                raise _altered(archive, MANIFEST, _("names table {name} badly").format(name=table["name"]))
            _check(archive, member, seen, table["sha256"], table["bytes"])
            if seen[member]["lines"] != table["rows"]:
                raise _altered(
                    archive, member, _("does not hold the number of rows recorded in the manifest")
                )
            expected.add(member)
        for blob in manifest["blobs"]:
            member = blob_member(blob["name"])
            if blob["member"] != member or member_kind(member) is None:
                raise _altered(archive, MANIFEST, _("names original {name} badly").format(name=blob["name"]))
            _check(archive, member, seen, blob["sha256"], blob["size"])
            expected.add(member)
        for key in ("alembic_revision", "audit", "settings", "created_at", "source_backend"):
            if key not in manifest:
                raise KeyError(key)
        if not isinstance(manifest["audit"], dict) or "head" not in manifest["audit"]:
            raise KeyError("audit.head")
    except (KeyError, TypeError) as exc:
        raise _altered(archive, MANIFEST, _("lacks the field {field}").format(field=exc)) from exc
    extra = sorted(set(seen) - expected)
    if extra:
        raise _altered(archive, extra[0], _("is not listed in the manifest"))
    return manifest, seen[MANIFEST]["sha256"]
