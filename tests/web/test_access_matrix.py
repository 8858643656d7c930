"""The access matrix, on SQLite and PostgreSQL: for every route of the app and every role, another case's
objects are unreachable — 404 as for something that does not exist, never 403 — and absent from lists.

Routes are read from the app itself: the API from its OpenAPI document (`app.openapi()`), the pages from
`app.routes`. Every path parameter is filled with a real id of case "bravo" (its evidence, a person, its
MLA request); a parameter this file does not know how to fill, or a route without a case that it does
not know, makes `test_every_route_is_covered` fail, so a route added later cannot slip past the matrix.

Case "alpha" and case "bravo" hold the same three files of the network training case (fictional), and
bravo one more transcript with a word found nowhere else; each has an MLA request, bravo's sent with
evidence received. One user per role is a member of alpha only (a trainee with read rights, the others
with write rights); each requests every route of bravo through a web session (with a valid CSRF token on
posts) and, for the API, through an API token. The admin, who sees every case, gets 200 on every read of
bravo: the ids are real, so the others' 404 comes from the access check. In alpha, each post answers 403
to a role that may not do it and goes through (to a harmless refusal of its input) for the others.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import fastapi.routing
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from filiere.cases import get_case
from filiere.mla.tracking import link_received, set_status, store_draft
from filiere.resolve.entities import list_entities
from filiere.security import members, users
from filiere.security.access import create_session, create_token
from filiere.store.tables import audit_log
from filiere.web.app import create_app
from filiere.web.auth import SESSION_COOKIE
from filiere.web.csrf import token_for
from tests.conftest import BACKENDS, new_database_url
from tests.mla.test_request import sample_request
from tests.support.cli import CliRunner
from tests.web.security_support import PASSWORD, ROLES, cheap_hasher

EVIDENCE = Path(__file__).parents[2] / "examples" / "network-case" / "evidence"
FILES = (
    "PV-101_ecoute_2025-05-06.txt",
    "PV-102_ecoute_2025-05-08.txt",
    "abonnes_reponse_operateurs_2025-05.csv",
)
PROBE = "ZEBRAPROBE"  # a word only bravo's evidence holds
BRAVO_ONLY = f"""DONNÉES FICTIVES — pièce propre à l'affaire bravo
Réf : BRAVO-001
Ligne écoutée : +227 90 00 00 01
Date : 14/05/2025
Heure : 08:00
Appelant : +227 90 00 00 01
Appelé : +227 90 00 00 02
Durée : 00:00:40

IBRAHIM : Le mot de passe est {PROBE}, ne le dis à personne.
SALEY : Compris.
--- Fin de la communication ---
"""
FILLED = ("case", "evidence_id", "entity_id", "number")  # the path parameters this file can fill
GLOBAL_IDS = ("evidence_id", "entity_id")  # ids unique in the workspace (a request number is per case)
CASELESS = {  # routes without a case, each checked below (lists) or by tests/web/test_auth.py
    ("GET", "/"),
    ("GET", "/api/cases"),
    ("GET", "/openapi.json"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("POST", "/logout/everywhere"),
}
# What each role may post in a case it is a member of (from the table in filiere/security/roles.py).
MAY_WRITE = {"admin", "investigator", "analyst", "trainer"}
MAY_MLA = {"admin", "investigator", "prosecutor", "trainer"}
QUERIES = {"/api/cases/{case}/search": {"q": "DIARRA"}, "/cases/{case}/search": {"q": "DIARRA"}}
PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


def harmless_body(path: str, fill: dict[str, object]) -> dict[str, object] | None:
    """A body each post accepts to read and then refuses (400) without changing anything; None: unknown."""
    bodies = {
        "/api/cases/{case}/entities/merge": {"a": fill["entity_id"], "b": fill["entity_id"]},
        "/api/cases/{case}/entities/{entity_id}/split": {"mention": "mention:0"},
        "/cases/{case}/entities/{entity_id}/merge": {"other": fill["entity_id"]},
        "/cases/{case}/entities/{entity_id}/split": {"key": "mention:0"},
        "/cases/{case}/mla": {"to": ""},
        "/cases/{case}/mla/{number}/status": {"status": "lost"},
        "/cases/{case}/mla/{number}/follow-up": {"on": "not a date"},
        "/cases/{case}/mla/{number}/received": {"evidence": ""},
        "/cases/{case}/mla/{number}/received/{evidence_id}/unlink": {},
    }
    return bodies.get(path)


def app_routes(app) -> list[tuple[str, str]]:
    """(method, path) of every route: the OpenAPI document's operations, then the pages' routes."""
    found = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
        if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE")
    }
    contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    for route in contexts(app.routes) if contexts else app.routes:
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if path and methods and not path.startswith("/static"):
            found |= {(m, path) for m in methods if m != "HEAD"}
    return sorted(found, key=lambda r: (r[1], r[0]))


def is_api(path: str) -> bool:
    return path.startswith("/api/")


@dataclass
class Member:
    username: str
    role: str
    session: str  # the session cookie's secret
    csrf: str
    token: str  # an API token


@dataclass
class Matrix:
    app: object
    alpha: dict[str, object]  # path parameter -> a real value in alpha
    bravo: dict[str, object]
    members: dict[str, Member] = field(default_factory=dict)

    def client(self, member: Member | None = None) -> TestClient:
        client = TestClient(self.app)
        if member:
            client.cookies.set(SESSION_COOKIE, member.session)
        return client

    def call(
        self,
        client: TestClient,
        method: str,
        path: str,
        fill: dict,
        member: Member | None,
        bearer: bool = False,
    ):
        url = path.format(**{p: fill[p] for p in PARAM.findall(path)})
        headers = {"Authorization": f"Bearer {member.token}"} if bearer and member else {}
        if method == "GET":
            return client.get(url, params=QUERIES.get(path), headers=headers, follow_redirects=False)
        body = harmless_body(path, fill) or {}
        if is_api(path):
            if member and not bearer:
                headers["X-CSRF-Token"] = member.csrf
            return client.request(method, url, json=body, headers=headers, follow_redirects=False)
        data = {**body, "csrf_token": member.csrf} if member else body
        return client.request(method, url, data=data, headers=headers, follow_redirects=False)

    def bravo_rows_by(self, usernames: list[str]) -> int:
        ws = self.app.state.workspace
        bravo = get_case(ws, "bravo")
        with ws.engine.connect() as conn:
            return conn.execute(
                select(func.count())
                .select_from(audit_log)
                .where(audit_log.c.case_id == bravo.id, audit_log.c.actor.in_(usernames))
            ).scalar_one()


def _case_ids(cli: CliRunner, ws, slug: str) -> dict[str, object]:
    case = get_case(ws, slug)
    evidence = cli("evidence", "list", "--case", slug, "--json").json()
    return {
        "case": slug,
        "evidence_id": evidence[0]["id"],
        "entity_id": list_entities(ws, case)[0]["id"],
        "number": 1,
    }


@pytest.fixture(scope="module", params=BACKENDS)
def matrix(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    root = tmp_path_factory.mktemp("matrix")
    shared, own = root / "shared", root / "bravo-only"
    shared.mkdir()
    own.mkdir()
    for name in FILES:
        shutil.copy(EVIDENCE / name, shared / name)
    (own / "PV-900_ecoute_bravo.txt").write_text(BRAVO_ONLY, encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FILIERE_LANG", "en")
        env.setenv("FILIERE_USER", "test-officer")
        cheap_hasher(env)
        cli = CliRunner(root / "ws", new_database_url(request.param, request))
        for slug in ("alpha", "bravo"):
            cli("case", "create", slug, "--country", "NE")
            cli("ingest", "--case", slug, str(shared))
        cli("ingest", "--case", "bravo", str(own))
        for slug in ("alpha", "bravo"):
            cli("resolve", "--case", slug)
        app = create_app(cli.workspace, cli.db_url)
        ws = app.state.workspace
        for slug in ("alpha", "bravo"):
            body = sample_request()
            body.case = slug
            store_draft(ws, get_case(ws, slug), body)
        alpha, bravo = _case_ids(cli, ws, "alpha"), _case_ids(cli, ws, "bravo")
        set_status(ws, get_case(ws, "bravo"), 1, "sent", on="2025-06-12")
        link_received(ws, get_case(ws, "bravo"), 1, [bravo["evidence_id"]], on="2025-07-01")
        found = Matrix(app, alpha, bravo)
        for role in ROLES:
            name = f"{role}-a"
            users.add_user(ws, name, PASSWORD, role)
            members.grant(ws, name, "alpha", "read" if role == "trainee" else "write")
            user = users.get_user(ws, name)
            secret, session = create_session(ws, user)
            _id, token = create_token(ws, user, "matrix")
            found.members[role] = Member(name, role, secret, token_for(session.csrf_secret), token)
        yield found
    ws.close()


def test_every_route_is_covered(matrix: Matrix) -> None:
    """A new route fails here until the matrix knows how to fill it (and checks it)."""
    unknown = []
    for method, path in app_routes(matrix.app):
        params = PARAM.findall(path)
        missing = [p for p in params if p not in FILLED]
        if missing:
            unknown.append(f"{method} {path}: no value for {missing} (add it to FILLED and the fixture)")
        elif "case" not in params and (method, path) not in CASELESS:
            unknown.append(f"{method} {path}: a route without a case, unknown to this test (check its list)")
        elif "case" in params and method != "GET" and harmless_body(path, matrix.alpha) is None:
            unknown.append(f"{method} {path}: no harmless body in harmless_body()")
    assert unknown == [], "\n".join(unknown)
    assert len([r for r in app_routes(matrix.app) if "{case}" in r[1]]) >= 30


def _case_routes(matrix: Matrix) -> list[tuple[str, str]]:
    return [(m, p) for m, p in app_routes(matrix.app) if "{case}" in p]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_a_member_of_alpha_reaches_nothing_of_bravo(matrix: Matrix, role: str) -> None:
    member = matrix.members[role]
    client = matrix.client(member)
    wrong = []
    for method, path in _case_routes(matrix):
        answers = [matrix.call(client, method, path, matrix.bravo, member)]
        if is_api(path):
            answers.append(matrix.call(matrix.client(), method, path, matrix.bravo, member, bearer=True))
        wrong += [f"{method} {path} -> {a.status_code}" for a in answers if a.status_code != 404]
        if set(PARAM.findall(path)) - {"case"} and set(PARAM.findall(path)) <= {"case", *GLOBAL_IDS}:
            crossed = {
                **matrix.alpha,
                **{k: matrix.bravo[k] for k in GLOBAL_IDS},
            }  # bravo's ids, alpha's slug
            answer = matrix.call(client, method, path, crossed, member)
            allowed = method == "GET" or role in (MAY_MLA if "/mla" in path else MAY_WRITE)
            if answer.status_code != (404 if allowed else 403):
                wrong.append(f"{method} {path} with alpha's slug and bravo's ids -> {answer.status_code}")
    assert wrong == [], "\n".join(wrong)
    assert matrix.bravo_rows_by([member.username]) == 0  # nothing read, nothing written, nothing audited

    home = client.get("/")
    assert home.status_code == 200 and "bravo" not in home.text and 'data-case="alpha"' in home.text
    for api in (client, matrix.client()):
        headers = {} if api is client else {"Authorization": f"Bearer {member.token}"}
        assert [c["slug"] for c in api.get("/api/cases", headers=headers).json()] == ["alpha"]
    results = client.get(f"/cases/alpha/search?q={PROBE}").text.split('data-testid="search-results"', 1)[1]
    assert PROBE not in results and "No passage." in results
    found = client.get(f"/api/cases/alpha/search?q={PROBE}").json()
    assert found["text_total"] == 0 and not found["texts"] and not found["entities"]


@pytest.mark.parametrize("role", ROLES)
def test_posts_in_alpha_need_the_rights_of_the_role(matrix: Matrix, role: str) -> None:
    member = matrix.members[role]
    client = matrix.client(member)
    wrong = []
    for method, path in _case_routes(matrix):
        if method == "GET":
            continue
        allowed = role in (MAY_MLA if "/mla" in path else MAY_WRITE)
        answer = matrix.call(client, method, path, matrix.alpha, member)
        if allowed and answer.status_code not in (400, 422):  # let through, then its input refused
            wrong.append(f"{method} {path} -> {answer.status_code} (allowed: expected a refused input)")
        if not allowed and answer.status_code != 403:
            wrong.append(f"{method} {path} -> {answer.status_code} (not allowed: expected 403)")
    assert wrong == [], "\n".join(wrong)


def test_the_admin_sees_bravo_and_its_lists(matrix: Matrix) -> None:
    """The positive control: the ids filled in are real, every read of bravo answers 200 to an admin."""
    admin = matrix.members["admin"]
    client = matrix.client(admin)
    wrong = []
    for method, path in _case_routes(matrix):
        if method == "GET":
            answer = matrix.call(client, method, path, matrix.bravo, admin)
            if answer.status_code != 200:
                wrong.append(f"{method} {path} -> {answer.status_code}")
    assert wrong == [], "\n".join(wrong)
    assert [c["slug"] for c in client.get("/api/cases").json()] == ["alpha", "bravo"]
    assert client.get(f"/api/cases/bravo/search?q={PROBE}").json()["text_total"] == 1


def test_without_login_every_route_answers_401_or_the_login_page(matrix: Matrix) -> None:
    client = matrix.client()
    wrong = []
    for method, path in app_routes(matrix.app):
        if path == "/login":
            continue
        answer = matrix.call(client, method, path, matrix.bravo, None)
        expected = 401 if is_api(path) or path == "/openapi.json" else 303
        if answer.status_code != expected or (expected == 303 and "/login" not in answer.headers["location"]):
            wrong.append(f"{method} {path} -> {answer.status_code}")
    assert wrong == [], "\n".join(wrong)
