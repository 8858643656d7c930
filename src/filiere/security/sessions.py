"""Web sessions for the login of the web UI: the cookie holds a random secret, the database its SHA-256.

A session ends at `expires_at` (absolute), after `idle` without a request, when the user logs out
(`revoke_session`), is disabled, or when the user's session epoch moves on (password change, disable,
logout everywhere). Each session has its own random CSRF secret for the web layer's forms.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, or_, select, update

from filiere.security.clock import utc
from filiere.security.users import USER_COLUMNS, User, user_from_row
from filiere.store.tables import users, web_sessions
from filiere.workspace import Workspace

LIFETIME = timedelta(hours=12)  # a working day, then log in again
IDLE = timedelta(hours=1)
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is refreshed at most this often (fewer writes)
USER_AGENT_MAX = 200


@dataclass(frozen=True)
class Session:
    id: str  # SHA-256 hex of the cookie's secret
    user_id: int
    csrf_secret: str
    epoch: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ip: str | None
    user_agent: str | None


def session_id(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_session(
    ws: Workspace,
    user: User,
    *,
    ip: str | None = None,
    user_agent: str | None = None,
    lifetime: timedelta = LIFETIME,
    now: datetime | None = None,
) -> tuple[str, Session]:
    """Open a session for `user` (just authenticated); returns (cookie secret, session)."""
    at = utc(now)
    secret = secrets.token_urlsafe(32)
    with ws.write() as conn:
        epoch = conn.execute(select(users.c.session_epoch).where(users.c.id == user.id)).scalar_one()
        values = {
            "id": session_id(secret),
            "user_id": user.id,
            "csrf_secret": secrets.token_hex(32),
            "epoch": epoch,
            "created_at": at,
            "last_seen_at": at,
            "expires_at": at + lifetime,
            "ip": (ip or None) and ip[:64],
            "user_agent": (user_agent or None) and user_agent[:USER_AGENT_MAX],
        }
        conn.execute(insert(web_sessions).values(**values))
    return secret, Session(**values)


def lookup_session(
    ws: Workspace, secret: str, *, idle: timedelta = IDLE, now: datetime | None = None
) -> tuple[User, Session] | None:
    """The user and session of a cookie's secret, or None when it is unknown or no longer valid."""
    if not secret or len(secret) > 100:
        return None
    at = utc(now)
    with ws.engine.connect() as conn:
        row = conn.execute(
            select(web_sessions, *USER_COLUMNS)
            .join(users, users.c.id == web_sessions.c.user_id)
            .where(web_sessions.c.id == session_id(secret))
        ).first()
    if row is None:
        return None
    m = row._mapping
    session = Session(**{c.name: m[c] for c in web_sessions.c})
    user = user_from_row(row)
    if (
        user.disabled
        or session.epoch != user.session_epoch
        or at >= session.expires_at
        or at - session.last_seen_at >= idle
    ):
        return None
    if at - session.last_seen_at >= TOUCH_EVERY:
        with ws.write() as conn:  # bookkeeping, not audited: the requests it serves are
            conn.execute(update(web_sessions).where(web_sessions.c.id == session.id).values(last_seen_at=at))
    return user, session


def revoke_session(ws: Workspace, secret: str) -> bool:
    """Log out: delete the session of this cookie's secret; True when there was one."""
    with ws.write() as conn:
        row = conn.execute(
            select(web_sessions.c.user_id, users.c.username)
            .join(users, users.c.id == web_sessions.c.user_id)
            .where(web_sessions.c.id == session_id(secret))
        ).first()
        if row is None:
            return False
        conn.execute(delete(web_sessions).where(web_sessions.c.id == session_id(secret)))
        ws.log(conn, "auth.logout", "user", row.user_id, username=row.username)
    return True


def expire_sessions(ws: Workspace, *, idle: timedelta = IDLE, now: datetime | None = None) -> int:
    """Housekeeping: delete sessions that can no longer be used (ended, idle, old epoch); returns how many."""
    at = utc(now)
    epoch_now = select(users.c.session_epoch).where(users.c.id == web_sessions.c.user_id).scalar_subquery()
    with ws.write() as conn:
        return conn.execute(
            delete(web_sessions).where(
                or_(
                    web_sessions.c.expires_at <= at,
                    web_sessions.c.last_seen_at <= at - idle,
                    web_sessions.c.epoch != epoch_now,
                )
            )
        ).rowcount
