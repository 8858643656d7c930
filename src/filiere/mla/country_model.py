"""The in-memory form of one State's MLA record (one YAML file), built once the file passed the schema.

Frozen dataclasses, so the cached records cannot be changed by a caller; None in a field means "unknown",
never "no".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filiere.errors import FiliereError


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


def _text(value: dict[str, str] | None) -> Text | None:
    return Text(tuple((k, v.strip()) for k, v in value.items())) if value else None


def build_record(raw: dict[str, Any], path: Path) -> CountryRequirements:
    """The record of a file that passed `validate_record` (keys are not checked again here)."""
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
