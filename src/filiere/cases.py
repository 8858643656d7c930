"""Cases: everything in a workspace belongs to one case; the case's country sets the phone region."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import phonenumbers
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError as SqlIntegrityError

from filiere.errors import CaseNotFound, FiliereError
from filiere.i18n import _
from filiere.store.tables import calls, cases, entities, evidence, mentions, subscribers, turns
from filiere.workspace import Workspace

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Case:
    id: int
    slug: str
    title: str
    country: str | None
    created_at: datetime
    created_by: str


def _validate(slug: str, country: str | None) -> str | None:
    if not SLUG.match(slug):
        raise FiliereError(
            _(
                "Invalid case name {slug!r}: use lower-case letters, digits, '-', '_' or '.' "
                "(at most 64 characters), e.g. agadez-2025-041"
            ).format(slug=slug)
        )
    if country is None:
        return None
    country = country.upper()
    if country not in phonenumbers.SUPPORTED_REGIONS:
        raise FiliereError(
            _(
                "Unknown country code {country!r}: give an ISO 3166 two-letter code such as NE, ML or BF"
            ).format(country=country)
        )
    return country


def create_case(
    ws: Workspace, slug: str, title: str = "", country: str | None = None, exist_ok: bool = False
) -> Case:
    country = _validate(slug, country)
    if exist_ok:
        try:
            return get_case(ws, slug)
        except CaseNotFound:
            pass
    now = datetime.now(UTC).replace(tzinfo=None)
    try:
        with ws.write() as conn:
            case_id = conn.execute(
                insert(cases)
                .values(slug=slug, title=title, country=country, created_at=now, created_by=ws.actor)
                .returning(cases.c.id)
            ).scalar_one()
            ws.log(
                conn, "case.create", "case", case_id, case_id=case_id, slug=slug, title=title, country=country
            )
    except SqlIntegrityError as exc:
        raise FiliereError(
            _("A case named {slug} already exists in this workspace").format(slug=slug)
        ) from exc
    return get_case(ws, slug)


def get_case(ws: Workspace, slug: str) -> Case:
    with ws.engine.connect() as conn:
        row = conn.execute(select(cases).where(cases.c.slug == slug)).first()
    if row is None:
        raise CaseNotFound(
            _("No case named {slug} in this workspace; see `filiere case list`").format(slug=slug)
        )
    return Case(**row._mapping)


def list_cases(ws: Workspace) -> list[Case]:
    with ws.engine.connect() as conn:
        return [Case(**row._mapping) for row in conn.execute(select(cases).order_by(cases.c.slug))]


def case_counts(ws: Workspace, case: Case) -> dict[str, int]:
    """How much the case holds: originals by kind and records by type."""
    with ws.engine.connect() as conn:
        by_kind = dict(
            conn.execute(
                select(evidence.c.kind, func.count())
                .where(evidence.c.case_id == case.id)
                .group_by(evidence.c.kind)
            ).all()
        )
        evidence_ids = select(evidence.c.id).where(evidence.c.case_id == case.id)
        counts = {
            "evidence": sum(by_kind.values()),
            "calls": conn.execute(
                select(func.count()).select_from(calls).where(calls.c.case_id == case.id)
            ).scalar_one(),
            "turns": conn.execute(
                select(func.count()).select_from(turns).where(turns.c.evidence_id.in_(evidence_ids))
            ).scalar_one(),
            "subscribers": conn.execute(
                select(func.count()).select_from(subscribers).where(subscribers.c.case_id == case.id)
            ).scalar_one(),
            "mentions": conn.execute(
                select(func.count()).select_from(mentions).where(mentions.c.case_id == case.id)
            ).scalar_one(),
            "people": conn.execute(
                select(func.count()).select_from(entities).where(entities.c.case_id == case.id)
            ).scalar_one(),
        }
    counts.update({f"evidence_{kind}": n for kind, n in sorted(by_kind.items())})
    return counts
