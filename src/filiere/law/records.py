"""Legal records (laws, case law, treaties) read from data files and checked against one schema.

The shipped library lives under filiere/data/law/<kind>/<id>.yaml; an officer adds national texts or
judgments by importing JSON or CSV in the same schema. Both go through `validate`, so a record that reaches
the database has a known shape, and an error names the file, the line and the field to fix.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filiere.data import DATA_DIR, load_yaml
from filiere.errors import FiliereError
from filiere.i18n import _

LAW_DIR = DATA_DIR / "law"
KINDS = ("legislation", "case", "treaty")
STATUSES = ("in_force", "repealed", "amended", "unknown")
CRIME_TYPES = ("tip", "som", "document_fraud", "corruption", "organised_crime", "mla", "extradition")
REGIONS = ("INT", "ECOWAS", "AU", "EU", "UEMOA")
LANG_KEYS = ("fr", "en")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_DATE_FIELDS = ("date", "in_force_from", "repealed_on")
_TEXT_FIELDS = ("number", "repealed_by", "court", "case_number", "outcome", "source")
_CASE_FIELDS = (
    "parties_roles", "charges", "facts", "reasoning", "sentences", "techniques", "issues",
)  # fmt: skip
_OTHER_FIELDS = (
    "articles", "parties", "amended_by", "amends", "repeals", "url", "note", "notes", "keywords", "generated",
    "authentic_languages", "date_precision",
)  # fmt: skip
KNOWN_FIELDS = frozenset(
    (
        *("id", "kind", "country", "title", "language", "status", "crime_types", "summary", "verified"),
        *_DATE_FIELDS,
        *_TEXT_FIELDS,
        *_CASE_FIELDS,
        *_OTHER_FIELDS,
    )
)
CSV_COLUMNS = (
    "id", "kind", "country", "title_fr", "title_en", "number", "date", "language", "status",
    "in_force_from", "repealed_by", "repealed_on", "crime_types", "summary_fr", "summary_en",
    "source", "verified",
)  # fmt: skip


class LawRecordError(FiliereError):
    """A legal record that does not follow the schema; names the file, line and field."""

    def __init__(self, path: str | Path, message: str, line: int | None = None, field: str | None = None):
        self.path, self.line, self.field = str(path), line, field
        where = f"{path}:{line}" if line else str(path)
        if field:
            where += f": {field}"  # not [field]: the CLI prints messages as rich markup
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Located:
    """A raw record and where it was read (for error messages)."""

    data: Any
    path: str
    line: int | None = None


def content_hash(record: dict[str, Any]) -> str:
    """SHA-256 of the record's canonical JSON: the same record hashes the same from YAML, JSON or CSV."""
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """YAML dates become ISO text, so that records compare and serialise alike."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _bilingual(value: Any, field: str, fail, required: bool) -> dict[str, str] | None:
    if value is None or value == "" or value == {}:
        if required:
            fail(field, _("is required (at least the text in its original language)"))
        return None
    if isinstance(value, str):
        value = {"fr": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        fail(field, _("must be a mapping of language to text, e.g. {example}").format(example='{fr: "…"}'))
    cleaned = {k: v.strip() for k, v in value.items() if v and v.strip()}
    if required and not cleaned:
        fail(field, _("is required (at least the text in its original language)"))
    return cleaned or None


def validate(raw: Any, path: str | Path, line: int | None = None) -> dict[str, Any]:
    """The record `raw` checked and normalised (dates as text, empty fields dropped), or LawRecordError."""

    def fail(field: str | None, message: str):
        raise LawRecordError(path, message, line, field)

    if not isinstance(raw, dict):
        fail(None, _("a record must be a mapping of fields"))
    record = {k: v for k, v in _plain(raw).items() if v is not None and v != "" and v != []}
    unknown = sorted(set(record) - KNOWN_FIELDS)
    if unknown:
        fail(unknown[0], _("unknown field (the fields are listed in docs/law.md)"))
    rid = str(record.get("id", ""))
    if not _ID.match(rid):
        fail("id", _("must be a lowercase id of letters, digits, '-', '.' or '_', e.g. ne-law-2015-36"))
    record["id"] = rid
    if record.get("kind") not in KINDS:
        fail("kind", _("must be one of: {choices}").format(choices=", ".join(KINDS)))
    country = str(record.get("country", "")).upper()
    if not (_COUNTRY.match(country) or country in REGIONS):
        choices = ", ".join(REGIONS)
        fail(
            "country", _("must be an ISO country code (NE, ML…) or one of: {choices}").format(choices=choices)
        )
    record["country"] = country
    record["title"] = _bilingual(record.get("title"), "title", fail, required=True)
    summary = _bilingual(record.get("summary"), "summary", fail, required=False)
    if summary:
        record["summary"] = summary
    record["status"] = record.get("status", "unknown")
    if record["status"] not in STATUSES:
        fail("status", _("must be one of: {choices}").format(choices=", ".join(STATUSES)))
    for field in _DATE_FIELDS:
        if field in record:
            record[field] = str(record[field])
            if not _DATE.match(record[field]) or not _valid_date(record[field]):
                fail(field, _("must be a date written YYYY-MM-DD"))
    if "language" in record and not _LANGUAGE.match(str(record["language"])):
        fail("language", _("must be a two-letter language code (fr, en…)"))
    crimes = record.get("crime_types", [])
    if isinstance(crimes, str):
        crimes = [c.strip() for c in re.split(r"[;,|]", crimes) if c.strip()]
    bad = [c for c in crimes if c not in CRIME_TYPES] if isinstance(crimes, list) else [crimes]
    if bad:
        message = _("unknown crime type {value}; one of: {choices}")
        fail("crime_types", message.format(value=bad[0], choices=", ".join(CRIME_TYPES)))
    if crimes:
        record["crime_types"] = list(crimes)
    for field in _TEXT_FIELDS:
        if field in record and not isinstance(record[field], str | int | float):
            fail(field, _("must be text"))
        if field in record:
            record[field] = str(record[field])
    if not record.get("source"):
        fail("source", _("is required: name where the text comes from"))
    verified = record.get("verified", False)
    if isinstance(verified, str):
        verified = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}.get(
            verified.strip().lower(), verified
        )
    if not isinstance(verified, bool):
        fail("verified", _("must be true or false"))
    record["verified"] = verified
    articles = record.get("articles", [])
    if not isinstance(articles, list) or not all(isinstance(a, dict) and a.get("number") for a in articles):
        fail("articles", _("must be a list of articles, each with a number"))
    return record


def _valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text if len(text) == 10 else text + "-01")
    except ValueError:
        return False
    return True


def shipped_files() -> list[Path]:
    """The record files shipped with Filière (none yet is not an error)."""
    if not LAW_DIR.is_dir():
        return []
    return sorted(p for p in LAW_DIR.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())


def read_file(path: str | Path) -> list[Located]:
    """The raw records of a YAML, JSON or CSV file, each with the line it starts on."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise LawRecordError(path, _("file not found")) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise LawRecordError(path, _("cannot be read as UTF-8 text: {error}").format(error=exc)) from exc
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return list(_csv_records(text, path))
    if suffix == ".json":
        return _json_records(text, path)
    if suffix in (".yaml", ".yml"):
        try:
            data = load_yaml(text)
        except Exception as exc:  # yaml.YAMLError carries the line in its message
            raise LawRecordError(path, _("is not valid YAML: {error}").format(error=exc)) from exc
        items = data if isinstance(data, list) else [data]
        return [Located(item, str(path), 1 if len(items) == 1 else None) for item in items]
    raise LawRecordError(path, _("unknown file type: use .json, .csv or .yaml"))


def _json_records(text: str, path: Path) -> list[Located]:
    """Records of a JSON file (one object, a list, or {"records": [...]}) with each one's line."""
    decoder = json.JSONDecoder()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LawRecordError(path, _("is not valid JSON: {error}").format(error=exc.msg), exc.lineno) from exc
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        start = text.index("[", text.index('"records"'))
    elif isinstance(data, list):
        start = text.index("[")
    else:
        return [Located(data, str(path), 1)]
    located, pos = [], start + 1
    for _item in range(len(data if isinstance(data, list) else data["records"])):
        while text[pos] in " \t\r\n,":
            pos += 1
        item, end = decoder.raw_decode(text, pos)
        located.append(Located(item, str(path), text.count("\n", 0, pos) + 1))
        pos = end
    return located


def _csv_records(text: str, path: Path) -> Iterator[Located]:
    """Records of a CSV file whose header names CSV_COLUMNS (title_fr/title_en, crime_types as a;b)."""
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = reader.fieldnames or []
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if unknown or "id" not in header:
        raise LawRecordError(
            path,
            _("unknown CSV column {column}; the columns are: {columns}").format(
                column=(unknown or ["id"])[0], columns=", ".join(CSV_COLUMNS)
            ),
            1,
        )
    line = 1
    for row in reader:
        raw: dict[str, Any] = {}
        for key, value in row.items():
            if key is None:
                raise LawRecordError(path, _("more cells than columns in the header"), line + 1)
            value = (value or "").strip()
            if key.endswith(("_fr", "_en")):
                raw.setdefault(key[:-3], {})[key[-2:]] = value
            else:
                raw[key] = value
        yield Located(raw, str(path), line + 1)
        line = reader.line_num


def load_file(path: str | Path) -> list[dict[str, Any]]:
    """The validated records of one file; the first error stops the load."""
    items = read_file(path)
    records = [validate(item.data, item.path, item.line) for item in items]
    seen: dict[str, int | None] = {}
    for rec, item in zip(records, items, strict=True):
        if rec["id"] in seen:
            raise LawRecordError(path, _("duplicate id {id}").format(id=rec["id"]), item.line, "id")
        seen[rec["id"]] = item.line
    return records


def load_shipped() -> list[tuple[dict[str, Any], str]]:
    """Every shipped record with the SHA-256 of its file; an invalid shipped file is an error."""
    loaded = []
    for path in shipped_files():
        file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
        loaded.extend((rec, file_hash) for rec in load_file(path))
    return loaded


def shipped_file_hashes() -> list[str]:
    """The SHA-256 of each shipped file: cheap to compute, tells whether the library changed."""
    return sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in shipped_files())
