"""The schema of an MLA country record (docs/mla-countries.md), checked field by field.

Every problem is reported as `file: field: problem` so whoever edits a record can fix them all in one pass;
a record is only built (country_model) once it has none.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from babel import Locale

from filiere.data import DATA_DIR
from filiere.i18n import _
from filiere.mla.country_groups import GROUPS

LAW_DIR = DATA_DIR / "law"  # where a basis's `instrument` must name a record

KINDS = ("bilateral", "regional", "multilateral", "reciprocity")  # also the order bases are listed in
STATUSES = ("applies", "uncertain")
CHANNELS = ("central_authority", "diplomatic", "interpol", "direct_judicial", "network")
REQUIRED_CHANNELS = ("central_authority", "diplomatic", "interpol")
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
