"""What each requested State needs in a request for mutual legal assistance (MLA), read from data files.

One YAML file per State under filiere/data/mla/countries/<iso2>.yaml (schema: docs/mla-countries.md). The
request writer and the checker ask here which legal bases bind two States on a date, which languages a
request may be written in, and what the requested State demands; nothing about a country is hard-coded
elsewhere except the membership of the few groups a record may name (`untoc_parties`, `ecowas_members`…),
whose changes in time (Mali, Burkina Faso and Niger leaving ECOWAS on 29 January 2025) are computed in
mla.country_groups. Most facts are unchecked: None means "unknown", never "no".

This module reads and caches the records and answers the questions; the records' shape is in
mla.country_model and their schema in mla.country_schema, both re-exported here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import yaml

from filiere.data import DATA_DIR, load_yaml
from filiere.i18n import _
from filiere.mla.country_groups import ECOWAS_EXIT, GROUPS, SERVED, group_status
from filiere.mla.country_model import (
    CentralAuthority,
    Channel,
    CountryRequirements,
    LegalBasis,
    MlaDataError,
    Requirements,
    Text,
    build_record,
)
from filiere.mla.country_schema import (
    CHANNELS,
    ISO_COUNTRIES,
    ISO_LANGUAGES,
    KINDS,
    LAW_DIR,
    REQUIRED_CHANNELS,
    STATUSES,
    validate_record,
)

__all__ = [
    "CHANNELS",
    "COUNTRIES_DIR",
    "ECOWAS_EXIT",
    "GROUPS",
    "ISO_COUNTRIES",
    "ISO_LANGUAGES",
    "KINDS",
    "LAW_DIR",
    "REQUIRED_CHANNELS",
    "SERVED",
    "STATUSES",
    "CentralAuthority",
    "Channel",
    "CountryRequirements",
    "LegalBasis",
    "MlaDataError",
    "Requirements",
    "Text",
    "accepts_language",
    "all_countries",
    "group_status",
    "legal_bases_between",
    "load_country",
    "load_folder",
    "validate_all",
    "validate_folder",
    "validate_record",
]

COUNTRIES_DIR = DATA_DIR / "mla" / "countries"


@lru_cache(maxsize=16)
def _read(folder: str) -> tuple[dict[str, CountryRequirements], tuple[str, ...]]:
    records: dict[str, CountryRequirements] = {}
    errors: list[str] = []
    files = sorted(Path(folder).glob("*.yaml"))
    if not files:
        errors.append(f"{folder}: " + _("no MLA country record (*.yaml) in this folder"))
    for path in files:
        try:
            raw = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            errors.append(f"{path}: " + _("unreadable YAML: {error}").format(error=exc))
            continue
        problems = validate_record(raw, path)
        errors.extend(problems)
        if not problems:
            records[raw["country"]] = build_record(raw, path)
    return records, tuple(errors)


def _folder(folder: str | Path | None) -> str:
    return str(Path(folder).resolve()) if folder else str(COUNTRIES_DIR)


def validate_folder(folder: str | Path) -> list[str]:
    """Every error of every record in `folder`, as `file: field: problem` lines."""
    return list(_read(_folder(folder))[1])


def validate_all() -> list[str]:
    """Every error of the shipped records (empty when all files keep to the schema)."""
    return validate_folder(COUNTRIES_DIR)


def load_folder(folder: str | Path | None = None) -> dict[str, CountryRequirements]:
    """The records of `folder` (default: the shipped ones) by ISO code; MlaDataError listing every error."""
    records, errors = _read(_folder(folder))
    if errors:
        raise MlaDataError("\n".join(errors))
    return records


def all_countries(folder: str | Path | None = None) -> list[CountryRequirements]:
    """Every record, sorted by ISO code."""
    return [record for _iso, record in sorted(load_folder(folder).items())]


def _code(iso2: str, role: str) -> str:
    code = str(iso2 or "").strip().upper()
    if code not in ISO_COUNTRIES:
        raise MlaDataError(_("{role}: {code} is not an ISO 3166-1 alpha-2 country code").format(
            role=role, code=repr(iso2)))  # fmt: skip
    return code


def load_country(iso2: str, folder: str | Path | None = None) -> CountryRequirements:
    """The record of one requested State; MlaDataError when Filière holds none for it."""
    code = _code(iso2, _("country"))
    records = load_folder(folder)
    if code not in records:
        known = ", ".join(sorted(records))
        raise MlaDataError(
            _("No MLA requirements recorded for {code} (recorded: {known}); add {file} as described in "
              "docs/mla-countries.md").format(code=code, known=known, file=f"{code.lower()}.yaml")
        )  # fmt: skip
    return records[code]


def legal_bases_between(
    requesting_iso2: str, requested_iso2: str, on: dt.date | None = None, *, folder: str | Path | None = None
) -> list[LegalBasis]:
    """The bases on which `requesting` may ask `requested` on a date (default today), treaties first.

    Each basis carries the status that holds for that pair: `uncertain` when the basis itself is, or when
    the requesting State's membership of the group it names is (with `status_reason`). Reciprocity is
    always last; a list holding only it means no treaty basis is recorded between the two States.
    """
    requesting = _code(requesting_iso2, _("requesting State"))
    requested = _code(requested_iso2, _("requested State"))
    if requesting == requested:
        raise MlaDataError(_("{code} cannot send a request for mutual legal assistance to itself").format(
            code=requesting))  # fmt: skip
    day = on.date() if isinstance(on, dt.datetime) else (on or dt.date.today())
    found = []
    for basis in load_country(requested, folder).legal_bases:
        memberships = [group_status(code, requesting, day) for code in basis.with_]
        statuses = [status for status, _reason in memberships if status]
        if not statuses:
            continue
        if "applies" in statuses:
            member, reason = "applies", None
        else:
            member, reason = "uncertain", next(r for s, r in memberships if s == "uncertain")
        status = "applies" if basis.status_on(day) == "applies" and member == "applies" else "uncertain"
        found.append(replace(basis, status=status, status_reason=reason))
    return sorted(found, key=lambda b: KINDS.index(b.kind))


def accepts_language(iso2: str, lang: str, *, folder: str | Path | None = None) -> bool | None:
    """True when a request in `lang` is recorded as accepted, False when not, None when nothing is known.

    A language missing from a non-empty `languages_accepted` counts as not accepted: write the request in
    (or translate it into) a listed language. A State without a record, or with no language recorded,
    gives None.
    """
    code = _code(iso2, _("requested State"))
    record = load_folder(folder).get(code)
    if record is None or not record.languages_accepted:
        return None
    return str(lang).strip().lower() in record.languages_accepted
