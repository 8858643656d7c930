"""Case memberships: which user may open which case, with "read" or "write" rights (see roles.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update

from filiere.cases import Case, get_case
from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.security.clock import utc
from filiere.security.roles import RIGHTS
from filiere.security.users import User, get_user
from filiere.store.tables import case_members, cases
from filiere.workspace import Workspace


def grant(ws: Workspace, username: str, slug: str, rights: str, *, now: datetime | None = None) -> str:
    """Give `username` `rights` on case `slug` (replacing earlier rights); returns the rights now held."""
    if rights not in RIGHTS:
        raise FiliereError(_("Unknown rights {rights!r}: choose read or write").format(rights=rights))
    user = get_user(ws, username)
    if user.role == "trainee" and rights == "write":
        raise FiliereError(
            _("{name} is a trainee: trainees may only read (grant --rights read).").format(name=user.username)
        )
    case = get_case(ws, slug)
    with ws.write() as conn:
        held = conn.execute(
            select(case_members.c.id, case_members.c.rights).where(
                case_members.c.case_id == case.id, case_members.c.user_id == user.id
            )
        ).first()
        if held is None:
            conn.execute(
                insert(case_members).values(
                    case_id=case.id, user_id=user.id, rights=rights, granted_at=utc(now), granted_by=ws.actor
                )
            )
        elif held.rights != rights:
            conn.execute(
                update(case_members)
                .where(case_members.c.id == held.id)
                .values(rights=rights, granted_at=utc(now), granted_by=ws.actor)
            )
        ws.log(
            conn,
            "case.grant",
            "user",
            user.id,
            case_id=case.id,
            username=user.username,
            rights=rights,
            previous=held.rights if held else None,
        )
    return rights


def revoke(ws: Workspace, username: str, slug: str) -> None:
    """Take away `username`'s rights on case `slug`."""
    user = get_user(ws, username)
    case = get_case(ws, slug)
    with ws.write() as conn:
        removed = conn.execute(
            delete(case_members).where(case_members.c.case_id == case.id, case_members.c.user_id == user.id)
        ).rowcount
        if not removed:
            raise FiliereError(
                _("{name} has no rights on case {slug}").format(name=user.username, slug=case.slug)
            )
        ws.log(conn, "case.revoke", "user", user.id, case_id=case.id, username=user.username)


def memberships(ws: Workspace, user: User) -> list[tuple[Case, str]]:
    """The cases `user` is a member of, with the rights granted (before the role's limits)."""
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(cases, case_members.c.rights)
            .join(case_members, case_members.c.case_id == cases.c.id)
            .where(case_members.c.user_id == user.id)
            .order_by(cases.c.slug)
        ).all()
    return [(Case(**{k: v for k, v in r._mapping.items() if k != "rights"}), r.rights) for r in rows]


def all_memberships(ws: Workspace) -> dict[int, list[tuple[str, str]]]:
    """user id -> [(case slug, rights)] for every user: for `filiere user list`."""
    found: dict[int, list[tuple[str, str]]] = {}
    with ws.engine.connect() as conn:
        for row in conn.execute(
            select(case_members.c.user_id, cases.c.slug, case_members.c.rights)
            .join(cases, cases.c.id == case_members.c.case_id)
            .order_by(cases.c.slug)
        ):
            found.setdefault(row.user_id, []).append((row.slug, row.rights))
    return found
