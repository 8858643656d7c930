"""Users of a unit's server: add, list, disable/enable, change password or role (roles: see roles.py).

Every change is one audited write; no password or hash ever enters the audit log. A change of password
and a disable bump the user's session epoch, which ends every web session and API token they hold.
Adding the first user of a workspace turns login on (see mode.py); that first user must be an admin, and
the last enabled admin can be neither disabled nor demoted, so someone can always manage the others.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError as SqlIntegrityError

from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.security.clock import utc
from filiere.security.mode import enable_auth
from filiere.security.passwords import check_password, hash_password
from filiere.security.roles import ROLES
from filiere.store.tables import users
from filiere.workspace import Workspace

USERNAME = re.compile(r"^[a-z0-9._-]{2,64}$")


@dataclass(frozen=True)
class User:
    """A user as the rest of the code sees it: never with the password hash."""

    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    failed_logins: int
    locked_until: datetime | None
    session_epoch: int
    created_at: datetime
    created_by: str
    password_changed_at: datetime

    def is_locked(self, now: datetime | None = None) -> bool:
        """Locked out for now after too many wrong passwords (see access.authenticate)."""
        return self.locked_until is not None and utc(now) < self.locked_until

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("locked_until", "created_at", "password_changed_at"):
            data[key] = data[key].isoformat() if data[key] else None
        data["locked"] = self.is_locked()
        return data


USER_COLUMNS = [c for c in users.c if c.name != "password_hash"]


def user_from_row(row: Any) -> User:
    """A User from a result row that selected USER_COLUMNS (possibly joined with another table)."""
    data = {c.name: row._mapping[c] for c in USER_COLUMNS}
    data["disabled"] = bool(data["disabled"])
    return User(**data)


def normalise_username(username: str) -> str:
    """The stored form of a user name (lower-case, trimmed); raises when it is not a valid name."""
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise FiliereError(
            _(
                "Invalid user name {name!r}: use 2 to 64 lower-case letters, digits, '.', '_' or '-', "
                "e.g. a.diallo"
            ).format(name=username)
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise FiliereError(
            _("Unknown role {role!r}: choose one of {roles}").format(role=role, roles=", ".join(ROLES))
        )
    return role


def find_user(ws: Workspace, username: str) -> User | None:
    """The user named `username` (any case), or None."""
    with ws.engine.connect() as conn:
        row = conn.execute(select(*USER_COLUMNS).where(users.c.username == username.strip().lower())).first()
    return user_from_row(row) if row else None


def get_user(ws: Workspace, username: str) -> User:
    user = find_user(ws, username)
    if user is None:
        raise FiliereError(
            _("No user named {name} in this workspace; see `filiere user list`").format(name=username)
        )
    return user


def list_users(ws: Workspace) -> list[User]:
    with ws.engine.connect() as conn:
        return [user_from_row(r) for r in conn.execute(select(*USER_COLUMNS).order_by(users.c.username))]


def count_users(ws: Workspace) -> int:
    with ws.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(users)).scalar_one()


def check_new_user(ws: Workspace, username: str, role: str) -> str:
    """The normalised name of a user that `add_user` could add, checked before asking for a password."""
    name = normalise_username(username)
    check_role(role)
    if find_user(ws, name) is not None:
        raise FiliereError(_("A user named {name} already exists").format(name=name))
    if role != "admin" and count_users(ws) == 0:
        raise FiliereError(_first_admin_message())
    return name


def _first_admin_message() -> str:
    return _(
        "The first user of a workspace must be an admin (--role admin): "
        "adding a user turns login on, and someone must be able to manage the others."
    )


def add_user(
    ws: Workspace,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    *,
    now: datetime | None = None,
) -> User:
    """Create a user; the first one of a workspace must be an admin and turns login on."""
    name = normalise_username(username)
    check_role(role)
    check_password(password, name)
    password_hash = hash_password(password)
    at = utc(now)
    display_name = _clean_display_name(display_name)
    try:
        with ws.write() as conn:
            first = conn.execute(select(func.count()).select_from(users)).scalar_one() == 0
            if first and role != "admin":
                raise FiliereError(_first_admin_message())
            user_id = conn.execute(
                insert(users)
                .values(
                    username=name,
                    display_name=display_name,
                    role=role,
                    password_hash=password_hash,
                    disabled=False,
                    failed_logins=0,
                    session_epoch=0,
                    created_at=at,
                    created_by=ws.actor,
                    password_changed_at=at,
                )
                .returning(users.c.id)
            ).scalar_one()
            ws.log(conn, "user.add", "user", user_id, username=name, role=role, display_name=display_name)
    except SqlIntegrityError as exc:
        raise FiliereError(_("A user named {name} already exists").format(name=name)) from exc
    if first:
        enable_auth(ws)
    return get_user(ws, name)


def set_password(ws: Workspace, username: str, password: str, *, now: datetime | None = None) -> User:
    """Change a password: ends the user's sessions and tokens and clears a lockout."""
    user = get_user(ws, username)
    check_password(password, user.username)
    password_hash = hash_password(password)
    with ws.write() as conn:
        _update(
            conn,
            user,
            password_hash=password_hash,
            password_changed_at=utc(now),
            failed_logins=0,
            locked_until=None,
            session_epoch=users.c.session_epoch + 1,
        )
        ws.log(conn, "user.passwd", "user", user.id, username=user.username)
    return get_user(ws, user.username)


def set_disabled(ws: Workspace, username: str, disabled: bool) -> User:
    """Disable (ends every session and token at once) or enable (also clears a lockout) a user."""
    user = get_user(ws, username)
    with ws.write() as conn:
        if disabled:
            _keep_an_admin(conn, user)
            _update(conn, user, disabled=True, session_epoch=users.c.session_epoch + 1)
        else:
            _update(conn, user, disabled=False, failed_logins=0, locked_until=None)
        ws.log(conn, "user.disable" if disabled else "user.enable", "user", user.id, username=user.username)
    return get_user(ws, user.username)


def set_role(ws: Workspace, username: str, role: str) -> User:
    user = get_user(ws, username)
    check_role(role)
    with ws.write() as conn:
        if role != "admin":
            _keep_an_admin(conn, user)
        _update(conn, user, role=role)
        ws.log(conn, "user.role", "user", user.id, username=user.username, role=role, previous=user.role)
    return get_user(ws, user.username)


def _update(conn: Connection, user: User, **values: Any) -> None:
    conn.execute(update(users).where(users.c.id == user.id).values(**values))


def _keep_an_admin(conn: Connection, user: User) -> None:
    """Refuse to disable or demote the last enabled admin."""
    if user.role != "admin" or user.disabled:
        return
    others = conn.execute(
        select(func.count())
        .select_from(users)
        .where(users.c.role == "admin", users.c.disabled.is_(False), users.c.id != user.id)
    ).scalar_one()
    if others == 0:
        raise FiliereError(
            _(
                "{name} is the last enabled admin: make another user admin first "
                "(`filiere user role USER admin`)."
            ).format(name=user.username)
        )


def _clean_display_name(name: str) -> str:
    return "".join(c for c in name if c.isprintable()).strip()[:200]
