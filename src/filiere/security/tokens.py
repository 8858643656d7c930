"""API tokens for scripts: `fil_` + 32 random bytes (URL-safe base64), shown once and stored as SHA-256.

A plain SHA-256 is enough here (unlike passwords): the secret is 256 random bits, so there is nothing to
guess, and hashing it fast keeps every API call cheap. The database keeps the first 8 characters so that
a user can recognise a token in a list. A token dies when revoked, when it expires, when its user is
disabled, or when the user's session epoch moves on (password change, disable, logout everywhere).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.security.clock import utc
from filiere.security.errors import AuthError
from filiere.security.users import USER_COLUMNS, User, user_from_row
from filiere.store.tables import api_tokens, users
from filiere.workspace import Workspace

PREFIX = "fil_"
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is refreshed at most this often (fewer writes)


@dataclass(frozen=True)
class Token:
    id: int
    user_id: int
    username: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    state: str  # active, revoked, expired, ended (the user's sessions were ended), disabled (user)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        for key in ("created_at", "last_used_at", "expires_at", "revoked_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    ws: Workspace, user: User, name: str, expires_days: int | None = None, *, now: datetime | None = None
) -> tuple[int, str]:
    """Create a token for `user`; returns (token id, secret). The secret is not kept anywhere."""
    name = name.strip()
    if not name or len(name) > 100:
        raise FiliereError(_("Give the token a name of 1 to 100 characters, e.g. --name nightly-export"))
    if expires_days is not None and expires_days < 1:
        raise FiliereError(_("--expires-days must be at least 1"))
    at = utc(now)
    secret = PREFIX + secrets.token_urlsafe(32)
    with ws.write() as conn:
        epoch = conn.execute(select(users.c.session_epoch).where(users.c.id == user.id)).scalar_one()
        token_id = conn.execute(
            insert(api_tokens)
            .values(
                user_id=user.id,
                name=name,
                token_hash=token_hash(secret),
                prefix=secret[:8],
                epoch=epoch,
                created_at=at,
                expires_at=at + timedelta(days=expires_days) if expires_days else None,
            )
            .returning(api_tokens.c.id)
        ).scalar_one()
        ws.log(
            conn,
            "token.create",
            "token",
            token_id,
            username=user.username,
            name=name,
            expires_days=expires_days,
        )
    return token_id, secret


def user_for_token(ws: Workspace, secret: str, *, now: datetime | None = None) -> User:
    """The user a token belongs to, or AuthError (reason "token") when it is unknown or no longer valid."""
    at = utc(now)
    if not secret.startswith(PREFIX) or len(secret) > 100:
        raise AuthError("token", _("Invalid or expired API token."))
    with ws.engine.connect() as conn:
        row = conn.execute(
            select(api_tokens, *USER_COLUMNS)
            .join(users, users.c.id == api_tokens.c.user_id)
            .where(api_tokens.c.token_hash == token_hash(secret))
        ).first()
    if row is None or _state(row._mapping, at) != "active":
        raise AuthError("token", _("Invalid or expired API token."))
    m = row._mapping
    if m["last_used_at"] is None or at - m["last_used_at"] >= TOUCH_EVERY:
        with ws.write() as conn:  # bookkeeping, not audited: the requests it serves are
            conn.execute(
                update(api_tokens).where(api_tokens.c.id == m[api_tokens.c.id]).values(last_used_at=at)
            )
    return user_from_row(row)


def revoke_token(ws: Workspace, token_id: int, *, now: datetime | None = None) -> Token:
    """Revoke a token by its id (as `filiere user token list` shows it)."""
    token = _get(ws, token_id, utc(now))
    if token.revoked_at is None:
        with ws.write() as conn:
            conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=utc(now)))
            ws.log(conn, "token.revoke", "token", token_id, username=token.username, name=token.name)
    return _get(ws, token_id, utc(now))


def list_tokens(ws: Workspace, user: User | None = None, *, now: datetime | None = None) -> list[Token]:
    query = _query().order_by(api_tokens.c.id)
    if user is not None:
        query = query.where(api_tokens.c.user_id == user.id)
    with ws.engine.connect() as conn:
        return [_token(r._mapping, utc(now)) for r in conn.execute(query)]


def _get(ws: Workspace, token_id: int, at: datetime) -> Token:
    with ws.engine.connect() as conn:
        row = conn.execute(_query().where(api_tokens.c.id == token_id)).first()
    if row is None:
        raise FiliereError(_("No API token number {id}; see `filiere user token list`").format(id=token_id))
    return _token(row._mapping, at)


def _query():
    return select(api_tokens, users.c.username, users.c.disabled, users.c.session_epoch).join(
        users, users.c.id == api_tokens.c.user_id
    )


def _state(m: Any, at: datetime) -> str:
    if m["revoked_at"] is not None:
        return "revoked"
    if m["expires_at"] is not None and at >= m["expires_at"]:
        return "expired"
    if m["disabled"]:
        return "disabled"
    if m["epoch"] != m["session_epoch"]:
        return "ended"
    return "active"


def _token(m: Any, at: datetime) -> Token:
    return Token(
        id=m["id"],
        user_id=m["user_id"],
        username=m["username"],
        name=m["name"],
        prefix=m["prefix"],
        created_at=m["created_at"],
        last_used_at=m["last_used_at"],
        expires_at=m["expires_at"],
        revoked_at=m["revoked_at"],
        state=_state(m, at),
    )
