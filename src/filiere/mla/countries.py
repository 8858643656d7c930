"""What each requested State needs in a request for mutual legal assistance (MLA), read from data files.

One YAML file per State under filiere/data/mla/countries/<iso2>.yaml (schema: docs/mla-countries.md). The
request writer and the checker ask here which legal bases bind two States on a date, which languages a
request may be written in, and what the requested State demands; nothing about a country is hard-coded
elsewhere except the membership of the few groups a record may name (`untoc_parties`, `ecowas_members`…),
whose changes in time (Mali, Burkina Faso and Niger leaving ECOWAS on 29 January 2025) are computed here.
Most facts are unchecked: None means "unknown", never "no".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from filiere.data import DATA_DIR, load_yaml
from filiere.errors import FiliereError
from filiere.i18n import _

COUNTRIES_DIR = DATA_DIR / "mla" / "countries"
LAW_DIR = DATA_DIR / "law"
KINDS = ("bilateral", "regional", "multilateral", "reciprocity")  # also the order bases are listed in
STATUSES = ("applies", "uncertain")
CHANNELS = ("central_authority", "diplomatic", "interpol", "direct_judicial", "network")
REQUIRED_CHANNELS = ("central_authority", "diplomatic", "interpol")
GROUPS = ("any", "untoc_parties", "ecowas_members", "aes_members")
ECOWAS_EXIT = dt.date(2025, 1, 29)  # Mali, Burkina Faso and Niger leave ECOWAS (DOMAIN.md)
_ECOWAS_STAYING = frozenset({"BJ", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "NG", "SN", "SL", "TG"})
_ECOWAS_LEFT = frozenset({"BF", "ML", "NE"})
_AES = frozenset({"BF", "ML", "NE"})  # Confederation of the Alliance of Sahel States, treaty of 6 July 2024
# The 23 States Filière serves, all believed to be UNTOC parties (not checked against the UN Treaty
# Collection State by State: the `untoc` bases carry verified: false). Others are "unknown", not "no".
SERVED = _ECOWAS_STAYING | _ECOWAS_LEFT | {"MR", "DZ", "LY", "MA", "TN", "IT", "ES", "FR"}

_TOP = {"country", "name", "central_authority", "languages_accepted", "languages_note", "legal_bases",
        "channels", "requirements", "source", "verified", "reviewed", "note"}  # fmt: skip
_TOP_REQUIRED = ("country", "name", "central_authority", "languages_accepted", "legal_bases", "channels",
                 "requirements", "source", "verified")  # fmt: skip
_AUTHORITY = {"name", "ministry", "address", "email", "phone", "note"}
_BASIS = {"id", "title", "instrument", "kind", "with", "status", "since", "verified", "note"}
_BASIS_REQUIRED = ("id", "title", "kind", "with", "status", "verified")
_CHANNEL = {"kind", "available", "note"}
_REQUIREMENTS = {"dual_criminality_for_coercive", "translation_required", "certification", "confidentiality",
                 "urgent", "note"}  # fmt: skip
_REQUIREMENTS_REQUIRED = ("dual_criminality_for_coercive", "translation_required")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_PHONE = re.compile(r"^\+\d[\d ]{6,18}$")
_ENGLISH = Locale("en")
ISO_COUNTRIES = frozenset(code for code in _ENGLISH.territories if re.fullmatch(r"[A-Z]{2}", code))
ISO_LANGUAGES = frozenset(code for code in _ENGLISH.languages if re.fullmatch(r"[a-z]{2}", code))


class MlaDataError(FiliereError):
    """An MLA country record that does not follow the schema, or a question the data cannot answer."""


@dataclass(frozen=True)
class Text:
    """A text in French and English (both required), optionally also in the State's own language."""

    items: tuple[tuple[str, str], ...]

    def get(self, lang: str) -> str:
        """The text in `lang`, else in English, else in French."""
        values = dict(self.items)
        return values.get(lang) or values.get("en") or values["fr"]

    @property
    def fr(self) -> str:
        return self.get("fr")

    @property
    def en(self) -> str:
        return self.get("en")


@dataclass(frozen=True)
class CentralAuthority:
    """The authority that receives requests; contact fields only where public, else None."""

    name: Text | None
    ministry: Text | None
    address: str | None
    email: str | None
    phone: str | None
    note: Text | None


@dataclass(frozen=True)
class LegalBasis:
    """A treaty, arrangement or reciprocity under which the State may be asked for assistance.

    `with_` holds ISO codes and group keys as written in the file; from `legal_bases_between` the status is
    the one that holds for that pair of States on that date, and `status_reason` says why it is uncertain
    when the reason is the requesting State's membership rather than the basis itself.
    """

    id: str
    title: Text
    instrument: str | None
    kind: str
    with_: tuple[str, ...]
    status: str
    since: dt.date | None
    verified: bool
    note: Text | None
    status_reason: str | None = None

    def status_on(self, on: dt.date) -> str:
        """The recorded status on a date: before `since` the basis applied plainly."""
        return "applies" if self.since and on < self.since else self.status


@dataclass(frozen=True)
class Channel:
    """A way to send a request (central authority, diplomatic, INTERPOL, direct judicial, network)."""

    kind: str
    available: bool | None
    note: Text | None


@dataclass(frozen=True)
class Requirements:
    """What the requested State demands of a request; None where the authors could not check."""

    dual_criminality_for_coercive: bool | None
    translation_required: bool | None
    certification: Text | None
    confidentiality: Text | None
    urgent: Text | None
    note: Text | None


@dataclass(frozen=True)
class CountryRequirements:
    """One requested State's MLA record (one file)."""

    country: str
    name: Text
    central_authority: CentralAuthority
    languages_accepted: tuple[str, ...]
    languages_note: Text | None
    legal_bases: tuple[LegalBasis, ...]
    channels: tuple[Channel, ...]
    requirements: Requirements
    source: str
    verified: bool
    reviewed: dt.date | None
    note: Text | None
    path: str

    def channel(self, kind: str) -> Channel | None:
        return next((c for c in self.channels if c.kind == kind), None)

    def basis(self, basis_id: str) -> LegalBasis | None:
        return next((b for b in self.legal_bases if b.id == basis_id), None)


# --- validation ---------------------------------------------------------------------------------------


class _Check:
    """Collects `file: field: problem` errors for one record."""

    def __init__(self, path: str):
        self.path, self.errors = path, []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(f"{self.path}: {field or 'record'}: {message}")

    def keys(self, value: Any, field: str, allowed: set[str], required: tuple[str, ...] = ()) -> bool:
        if not isinstance(value, dict):
            self.fail(field, _("must be a mapping of fields"))
            return False
        for key in sorted(set(value) - allowed, key=str):
            self.fail(f"{field}.{key}" if field else str(key), _("unknown field (see docs/mla-countries.md)"))
        for key in required:
            if key not in value:
                self.fail(f"{field}.{key}" if field else key, _("is required (write null when unknown)"))
        return True

    def text(self, value: Any, field: str, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.fail(field, _("is required: a mapping {fr: …, en: …}"))
            return
        if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip() for v in value.values()):
            self.fail(field, _("must be a mapping of language to non-empty text, e.g. {fr: …, en: …}"))
            return
        for lang in ("fr", "en"):
            if lang not in value:
                self.fail(f"{field}.{lang}", _("is required (give the text in French and in English)"))
        for lang in value:
            if lang not in ISO_LANGUAGES:
                self.fail(f"{field}.{lang}", _("is not an ISO 639-1 language code"))

    def boolean(self, value: Any, field: str, *, nullable: bool) -> None:
        if not (isinstance(value, bool) or (nullable and value is None)):
            expected = _("true, false or null") if nullable else _("true or false")
            self.fail(field, _("must be {expected}").format(expected=expected))

    def string(self, value: Any, field: str, pattern: re.Pattern[str] | None = None) -> None:
        if value is None:
            return
        if not isinstance(value, str) or not value.strip() or (pattern and not pattern.match(value)):
            self.fail(field, _("must be null or text in the documented form"))


def _instrument_exists(instrument: str) -> bool:
    return any((LAW_DIR / kind / f"{instrument}.yaml").is_file() for kind in ("treaty", "legislation"))


def _check_basis(check: _Check, basis: Any, field: str, country: str) -> None:
    if not check.keys(basis, field, _BASIS, _BASIS_REQUIRED):
        return
    if not isinstance(basis.get("id"), str) or not _ID.match(basis["id"]):
        check.fail(f"{field}.id", _("must be a lowercase id of letters, digits and '-', e.g. untoc"))
    check.text(basis.get("title"), f"{field}.title", required=True)
    check.text(basis.get("note"), f"{field}.note")
    kind, status = basis.get("kind"), basis.get("status")
    if kind not in KINDS:
        check.fail(f"{field}.kind", _("must be one of: {choices}").format(choices=", ".join(KINDS)))
    if status not in STATUSES:
        check.fail(f"{field}.status", _("must be one of: {choices}").format(choices=", ".join(STATUSES)))
    check.boolean(basis.get("verified"), f"{field}.verified", nullable=False)
    if status == "uncertain" and basis.get("verified") is True:
        check.fail(f"{field}.verified", _("must be false when the status is uncertain"))
    since = basis.get("since")
    if since is not None and not (isinstance(since, dt.date) and not isinstance(since, dt.datetime)):
        check.fail(f"{field}.since", _("must be an unquoted ISO date (2025-01-29) or null"))
    instrument = basis.get("instrument")
    if instrument is not None and (not isinstance(instrument, str) or not _instrument_exists(instrument)):
        check.fail(f"{field}.instrument", _("names no record of the legal library (data/law/treaty/)"))
    with_ = basis.get("with")
    if not isinstance(with_, list) or not with_:
        check.fail(f"{field}.with", _("must be a non-empty list of ISO country codes or group keys"))
        return
    for i, code in enumerate(with_):
        if code not in GROUPS and code not in ISO_COUNTRIES:
            choices = ", ".join(GROUPS)
            check.fail(f"{field}.with[{i}]", _("is neither an ISO country code nor one of: {choices}").format(
                choices=choices))  # fmt: skip
        elif code == country:
            check.fail(f"{field}.with[{i}]", _("names the requested State itself"))
    if kind == "reciprocity" and (with_ != ["any"] or instrument is not None):
        check.fail(f"{field}.with", _("reciprocity applies with: [any] and names no instrument"))
    if kind != "reciprocity" and "any" in with_:
        check.fail(f"{field}.with", _("only the reciprocity basis may apply with any State"))
    if kind == "bilateral" and any(code in GROUPS for code in with_):
        check.fail(f"{field}.with", _("a bilateral basis lists ISO country codes, not groups"))


def validate_record(raw: Any, path: str | Path) -> list[str]:
    """Every schema error of one record, as `file: field: problem` lines (empty when the record is sound)."""
    path = Path(path)
    check = _Check(str(path))
    if not check.keys(raw, "", _TOP, _TOP_REQUIRED):
        return check.errors
    country = raw.get("country")
    if not isinstance(country, str) or country not in ISO_COUNTRIES:
        check.fail("country", _("must be an upper-case ISO 3166-1 alpha-2 code, e.g. NE"))
    elif path.stem != country.lower():
        check.fail("country", _("must match the file name ({name})").format(name=f"{country.lower()}.yaml"))
    check.text(raw.get("name"), "name", required=True)
    check.text(raw.get("languages_note"), "languages_note")
    check.text(raw.get("note"), "note")
    if not isinstance(raw.get("source"), str) or not raw["source"].strip():
        check.fail("source", _("is required: say where the facts come from"))
    check.boolean(raw.get("verified"), "verified", nullable=False)
    reviewed = raw.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        check.fail("reviewed", _("must be an unquoted ISO date or null"))
    langs = raw.get("languages_accepted")
    if not isinstance(langs, list) or len(set(map(str, langs))) != len(langs):
        check.fail("languages_accepted", _("must be a list of distinct ISO 639-1 codes (may be empty)"))
    else:
        for i, lang in enumerate(langs):
            if lang not in ISO_LANGUAGES:
                check.fail(f"languages_accepted[{i}]", _("is not an ISO 639-1 language code, e.g. fr"))
        if not langs and raw.get("verified") is True:
            check.fail("verified", _("must be false while languages_accepted is empty"))
    authority = raw.get("central_authority")
    if check.keys(authority, "central_authority", _AUTHORITY):
        for key in ("name", "ministry", "note"):
            check.text(authority.get(key), f"central_authority.{key}")
        check.string(authority.get("address"), "central_authority.address")
        check.string(authority.get("email"), "central_authority.email", _EMAIL)
        check.string(authority.get("phone"), "central_authority.phone", _PHONE)
    bases = raw.get("legal_bases")
    if not isinstance(bases, list):
        check.fail("legal_bases", _("must be a list of legal bases"))
        bases = []
    for i, basis in enumerate(bases):
        _check_basis(check, basis, f"legal_bases[{i}]", str(country))
    ids = [b.get("id") for b in bases if isinstance(b, dict)]
    for dup in sorted({i for i in ids if ids.count(i) > 1}, key=str):
        check.fail("legal_bases", _("the id {id} is used twice").format(id=dup))
    if sum(1 for b in bases if isinstance(b, dict) and b.get("kind") == "reciprocity") != 1:
        check.fail("legal_bases", _("must hold exactly one basis of kind reciprocity (the fallback)"))
    channels = raw.get("channels")
    if not isinstance(channels, list):
        check.fail("channels", _("must be a list of channels"))
        channels = []
    for i, channel in enumerate(channels):
        field = f"channels[{i}]"
        if check.keys(channel, field, _CHANNEL, ("kind", "available")):
            if channel.get("kind") not in CHANNELS:
                check.fail(
                    f"{field}.kind", _("must be one of: {choices}").format(choices=", ".join(CHANNELS))
                )
            check.boolean(channel.get("available"), f"{field}.available", nullable=True)
            check.text(channel.get("note"), f"{field}.note")
    kinds = [c.get("kind") for c in channels if isinstance(c, dict)]
    for kind in REQUIRED_CHANNELS:
        if kinds.count(kind) != 1:
            check.fail("channels", _("must list the channel {kind} exactly once").format(kind=kind))
    requirements = raw.get("requirements")
    if check.keys(requirements, "requirements", _REQUIREMENTS, _REQUIREMENTS_REQUIRED):
        for key in _REQUIREMENTS_REQUIRED:
            check.boolean(requirements.get(key), f"requirements.{key}", nullable=True)
        for key in ("certification", "confidentiality", "urgent", "note"):
            check.text(requirements.get(key), f"requirements.{key}")
    return check.errors


# --- loading ------------------------------------------------------------------------------------------


def _text(value: dict[str, str] | None) -> Text | None:
    return Text(tuple((k, v.strip()) for k, v in value.items())) if value else None


def _build(raw: dict[str, Any], path: Path) -> CountryRequirements:
    authority, req = raw["central_authority"], raw["requirements"]
    bases = tuple(
        LegalBasis(
            id=b["id"],
            title=_text(b["title"]),
            instrument=b.get("instrument"),
            kind=b["kind"],
            with_=tuple(b["with"]),
            status=b["status"],
            since=b.get("since"),
            verified=b["verified"],
            note=_text(b.get("note")),
        )
        for b in raw["legal_bases"]
    )
    return CountryRequirements(
        country=raw["country"],
        name=_text(raw["name"]),
        central_authority=CentralAuthority(
            name=_text(authority.get("name")),
            ministry=_text(authority.get("ministry")),
            address=authority.get("address"),
            email=authority.get("email"),
            phone=authority.get("phone"),
            note=_text(authority.get("note")),
        ),
        languages_accepted=tuple(raw["languages_accepted"]),
        languages_note=_text(raw.get("languages_note")),
        legal_bases=bases,
        channels=tuple(Channel(c["kind"], c["available"], _text(c.get("note"))) for c in raw["channels"]),
        requirements=Requirements(
            dual_criminality_for_coercive=req["dual_criminality_for_coercive"],
            translation_required=req["translation_required"],
            certification=_text(req.get("certification")),
            confidentiality=_text(req.get("confidentiality")),
            urgent=_text(req.get("urgent")),
            note=_text(req.get("note")),
        ),
        source=raw["source"].strip(),
        verified=raw["verified"],
        reviewed=raw.get("reviewed"),
        note=_text(raw.get("note")),
        path=str(path),
    )


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
            records[raw["country"]] = _build(raw, path)
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


# --- queries ------------------------------------------------------------------------------------------


def group_status(group: str, iso2: str, on: dt.date) -> tuple[str | None, str | None]:
    """Whether State `iso2` belongs to `group` on a date: (applies|uncertain|None, reason when uncertain)."""
    if group == "any":
        return "applies", None
    if group == "untoc_parties":
        if iso2 in SERVED:
            return "applies", None
        return "uncertain", _("{code}'s participation in UNTOC is not recorded in Filière: check the UN "
                              "Treaty Collection").format(code=iso2)  # fmt: skip
    if group == "ecowas_members":
        if iso2 in _ECOWAS_STAYING or (iso2 in _ECOWAS_LEFT and on < ECOWAS_EXIT):
            return "applies", None
        if iso2 in _ECOWAS_LEFT:
            return "uncertain", _("{code} left ECOWAS on 29 January 2025: whether the ECOWAS conventions "
                                  "still bind it is uncertain").format(code=iso2)  # fmt: skip
        return None, None
    if group == "aes_members":
        return ("applies", None) if iso2 in _AES else (None, None)
    return ("applies", None) if group == iso2 else (None, None)


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
