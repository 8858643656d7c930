"""Log in, log out, log out everywhere: the session cookie of the web UI.

The cookie holds a random secret; the database keeps only its SHA-256 as the session's id
(security.sessions), so a copy of the database opens no session. The cookie is HttpOnly (no script
reads it), SameSite=Strict and Secure when the server is reached over https (or `--secure-cookies`).
Strict rather than Lax: no request coming from another site — not even a link followed from a mail or
another application — carries the session, so no other site can make a logged-in user search, read or
download anything in their name (each of those writes an audit row); the price is logging in again when
arriving from such a link. The session ends after an idle hour or twelve hours at most (the cookie's
Max-Age says the same to the browser).

The login form has its own CSRF check (no session exists yet): a random value both in a short-lived
cookie and in a hidden field (double submit), plus the same-origin check. A refused login shows one
generic message whatever the reason; lockout and back-off come from `security.access.authenticate`.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from filiere.i18n import _
from filiere.security.access import authenticate, create_session, logout_everywhere, revoke_session
from filiere.security.errors import AuthError
from filiere.security.sessions import LIFETIME
from filiere.web.auth import LOGIN_PATH, SESSION_COOKIE, login_required, safe_next, settings_of
from filiere.web.csrf import same_origin
from filiere.web.deps import current_user, identity, workspace
from filiere.web.templating import localized, render

router = APIRouter(include_in_schema=False)

LOGIN_COOKIE = "filiere_login"
LOGIN_COOKIE_AGE = 3600
Text = Annotated[str, Form()]


def secure_cookies(request: Request) -> bool:
    return request.url.scheme == "https" or settings_of(request.app).secure_cookies


def _login_page(request: Request, target: str, error: str | None = None, username: str = "") -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        status_code=401 if error else 200,
        login_token=token,
        next=target,
        error=error,
        username=username,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=LOGIN_COOKIE_AGE,
        path=LOGIN_PATH,
        secure=secure_cookies(request),
        httponly=True,
        samesite="strict",
    )
    return response


@router.get(LOGIN_PATH, response_class=HTMLResponse)
@localized
def login_form(request: Request, next: str = "/") -> Response:
    """The login form (the laptop mode and a user already logged in go straight on)."""
    target = safe_next(next)
    if not login_required(request.app) or current_user(request) is not None:
        return RedirectResponse(target, status_code=303)
    return _login_page(request, target)


@router.post(LOGIN_PATH, response_class=HTMLResponse)
@localized
def login(
    request: Request, username: Text = "", password: Text = "", next: Text = "/", login_token: Text = ""
) -> Response:
    """Check the name and password; open a session and set its cookie, or show the form again."""
    target = safe_next(next)
    if not login_required(request.app):
        return RedirectResponse(target, status_code=303)
    same_origin(request)
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not login_token or not hmac.compare_digest(cookie.encode(), login_token.encode()):
        expired = _("This form has expired; reload the page and try again.")
        return _login_page(request, target, expired, username)
    ws = workspace(request)
    client = request.client.host if request.client else None
    try:
        user = authenticate(ws, username, password, now=settings_of(request.app).clock(), ip=client)
    except AuthError as exc:
        return _login_page(request, target, str(exc), username)
    old = request.cookies.get(SESSION_COOKIE)
    if old:  # a new login never keeps a session id the browser had before (session fixation)
        revoke_session(ws, old)
    secret, _session = create_session(
        ws,
        user,
        ip=client,
        user_agent=request.headers.get("user-agent"),
        now=settings_of(request.app).clock(),
    )
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(LIFETIME.total_seconds()),
        path="/",
        secure=secure_cookies(request),
        httponly=True,
        samesite="strict",
    )
    response.delete_cookie(
        LOGIN_COOKIE, path=LOGIN_PATH, secure=secure_cookies(request), httponly=True, samesite="strict"
    )
    return response


def _logged_out(request: Request) -> Response:
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=secure_cookies(request), httponly=True, samesite="strict"
    )
    return response


@router.post("/logout")
@localized
def logout(request: Request) -> Response:
    """End this session (the form carries the CSRF token, checked by `csrf.csrf_guard`)."""
    secret = identity(request).secret
    if secret:
        revoke_session(workspace(request), secret)
    return _logged_out(request)


@router.post("/logout/everywhere")
@localized
def logout_all(request: Request) -> Response:
    """End every session and API token of the user, on every machine."""
    user = current_user(request)
    if user is not None:
        logout_everywhere(workspace(request), user)
    return _logged_out(request)
