"""Cross-site request forgery: every state-changing request must come from Filière's own pages.

Two checks, both on every POST (and any other unsafe method) before the route runs (`csrf_guard`, an
app-wide dependency, so a new form cannot forget them):
- same origin: an `Origin` (or `Referer`) naming another site is refused (400), as before logins existed;
- a synchronizer token: each web session has its own random `csrf_secret` (security.sessions); the pages
  put HMAC-SHA256(secret, purpose) in a hidden `csrf_token` field (or an `X-CSRF-Token` header for
  scripts using the session), and the server recomputes and compares it in constant time. A missing or
  wrong token is 403 and nothing runs. Requests authenticated with a Bearer token carry no ambient
  credential a forged page could use, so they need no CSRF token.
In the laptop mode (no login) the pages carry a token from a per-server secret. A post there needs the
token when it says `Origin: null` — what a browser sends for a page with `Referrer-Policy: no-referrer`,
ours and any other site's that hides where it comes from — and a token sent is always checked; a post
with no Origin at all (a script, not a browser) is let through, as before logins existed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from filiere.i18n import _, using_language
from filiere.web.auth import LOGIN_PATH, Identity
from filiere.web.language import request_language

FIELD = "csrf_token"
HEADER = "x-csrf-token"
PURPOSE = b"filiere-form-v1"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def token_for(secret: str) -> str:
    return hmac.new(secret.encode("ascii"), PURPOSE, hashlib.sha256).hexdigest()


def laptop_secret(request: Request) -> str:
    """The per-server secret of the laptop mode (made on first use; a restart invalidates open forms)."""
    secret = getattr(request.app.state, "csrf_secret", None)
    if secret is None:
        secret = request.app.state.csrf_secret = secrets.token_hex(32)
    return secret


def csrf_token(request: Request) -> str:
    """The token this request's pages put in their forms ("" for a visitor not logged in)."""
    identity: Identity | None = getattr(request.state, "identity", None)
    if identity is None or identity.via == "laptop":
        return token_for(laptop_secret(request))
    if identity.session is not None:
        return token_for(identity.session.csrf_secret)
    return ""


def same_origin(request: Request) -> None:
    """400 when the request names another site as its origin (a form posted from a page elsewhere)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise HTTPException(
            400, _("This form was sent from another site; open the page in Filière and try again.")
        )


def _equal(sent: str, expected: str) -> bool:
    return hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))


async def sent_token(request: Request) -> str:
    header = request.headers.get(HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type in FORM_TYPES:
        value = (await request.form()).get(FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def csrf_guard(request: Request) -> None:
    """App-wide dependency: refuse an unsafe request that a page of another site could have sent."""
    if request.method in SAFE_METHODS or request.url.path == LOGIN_PATH:  # the login form checks its own
        return
    identity: Identity | None = getattr(request.state, "identity", None)
    if identity is not None and identity.via == "token":
        return
    with using_language(request_language(request)):
        same_origin(request)
        sent, expected = await sent_token(request), csrf_token(request)
        valid = bool(sent) and bool(expected) and _equal(sent, expected)
        if identity is None or identity.via == "laptop":
            hidden = request.headers.get("origin") == "null"
            refused = (sent and not valid) or (hidden and not valid)
        else:
            refused = not valid
        if refused:
            raise HTTPException(403, _("This form has expired; reload the page and try again."))
