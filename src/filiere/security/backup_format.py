"""The backup file's layout and its portable encoding of rows, shared by `backup create` and `restore`.

A backup is one tar file (gzip-compressed when its name ends in .gz or .tgz) holding:

- ``tables/<table>.jsonl``: one JSON array per row, in primary-key order, columns as listed in the manifest;
- ``blobs/<sha256>``: every original of the blob store, named by its address in the store;
- ``manifest.json``: what the backup holds, with the SHA-256 of every other member;
- ``manifest.json.sha256``: the SHA-256 of manifest.json, in `sha256sum -c` format.

Values are written by portable type, not by engine, so that a SQLite backup restores into PostgreSQL and
back: datetimes, dates and times as ISO 8601 text, JSON columns as JSON, binary as base64, decimals as
text. Rows are split on b"\\n" only (JSON escapes newlines inside strings).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any, BinaryIO

from sqlalchemy import types as sqltypes
from sqlalchemy.engine import make_url

from filiere.errors import FiliereError
from filiere.i18n import _

FORMAT = "filiere-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
CHUNK = 1024 * 1024
# Web sessions are short-lived logins: a restored server asks everyone to log in again.
SKIPPED_TABLES = ("alembic_version", "web_sessions")
SECRET_WORDS = ("password", "secret", "token")  # settings keys never written into a backup

_TABLE_MEMBER = re.compile(r"^tables/([a-z_][a-z0-9_]{0,62})\.jsonl$")
_BLOB_MEMBER = re.compile(r"^blobs/([0-9a-f]{64})$")


class BackupError(FiliereError):
    """A backup cannot be written or restored; the message names the member or the table at fault."""


def table_member(name: str) -> str:
    return f"tables/{name}.jsonl"


def blob_member(sha256: str) -> str:
    return f"blobs/{sha256}"


def member_kind(name: str) -> tuple[str, str] | None:
    """("manifest"|"sum"|"table"|"blob", key) for a member name a backup may hold; None for any other."""
    if name == MANIFEST:
        return "manifest", name
    if name == MANIFEST_SUM:
        return "sum", name
    if match := _TABLE_MEMBER.match(name):
        return "table", match.group(1)
    if match := _BLOB_MEMBER.match(name):
        return "blob", match.group(1)
    return None


def portable_type(type_: sqltypes.TypeEngine) -> str:
    """How a column is encoded: json, boolean, datetime, date, time, integer, float, decimal, binary, text."""
    checks: Sequence[tuple[type, str]] = (
        (sqltypes.JSON, "json"),
        (sqltypes.Boolean, "boolean"),
        (sqltypes.DateTime, "datetime"),
        (sqltypes.Date, "date"),
        (sqltypes.Time, "time"),
        (sqltypes.Integer, "integer"),
        (sqltypes.Float, "float"),
        (sqltypes.Numeric, "decimal"),
        (sqltypes.LargeBinary, "binary"),
    )
    for cls, name in checks:
        if isinstance(type_, cls):
            return name
    return "text"


def encode_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("datetime", "date", "time"):
        return value if isinstance(value, str) else value.isoformat()
    if kind == "binary":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "decimal":
        return str(value)
    return value


def decode_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "time":
        return dt.time.fromisoformat(value)
    if kind == "binary":
        return base64.b64decode(value)
    if kind == "decimal":
        return decimal.Decimal(value)
    if kind == "boolean":
        return bool(value)
    return value


def encode_row(kinds: Sequence[str], row: Sequence[Any]) -> bytes:
    values = [encode_value(kind, value) for kind, value in zip(kinds, row, strict=True)]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=str).encode() + b"\n"


def decode_row(names: Sequence[str], kinds: Sequence[str], line: bytes) -> dict[str, Any]:
    values = json.loads(line)
    if not isinstance(values, list) or len(values) != len(names):
        raise ValueError(f"expected {len(names)} values")
    return {name: decode_value(kind, v) for name, kind, v in zip(names, kinds, values, strict=True)}


def sha256_file(handle: BinaryIO) -> tuple[str, int, int]:
    """SHA-256, size in bytes and number of lines of what `handle` holds from its position."""
    digest, size, lines = hashlib.sha256(), 0, 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        lines += chunk.count(b"\n")
    return digest.hexdigest(), size, lines


def manifest_sum(manifest_bytes: bytes) -> bytes:
    return f"{hashlib.sha256(manifest_bytes).hexdigest()}  {MANIFEST}\n".encode()


def url_without_password(url: str) -> str:
    return make_url(url).set(password=None).render_as_string(hide_password=False)


def redact_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """settings.toml without secrets: no database password, no key naming a password, secret or token."""
    clean: dict[str, Any] = {}
    for key, value in settings.items():
        if any(word in key.lower() for word in SECRET_WORDS):
            continue
        if isinstance(value, dict):
            clean[key] = redact_settings(value)
        elif key == "url" and isinstance(value, str) and "://" in value:
            clean[key] = url_without_password(value)
        else:
            clean[key] = value
    return clean


def not_a_backup(path: Any, why: str) -> BackupError:
    return BackupError(_("{path} is not a usable Filière backup: {why}").format(path=path, why=why))
