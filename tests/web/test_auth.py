"""Login on the web UI and the API, on SQLite and PostgreSQL: 401 without a session or token, the login
form and its cookie, lockout after wrong passwords, idle and absolute expiry, API tokens (revoked,
expired), logging out here and everywhere, CSRF on every form, `filiere serve --auth`, and the laptop
mode (no users) working as before with no login.

Each test gets a fresh workspace with two empty cases ("alpha", "bravo"), an admin and an investigator
who may write in alpha only; users are made with filiere.security (a cheap argon2id), and the server's
clock is a `Clock` the test moves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from filiere.cases import create_case
from filiere.security import members, users
from filiere.security.access import create_token, revoke_token
from filiere.security.errors import generic_login_message
from filiere.store.tables import audit_log, web_sessions
from filiere.web.app import create_app
from filiere.workspace import Workspace
from tests.support.cli import CliRunner
from tests.web.security_support import (
    PASSWORD,
    Clock,
    cheap_hasher,
    csrf_token,
    login,
    set_cookies,
)


@pytest.fixture(autouse=True)
def _cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hasher(monkeypatch)


@dataclass
class Server:
    app: object
    client: TestClient
    clock: Clock

    @property
    def ws(self) -> Workspace:
        return self.app.state.workspace

    def new_client(self, **kwargs) -> TestClient:
        return TestClient(self.app, **kwargs)

    def audit_count(self, action: str | None = None) -> int:
        query = select(func.count()).select_from(audit_log)
        if action:
            query = query.where(audit_log.c.action == action)
        with self.ws.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def actors(self, action: str) -> list[str]:
        with self.ws.engine.connect() as conn:
            return list(conn.execute(select(audit_log.c.actor).where(audit_log.c.action == action)).scalars())


def _populate(root: Path, db_url: str | None) -> None:
    ws = Workspace.open(root, db_url)
    create_case(ws, "alpha", country="NE")
    create_case(ws, "bravo", country="NE")
    users.add_user(ws, "chief", PASSWORD, "admin")
    users.add_user(ws, "awa", PASSWORD, "investigator", "Awa TRAORE (fictive)")
    members.grant(ws, "awa", "alpha", "write")
    ws.close()


@pytest.fixture
def server(workspace_dir: Path, db_url: str | None) -> Iterator[Server]:
    _populate(workspace_dir, db_url)
    app = create_app(workspace_dir, db_url)
    clock = Clock()
    app.state.auth.now = clock
    with TestClient(app) as client:
        yield Server(app, client, clock)
    app.state.workspace.close()


def test_without_login_the_api_answers_401_and_pages_lead_to_the_login(server: Server) -> None:
    c = server.client
    for path in ("/api/cases", "/api/cases/alpha/graph", "/api/cases/nope/evidence", "/openapi.json"):
        refused = c.get(path)
        assert refused.status_code == 401, path
        assert refused.headers["www-authenticate"] == "Bearer"
        assert "Log in" in refused.json()["detail"]
    assert c.post("/api/cases/alpha/entities/merge", json={"a": 1, "b": 2}).status_code == 401
    page = c.get("/cases/alpha/timeline?kind=call", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fcases%2Falpha%2Ftimeline%3Fkind%3Dcall"
    assert c.get("/cases/nope", follow_redirects=False).status_code == 303  # same answer: nothing leaks
    assert c.post("/cases/alpha/mla", data={"to": "ML"}, follow_redirects=False).status_code == 303
    fragment = c.get("/cases/alpha/timeline/items", headers={"HX-Request": "true"})
    assert fragment.status_code == 401 and fragment.headers["hx-redirect"] == "/login"
    assert c.get("/static/app.css").status_code == 200
    form = c.get("/login")
    assert form.status_code == 200 and 'name="password"' in form.text and "alpha" not in form.text


def test_login_sets_a_strict_http_only_cookie_and_logout_ends_the_session(server: Server) -> None:
    c = server.client
    answer = login(c, "awa", next="/cases/alpha")
    assert answer.status_code == 303 and answer.headers["location"] == "/cases/alpha"
    cookie = set_cookies(answer)["filiere_session"]
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert {"httponly", "samesite=strict", "path=/", "max-age=43200"} <= set(flags)
    assert "secure" not in flags  # plain http here; see test_auth_headers for https
    secret = c.cookies["filiere_session"]
    with server.ws.engine.connect() as conn:
        ids = set(conn.execute(select(web_sessions.c.id)).scalars())
    assert hashlib.sha256(secret.encode()).hexdigest() in ids and secret not in ids

    home = c.get("/")
    assert home.status_code == 200
    assert 'data-case="alpha"' in home.text and "bravo" not in home.text
    assert "Awa TRAORE (fictive)" in home.text and 'data-testid="logout"' in home.text
    assert [x["slug"] for x in c.get("/api/cases").json()] == ["alpha"]
    assert c.get("/login", follow_redirects=False).headers["location"] == "/"  # already logged in

    out = c.post("/logout", data={"csrf_token": csrf_token(c)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert "max-age=0" in set_cookies(out)["filiere_session"].lower()
    c.cookies.set("filiere_session", secret)  # the old cookie, replayed
    assert c.get("/api/cases").status_code == 401
    assert server.actors("auth.login") == ["awa"] and server.actors("auth.logout") == ["awa"]


def test_a_next_address_never_leads_to_another_site(server: Server) -> None:
    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example", "/login"):
        answer = login(server.new_client(), "awa", next=target)
        assert answer.status_code == 303 and answer.headers["location"] == "/", target


def test_refused_logins_say_nothing_more_and_the_account_locks(server: Server) -> None:
    c = server.client
    generic = generic_login_message()
    for name, password in (("awa", "Wrong passphrase 1!"), ("nobody", PASSWORD), ("AWA", "")):
        refused = login(c, name, password)
        assert refused.status_code == 401 and generic in refused.text
        assert "filiere_session" not in set_cookies(refused)
    for attempt in range(4):  # five wrong passwords in a row in all
        assert login(c, "awa", f"Wrong passphrase {attempt}!").status_code == 401
    locked = login(c, "awa")  # the right password, while locked
    assert locked.status_code == 401 and generic in locked.text
    assert "filiere_session" not in c.cookies
    server.clock.advance(minutes=2)
    assert login(c, "awa").status_code == 303
    assert server.audit_count("auth.login_failed") >= 6

    no_token = c.post("/login", data={"username": "awa", "password": PASSWORD}, follow_redirects=False)
    assert no_token.status_code == 401 and "expired" in no_token.text
    foreign = c.post(
        "/login",
        data={"username": "awa", "password": PASSWORD, "login_token": "x"},
        headers={"origin": "http://evil.example"},
    )
    assert foreign.status_code == 400


def test_sessions_end_after_an_idle_hour_and_after_twelve_hours(server: Server) -> None:
    c = server.client
    assert login(c, "awa").status_code == 303
    server.clock.advance(minutes=59)
    assert c.get("/").status_code == 200
    server.clock.advance(minutes=61)
    assert c.get("/", follow_redirects=False).status_code == 303
    assert login(c, "awa").status_code == 303
    for _step in range(13):  # busy all day: 13 x 55 minutes = 11 h 55
        server.clock.advance(minutes=55)
        assert c.get("/api/cases").status_code == 200
    server.clock.advance(minutes=10)
    assert c.get("/api/cases").status_code == 401


def test_api_tokens_work_until_revoked_or_expired(server: Server) -> None:
    user = users.get_user(server.ws, "awa")
    _id, secret = create_token(server.ws, user, "nightly-export", expires_days=1, now=server.clock())
    bearer = {"Authorization": f"Bearer {secret}"}
    c = server.new_client()
    assert [x["slug"] for x in c.get("/api/cases", headers=bearer).json()] == ["alpha"]
    assert c.get("/api/cases/alpha/evidence", headers=bearer).status_code == 200
    assert c.get("/api/cases/bravo/evidence", headers=bearer).status_code == 404
    assert c.get("/cases/alpha", headers=bearer).status_code == 200  # a script may fetch a page too
    for wrong in ("Bearer fil_" + "A" * 43, "Bearer " + secret[:-1], "Basic " + secret):
        assert c.get("/api/cases", headers={"Authorization": wrong}).status_code == 401, wrong
    server.clock.advance(days=2)
    assert c.get("/api/cases", headers=bearer).status_code == 401
    token_id, other = create_token(server.ws, user, "second", now=server.clock())
    assert c.get("/api/cases", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    revoke_token(server.ws, token_id)
    assert c.get("/api/cases", headers={"Authorization": f"Bearer {other}"}).status_code == 401


def test_logout_everywhere_ends_every_session_and_token(server: Server) -> None:
    here, there = server.client, server.new_client()
    assert login(here, "awa").status_code == 303 and login(there, "awa").status_code == 303
    _id, secret = create_token(server.ws, users.get_user(server.ws, "awa"), "laptop-script")
    bearer = {"Authorization": f"Bearer {secret}"}
    assert (
        there.get("/api/cases").status_code == 200
        and here.get("/api/cases", headers=bearer).status_code == 200
    )
    out = here.post("/logout/everywhere", data={"csrf_token": csrf_token(here)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert there.get("/api/cases").status_code == 401
    assert server.new_client().get("/api/cases", headers=bearer).status_code == 401
    assert here.get("/", follow_redirects=False).status_code == 303
    assert server.actors("user.logout_everywhere") == ["awa"]


def test_every_form_needs_the_session_token(server: Server) -> None:
    c, other = server.client, server.new_client()
    assert login(c, "awa").status_code == 303 and login(other, "awa").status_code == 303
    token, other_token = csrf_token(c), csrf_token(other)
    assert token != other_token
    before = server.audit_count()
    merge = "/cases/alpha/entities/1/merge"
    for sent in ({}, {"csrf_token": ""}, {"csrf_token": "0" * 64}, {"csrf_token": other_token}):
        refused = c.post(merge, data={"other": 2, **sent}, follow_redirects=False)
        assert refused.status_code == 403, sent
        assert "expired" in refused.text
    assert c.post("/cases/alpha/mla", data={"to": "ML"}).status_code == 403
    assert c.post("/logout", data={}).status_code == 403
    assert c.post("/logout/everywhere", data={"csrf_token": other_token}).status_code == 403
    assert c.post("/api/cases/alpha/entities/merge", json={"a": 1, "b": 2}).status_code == 403
    foreign = c.post(merge, data={"other": 2, "csrf_token": token}, headers={"origin": "http://evil.example"})
    assert foreign.status_code == 400
    assert server.audit_count() == before  # nothing ran, nothing was written
    assert c.get("/api/cases").status_code == 200  # still logged in: the refused logout did nothing

    # with the right token the route runs (and finds no such person in the empty case)
    assert c.post(merge, data={"other": 2, "csrf_token": token}).status_code == 404
    api = c.post("/api/cases/alpha/entities/merge", json={"a": 1, "b": 2}, headers={"X-CSRF-Token": token})
    assert api.status_code == 404
    _id, secret = create_token(server.ws, users.get_user(server.ws, "awa"), "script")
    scripted = server.new_client().post(
        "/api/cases/alpha/entities/merge",
        json={"a": 1, "b": 2},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert scripted.status_code == 404  # a Bearer token is no ambient credential: no CSRF token needed


def test_a_trainee_reads_but_cannot_write(server: Server) -> None:
    users.add_user(server.ws, "eleve", PASSWORD, "trainee")
    members.grant(server.ws, "eleve", "alpha", "read")
    c = server.client
    assert login(c, "eleve").status_code == 303
    assert c.get("/cases/alpha").status_code == 200
    refused = c.post("/cases/alpha/entities/1/merge", data={"other": 2, "csrf_token": csrf_token(c)})
    assert refused.status_code == 403 and "trainee" in refused.text  # may see the case: 403, not 404
    assert c.post("/cases/bravo/entities/1/merge", data={"other": 2}).status_code == 404


def test_serve_auth_refuses_to_start_without_a_user(tmp_path: Path, db_url: str | None) -> None:
    result = CliRunner(tmp_path / "empty", db_url)("serve", "--auth", check=False)
    assert result.exit_code == 1
    assert "filiere user add" in result.stdout + result.stderr


def test_laptop_mode_asks_for_nothing(workspace_dir: Path, db_url: str | None) -> None:
    ws = Workspace.open(workspace_dir, db_url)
    create_case(ws, "alpha", country="NE")
    create_case(ws, "bravo", country="NE")
    ws.close()
    app = create_app(workspace_dir, db_url)
    with TestClient(app) as c:
        home = c.get("/")
        assert home.status_code == 200 and 'data-case="bravo"' in home.text
        assert 'data-testid="logout"' not in home.text
        assert [x["slug"] for x in c.get("/api/cases").json()] == ["alpha", "bravo"]
        assert c.get("/openapi.json").status_code == 200
        assert c.get("/login", follow_redirects=False).headers["location"] == "/"
        assert c.post("/cases/alpha/entities/1/merge", data={"other": 2}).status_code == 404  # no token: ok
        token = csrf_token(c, "/cases/alpha/mla")
        assert (
            c.post("/cases/alpha/entities/1/merge", data={"other": 2, "csrf_token": token}).status_code == 404
        )
        wrong = c.post("/cases/alpha/entities/1/merge", data={"other": 2, "csrf_token": "0" * 64})
        assert wrong.status_code == 403
        hidden = {"origin": "null"}  # a page that hides where it comes from: the token must vouch for it
        assert c.post("/cases/alpha/mla", data={"to": "ML"}, headers=hidden).status_code == 403
        vouched = c.post("/cases/alpha/mla", data={"to": "", "csrf_token": token}, headers=hidden)
        assert vouched.status_code == 400  # let through; the empty form is then refused
        assert home.headers["content-security-policy"].startswith("default-src 'self'")
        huge = 10**11  # more than an INTEGER column holds: refused, not a server error on PostgreSQL
        for path in (
            f"/cases/alpha/evidence/{huge}",
            f"/api/cases/alpha/evidence/{huge}",
            f"/cases/alpha/mla/{huge}",
        ):
            assert c.get(path).status_code == 422, path
        assert c.post("/cases/alpha/entities/1/merge", data={"other": huge}).status_code == 422
    app.state.workspace.close()
