"""Who is there (`authenticate`), which cases they may open, and ending their sessions everywhere.

This is what the web UI and the API call. Rules kept here:
- a refused login always raises the same AuthError message, whether the user exists or not, and costs
  the same time (an unknown name still runs one argon2 verification);
- after MAX_FAILURES wrong passwords in a row, the account locks for 1 minute, then 2, 4… up to 1 hour
  for each further failure; a correct password while locked is refused too; a success resets the count;
- a case the user may not open raises the very same CaseNotFound as a case that does not exist, so that
  neither lists, nor ids, nor error messages tell that it exists (404, never 403); an action the user
  may not do in a case they can open raises AccessDenied;
- `user=None` stands for the single-user laptop mode and is only accepted while `auth_enabled(ws)` is
  false: once a workspace has users, forgetting to pass the user fails closed.

Tokens and sessions live in tokens.py and sessions.py; their functions are re-exported here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from filiere.cases import Case, get_case, list_cases
from filiere.errors import CaseNotFound
from filiere.i18n import _
from filiere.security.clock import utc
from filiere.security.errors import AccessDenied, AuthError
from filiere.security.mode import auth_enabled
from filiere.security.passwords import MAX_LENGTH, dummy_verify, hash_password, needs_rehash, verify_password
from filiere.security.roles import ROLES, can, effective_rights
from filiere.security.sessions import create_session, expire_sessions, lookup_session, revoke_session
from filiere.security.tokens import create_token, list_tokens, revoke_token, user_for_token
from filiere.security.users import USER_COLUMNS, USERNAME, User, get_user, user_from_row
from filiere.store import audit
from filiere.store.tables import case_members, cases, users, web_sessions
from filiere.workspace import Workspace

__all__ = [
    "authenticate",
    "can",
    "case_rights",
    "create_session",
    "create_token",
    "expire_sessions",
    "list_tokens",
    "logout_everywhere",
    "lookup_session",
    "require_case",
    "revoke_session",
    "revoke_token",
    "user_for_token",
    "visible_cases",
]

MAX_FAILURES = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)


def lock_duration(failures: int) -> timedelta | None:
    """How long the account locks after `failures` wrong passwords in a row (None: not yet)."""
    if failures < MAX_FAILURES:
        return None
    return min(FIRST_LOCK * 2 ** min(failures - MAX_FAILURES, 16), LONGEST_LOCK)


def authenticate(
    ws: Workspace, username: str, password: str, *, now: datetime | None = None, ip: str | None = None
) -> User:
    """The user whose name and password these are, or AuthError with a message that says nothing more."""
    at = utc(now)
    name = username.strip().lower()
    row = None
    if USERNAME.match(name) and len(password) <= MAX_LENGTH:
        with ws.engine.connect() as conn:
            row = conn.execute(
                select(*USER_COLUMNS, users.c.password_hash).where(users.c.username == name)
            ).first()
    if row is None:
        dummy_verify(password)
        raise AuthError("unknown")  # not audited: nothing to attach it to, and free for anyone to flood
    user = user_from_row(row)
    correct = verify_password(row.password_hash, password)  # run even when locked or disabled: same time
    # a stronger hash after a change of parameters, made before taking the write lock (it is slow)
    new_hash = hash_password(password) if correct and needs_rehash(row.password_hash) else None
    with ws.write() as conn:
        current = conn.execute(
            select(users.c.failed_logins, users.c.locked_until, users.c.disabled).where(users.c.id == user.id)
        ).one()
        reason, failures, lock = None, 0, None
        if current.disabled:
            reason = "disabled"
        elif current.locked_until is not None and at < current.locked_until:
            reason = "locked"
        elif not correct:
            reason = "password"
            failures = current.failed_logins + 1
            lock = lock_duration(failures)
            conn.execute(
                update(users)
                .where(users.c.id == user.id)
                .values(failed_logins=failures, locked_until=at + lock if lock else current.locked_until)
            )
        if reason:
            details = {"reason": reason, "ip": ip}
            if reason == "password":
                details["failures"] = failures
                details["locked_minutes"] = int(lock.total_seconds() // 60) if lock else 0
            _audit(conn, user, "auth.login_failed", details)
        else:
            values = {"failed_logins": 0, "locked_until": None}
            if new_hash:
                values["password_hash"] = new_hash
            conn.execute(update(users).where(users.c.id == user.id).values(**values))
            _audit(conn, user, "auth.login", {"ip": ip})
    if reason:
        raise AuthError(reason)
    return get_user(ws, user.username)


def _audit(conn, user: User, action: str, details: dict) -> None:
    audit.append(
        conn,
        actor=actor_name(user),
        action=action,
        object_type="user",
        object_id=user.id,
        details={k: v for k, v in details.items() if v is not None},
    )


def actor_name(user: User) -> str:
    """The audit log's `actor` for what a logged-in user does (the web layer uses it too)."""
    return user.username


def logout_everywhere(ws: Workspace, user: User) -> None:
    """End every web session and API token of `user` (bumps the session epoch)."""
    with ws.write() as conn:
        conn.execute(
            update(users).where(users.c.id == user.id).values(session_epoch=users.c.session_epoch + 1)
        )
        conn.execute(delete(web_sessions).where(web_sessions.c.user_id == user.id))
        ws.log(conn, "user.logout_everywhere", "user", user.id, username=user.username)


def _laptop_mode(ws: Workspace) -> None:
    """`user=None` is the single-user mode: refused once the workspace asks for a login."""
    if auth_enabled(ws):
        raise AuthError("login", _("Log in first: this workspace has users."))


def visible_cases(ws: Workspace, user: User | None) -> list[Case]:
    """The cases `user` may open (all of them for an admin or in laptop mode), by name."""
    if user is None:
        _laptop_mode(ws)
        return list_cases(ws)
    if user.disabled:
        return []
    if user.role == "admin":
        return list_cases(ws)
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(cases)
            .join(case_members, case_members.c.case_id == cases.c.id)
            .where(case_members.c.user_id == user.id)
            .order_by(cases.c.slug)
        ).all()
    return [Case(**r._mapping) for r in rows] if user.role in ROLES else []


def case_rights(ws: Workspace, user: User | None, case: Case | int) -> str | None:
    """ "read", "write" or None (cannot open it): what `user` holds on `case`, after the role's limits."""
    if user is None:
        _laptop_mode(ws)
        return "write"
    if user.disabled:
        return None
    if user.role == "admin":
        return "write"
    case_id = case if isinstance(case, int) else case.id
    with ws.engine.connect() as conn:
        membership = conn.execute(
            select(case_members.c.rights).where(
                case_members.c.case_id == case_id, case_members.c.user_id == user.id
            )
        ).scalar()
    return effective_rights(user.role, membership)


def require_case(
    ws: Workspace, user: User | None, slug: str, write: bool = False, *, action: str | None = None
) -> Case:
    """The case `slug` if `user` may do `action` there (default: "write" if `write` else "read").

    A case the user cannot open raises CaseNotFound exactly as a missing case does; an action the user
    may not do in a case they can open raises AccessDenied. Actions: see roles.py.
    """
    case = get_case(ws, slug)
    rights = case_rights(ws, user, case)
    if rights is None:
        raise CaseNotFound(
            _("No case named {slug} in this workspace; see `filiere case list`").format(slug=slug)
        )
    wanted = action or ("write" if write else "read")
    if not can(user or "admin", wanted, rights):
        raise AccessDenied(
            _("Your role ({role}) does not allow this in case {slug}.").format(
                role=user.role if user else "admin", slug=slug
            )
        )
    return case
