"""Read a FollowTheMoney file (JSON lines, one entity a line: Aleph, `filiere export --format ftm`).

Each line is checked by the `followthemoney` library itself. A line it cannot read, or a value it drops
(a phone number it cannot place, a date it cannot read), becomes an ingest issue naming the line; the
other lines are stored. People go to `imported_people` (gathered by `filiere resolve`), calls to `calls`,
payments to `payments`, other links between two entities to `links`; documents describe originals kept
elsewhere and are listed in the evidence's details.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from filiere.i18n import _
from filiere.ingest.records import RowError
from filiere.model.ftm import AS_WRITTEN_NOTE, SUBSCRIBER_NOTE
from filiere.model.phones import PhoneNormaliser

FIRST_LINE_LIMIT = 16 * 1024 * 1024  # a Document line may carry the whole text of a file
SUBSCRIBER = re.compile("^" + re.escape(SUBSCRIBER_NOTE.split("{")[0]) + r"(\S+)", re.MULTILINE)
CALL_TYPES = ("voice", "sms", "data")
KEPT_DOCUMENTS = 200  # documents listed in the evidence's details (all are counted)


@dataclass
class Line:
    """One entity of the file, with what the library kept of it and the file's own order of values."""

    line: int
    proxy: EntityProxy
    raw: dict[str, list[Any]]

    def values(self, prop: str) -> list[str]:
        """The cleaned values of `prop` in the order the file gives them (the library keeps sets)."""
        given = [str(v) for v in self.raw.get(prop, [])]
        kept = self.proxy.get(prop, quiet=True)
        return sorted(kept, key=lambda v: (given.index(v) if v in given else len(given), v))

    def first(self, *props: str) -> str | None:
        for prop in props:
            found = self.values(prop)
            if found:
                return found[0]
        return None

    def written(self, prop: str) -> list[str]:
        """Values kept as text because FtM cannot read them ("callerNumber as written: 0800"), see export."""
        prefix = AS_WRITTEN_NOTE.format(prop=prop, value="")
        pattern = re.compile(f"^{re.escape(prefix)}(.+)$", re.MULTILINE)
        return [m for text in self.values("notes") + self.values("summary") for m in pattern.findall(text)]


@dataclass
class FtmFile:
    lines: list[Line] = field(default_factory=list)
    issues: list[RowError] = field(default_factory=list)
    by_id: dict[str, Line] = field(default_factory=dict)


def _first_line(blob_path: Path) -> bytes:
    with open(blob_path, "rb") as handle:
        for raw in handle:
            if raw.strip():
                return raw[:FIRST_LINE_LIMIT]
            if handle.tell() > FIRST_LINE_LIMIT:
                break
    return b""


def looks_like_ftm(blob_path: Path) -> bool:
    """True when the first non-blank line is a JSON object that names an FtM schema (any file name)."""
    head = _first_line(blob_path).lstrip(b"\xef\xbb\xbf").strip()
    if not head.startswith(b"{"):
        return False
    try:
        data = json.loads(head)
    except ValueError:
        return False
    return (
        isinstance(data, dict)
        and isinstance(data.get("schema"), str)
        and model.get(data["schema"]) is not None
    )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _dropped(line_no: int, proxy: EntityProxy, raw: dict[str, list[Any]]) -> list[RowError]:
    """Values the library refused (it drops them silently): each one is an issue, so nothing goes unseen."""
    issues = []
    for name, values in raw.items():
        prop = proxy.schema.get(name)
        if prop is None:
            issues.append(
                RowError(
                    line_no,
                    _("{schema} has no property {prop}; its values were not read").format(
                        schema=proxy.schema.name, prop=name
                    ),
                )
            )
            continue
        for value in values:
            if value is not None and prop.type.clean(str(value), proxy=proxy) is None:
                issues.append(
                    RowError(
                        line_no,
                        _("{prop} value {value!r} is not valid for FollowTheMoney; it was not read").format(
                            prop=name, value=str(value)[:100]
                        ),
                    )
                )
    return issues


def read_ftm(blob_path: Path) -> FtmFile:
    """Every entity of the file; unreadable lines and refused values as issues (line numbers from 1)."""
    found = FtmFile()
    with open(blob_path, "rb") as handle:
        for line_no, raw_line in enumerate(handle, 1):
            text = raw_line.strip()
            if line_no == 1:
                text = text.lstrip(b"\xef\xbb\xbf")
            if not text:
                continue
            try:
                data = json.loads(text.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                found.issues.append(RowError(line_no, _("not a JSON line: {error}").format(error=exc)))
                continue
            if not isinstance(data, dict):
                found.issues.append(RowError(line_no, _("not a JSON object: not an FtM entity")))
                continue
            if not isinstance(data.get("schema"), str) or model.get(data["schema"]) is None:
                schema = str(data.get("schema"))[:60]
                found.issues.append(
                    RowError(line_no, _("unknown FtM schema {schema!r}").format(schema=schema))
                )
                continue
            try:
                proxy = model.get_proxy(data, cleaned=False)
            except (InvalidData, TypeError, ValueError) as exc:
                found.issues.append(RowError(line_no, _("not an FtM entity: {error}").format(error=exc)))
                continue
            if not proxy.id:
                found.issues.append(RowError(line_no, _("FtM entity without an id; it was not read")))
                continue
            props = data.get("properties") or {}
            raw = {k: _as_list(v) for k, v in props.items()} if isinstance(props, dict) else {}
            found.issues += _dropped(line_no, proxy, raw)
            if proxy.id in found.by_id:
                first = found.by_id[proxy.id].line
                found.issues.append(
                    RowError(
                        line_no, _("entity {id} already given on line {line}").format(id=proxy.id, line=first)
                    )
                )
                continue
            entry = Line(line_no, proxy, raw)
            found.lines.append(entry)
            found.by_id[proxy.id] = entry
    return found


def person_values(entry: Line, phones: PhoneNormaliser) -> dict[str, Any] | None:
    """A Person line as a row of `imported_people` (without case and evidence); None without a name."""
    names = entry.values("name")
    if not names:
        return None
    aliases = list(dict.fromkeys(names[1:] + entry.values("alias") + entry.values("weakAlias")))
    notes = "\n".join(entry.values("description") + entry.values("notes"))
    subscriber = {phones(n) or n for n in SUBSCRIBER.findall(notes)}
    numbers = []
    for raw in entry.values("phone") + entry.written("phone"):
        e164 = phones(raw)
        numbers.append({"raw": raw, "e164": e164, "link": "subscriber" if e164 in subscriber else "user"})
    return {
        "line": entry.line,
        "ftm_id": entry.proxy.id[:200],
        "name": names[0][:300],
        "aliases": [a[:300] for a in aliases if a != names[0]],
        "phones": numbers,
        "id_numbers": entry.values("idNumber") + entry.written("idNumber") + entry.values("passportNumber"),
        "note": notes or None,
    }


def party(found: FtmFile, entity_id: str | None, phones: PhoneNormaliser) -> tuple[str | None, str | None]:
    """(name, E.164 phone) of an entity the file gives, or (None, None) when it is not in the file."""
    entry = found.by_id.get(entity_id or "")
    if entry is None:
        return None, None
    number = entry.first("phone")
    return entry.first("name"), phones(number) if number else None


def when(value: str | None) -> datetime | None:
    """An FtM date as a datetime (wall clock, any offset dropped); None for a partial date ("2026-01")."""
    if not value or len(value) < 10:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def call_type(entry: Line) -> str:
    given = next((d.strip().lower() for d in entry.values("description") if d.strip()), "")
    return given if given in CALL_TYPES else "voice"
