"""Helpers of the web security tests: a cheap password hasher, logging in through the form, the CSRF token
of a page, and a clock the server reads (sessions and lockouts expire by it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
import pytest
from argon2 import PasswordHasher

from filiere.security import passwords

PASSWORD = "Fictive passphrase 2026, never real!"
ROLES = ("admin", "investigator", "prosecutor", "analyst", "trainer", "trainee")
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]*)"')
LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]+)"')


def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its lowest cost: a real hash, a thousandth of the time (as tests/security does)."""
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@dataclass
class Clock:
    """A settable clock for `app.state.auth.now` (naive UTC, as the security tables store)."""

    at: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 9, 0, 0))

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def login_token(client) -> str:
    page = client.get("/login")
    assert page.status_code == 200, page.text[:500]
    return LOGIN_TOKEN.search(page.text).group(1)


def login(client, username: str, password: str = PASSWORD, next: str = "/") -> httpx.Response:
    """Log in through the form as a browser does (GET the form, then POST it with its token)."""
    token = login_token(client)
    return client.post(
        "/login",
        data={"username": username, "password": password, "next": next, "login_token": token},
        follow_redirects=False,
    )


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token the page at `path` puts in its forms."""
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    found = CSRF.search(page.text)
    assert found, f"no csrf_token field on {path}"
    return found.group(1)


def set_cookies(response: httpx.Response) -> dict[str, str]:
    """Set-Cookie headers by cookie name (the raw header, to read its flags)."""
    return {h.split("=", 1)[0]: h for h in response.headers.get_list("set-cookie")}
