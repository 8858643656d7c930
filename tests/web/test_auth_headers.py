"""Hardening and the audit of reads, on SQLite and PostgreSQL: security headers on pages, API answers,
redirects and static files (HSTS and Secure cookies only over https or when forced), download names that
cannot traverse paths or break the header, no template that marks text safe, and every read of evidence,
search and export written to the audit log under the user's name — which `filiere audit show --case
--user` lists — without throwing the analysis cache away.

One fictional transcript is ingested into case "alpha" (with a hostile file name); users come from
filiere.security with a cheap argon2id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from filiere.security import members, users
from filiere.store.tables import audit_log
from filiere.web.app import create_app
from filiere.web.downloads import attachment
from filiere.web.headers import CONTENT_SECURITY_POLICY
from filiere.web.snapshot import data_version
from tests.support.cli import CliRunner
from tests.web.security_support import PASSWORD, cheap_hasher, login, set_cookies

WEB = Path(__file__).resolve().parents[2] / "src" / "filiere" / "web"
FILE_NAME = 'écoute "Moussa" <i>.txt'
TRANSCRIPT = """DONNÉES FICTIVES — test de l'audit des lectures
Réf : AUD-001
Ligne écoutée : +223 66 00 00 01
Date : 12/05/2026
Heure : 10:15
Appelant : +223 66 00 00 01
Appelé : +223 79 00 00 02
Durée : 00:01:00

MOUSSA : Le passeur attend à Gao avec le camion.
ALI : D'accord, je préviens Moussa.
--- Fin de la communication ---
"""


@pytest.fixture(autouse=True)
def _cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hasher(monkeypatch)


@dataclass
class Site:
    app: object
    cli: CliRunner
    evidence_id: int

    def rows(self, actor: str | None = None) -> list[dict]:
        query = select(audit_log).order_by(audit_log.c.id)
        if actor:
            query = query.where(audit_log.c.actor == actor)
        with self.app.state.workspace.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]


@pytest.fixture
def site(tmp_path: Path, workspace_dir: Path, db_url: str | None) -> Iterator[Site]:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / FILE_NAME).write_text(TRANSCRIPT, encoding="utf-8")
    cli = CliRunner(workspace_dir, db_url)
    cli("case", "create", "alpha", "--country", "ML")
    cli("case", "create", "bravo", "--country", "ML")
    cli("ingest", "--case", "alpha", str(folder))
    cli("resolve", "--case", "alpha")
    evidence_id = cli("evidence", "list", "--case", "alpha", "--json").json()[0]["id"]
    app = create_app(workspace_dir, db_url)
    ws = app.state.workspace
    users.add_user(ws, "chief", PASSWORD, "admin")
    users.add_user(ws, "awa", PASSWORD, "analyst")
    members.grant(ws, "awa", "alpha", "read")
    yield Site(app, cli, evidence_id)
    ws.close()


def _hardened(response) -> None:
    h = response.headers
    assert h["content-security-policy"] == CONTENT_SECURITY_POLICY
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ):
        assert directive in CONTENT_SECURITY_POLICY.split("; ")
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert h["x-frame-options"] == "DENY"
    assert "camera=()" in h["permissions-policy"]


def test_every_answer_is_hardened_and_case_data_is_never_cached(site: Site) -> None:
    c = TestClient(site.app)
    answers = {
        "login": c.get("/login"),
        "refused api": c.get("/api/cases"),
        "redirect": c.get("/cases/alpha", follow_redirects=False),
        "static": c.get("/static/app.css"),
    }
    assert login(c, "awa").status_code == 303
    answers |= {
        "page": c.get("/cases/alpha"),
        "api": c.get("/api/cases"),
        "not found": c.get("/cases/bravo"),
        "download": c.get(f"/api/cases/alpha/evidence/{site.evidence_id}/original"),
    }
    for name, response in answers.items():
        _hardened(response)
        assert "strict-transport-security" not in response.headers, name
        if name != "static":
            assert response.headers["cache-control"] == "no-store", name
    assert "no-store" not in answers["static"].headers.get("cache-control", "")
    assert answers["not found"].status_code == 404


def test_over_https_cookies_are_secure_and_hsts_is_sent(site: Site) -> None:
    c = TestClient(site.app, base_url="https://testserver")
    answer = login(c, "awa")
    assert answer.status_code == 303
    assert "secure" in [p.strip().lower() for p in set_cookies(answer)["filiere_session"].split(";")]
    assert c.get("/").headers["strict-transport-security"] == "max-age=31536000"

    site.app.state.auth.secure_cookies = True  # `filiere serve --secure-cookies`, behind a TLS proxy
    form = TestClient(site.app).get("/login")  # over http here: the proxy speaks https to the browser
    assert "secure" in [p.strip().lower() for p in set_cookies(form)["filiere_login"].split(";")]


def test_reads_are_audited_under_the_user_and_listed_by_audit_show(site: Site) -> None:
    c = TestClient(site.app)
    assert login(c, "awa").status_code == 303
    ws = site.app.state.workspace
    version = data_version(ws)
    before = len(site.rows("awa"))
    reader = f"/cases/alpha/evidence/{site.evidence_id}"
    assert c.get(reader).status_code == 200
    assert c.get(f"{reader}/rows?offset=0").status_code == 200  # the pager's fragment: no row
    assert c.get("/static/htmx-missing.js").status_code == 404  # static: no row
    assert c.get("/static/app.css").status_code == 200
    assert c.get(f"/api{reader}").status_code == 200
    assert c.get("/cases/alpha/search?q=passeur").status_code == 200
    assert c.get("/cases/alpha/search").status_code == 200  # the empty form: nothing searched
    assert c.get("/api/cases/alpha/search?q=camion").status_code == 200
    assert c.get("/api/cases/alpha/graph").status_code == 200
    download = c.get(f"/api{reader}/original")
    assert download.status_code == 200 and download.content == TRANSCRIPT.encode()
    rows = site.rows("awa")[before:]
    assert [(r["action"], r["case_id"] is not None) for r in rows] == [
        ("read.evidence", True),
        ("read.evidence", True),
        ("read.search", True),
        ("read.search", True),
        ("read.export", True),
        ("evidence.export", True),
    ]
    assert '"query":"passeur"' in rows[2]["details"] and '"via":"session"' in rows[2]["details"]
    assert rows[0]["object_id"] == str(site.evidence_id)
    assert data_version(ws) == version  # reads change no data: the analysis stays cached

    shown = site.cli("audit", "show", "--case", "alpha", "--user", "awa", "--json").json()
    actions = [r["action"] for r in shown]
    assert {"read.evidence", "read.search", "read.export", "evidence.export"} <= set(actions)
    assert all(r["actor"] == "awa" for r in shown)
    assert site.cli("audit", "verify").exit_code == 0


def test_downloads_have_a_harmless_name(site: Site) -> None:
    c = TestClient(site.app)
    assert login(c, "awa").status_code == 303
    header = c.get(f"/api/cases/alpha/evidence/{site.evidence_id}/original").headers["content-disposition"]
    assert header == (
        "attachment; filename=\"ecoute_Moussa_i_.txt\"; filename*=UTF-8''"
        "%C3%A9coute%20%22Moussa%22%20%3Ci%3E.txt"
    )
    assert attachment("../../etc/passwd") == 'attachment; filename="passwd"'
    assert attachment("..\\..\\boot.ini") == 'attachment; filename="boot.ini"'
    assert attachment("..") == 'attachment; filename="download"'
    assert attachment("") == 'attachment; filename="download"'
    assert attachment("NC_MLA_ML_2026_1.docx") == 'attachment; filename="NC_MLA_ML_2026_1.docx"'
    injected = attachment('a"; filename="evil.exe\r\nSet-Cookie: x=1.txt')
    assert "\r" not in injected and "\n" not in injected and 'evil.exe"' not in injected
    assert attachment("rapport\u202etxt.exe") == (
        'attachment; filename="rapporttxt.exe"'
    )  # a right-to-left override would show "exe.txt"
    long = attachment("x" * 400 + ".pdf")
    assert re.fullmatch(r'attachment; filename="x{146}\.pdf"', long)


def test_no_template_marks_text_as_safe() -> None:
    """Evidence and user text are only ever printed escaped: no `|safe`, no Markup, autoescape stays on."""
    offending = []
    for path in sorted((WEB / "templates").rglob("*.html")):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)  # not comments
        if re.search(r"\|\s*safe\b|autoescape\s+false|\bMarkup\b", text):
            offending.append(path.name)
    for path in sorted(WEB.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bMarkup\(|autoescape\s*=\s*False", text):
            offending.append(path.name)
    assert offending == []
    inline = [
        p.name
        for p in sorted((WEB / "templates").rglob("*.html"))
        if re.search(
            r"<script(?![^>]*\b(src=|type=\"application/json\"))|\son[a-z]+=|\sstyle=", p.read_text()
        )
    ]
    assert inline == [], "inline script, handler or style: the Content-Security-Policy refuses them"
