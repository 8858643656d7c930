"""In a real browser (the machine's Chromium), on a server that asks for a login: hostile evidence stays
inert text and the pages keep to their Content-Security-Policy; the login, the refused login and the
logout work as a person uses them.

A transcript carrying a script element, an image with an onerror handler, an SVG with an onload handler
and a `javascript:` link (each would call `alert`) is ingested into a case; an investigator logs in and
opens every page that shows it. Any dialog, any script error and any report of the policy being broken
fails the test: a payload that got through the templates would show up as one of these, whether the
policy stopped it or not. A probe alert run by the test at the end shows that the dialog listener works.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from filiere.security import members, users
from filiere.web.headers import CONTENT_SECURITY_POLICY
from tests.support.cli import CliRunner
from tests.web.browser.conftest import serve_app
from tests.web.security_support import PASSWORD, cheap_hasher

CASE = "xss"
SCRIPT = "<script>alert('xss-script')</script>"
IMG = "<img src=x onerror=\"alert('xss-img')\">"
SVG = "<svg onload=alert('xss-svg')>"
LINK = "<a href=\"javascript:alert('xss-link')\">ce lien</a>"
HOSTILE = f"""DONNÉES FICTIVES — test de sécurité du navigateur
Réf : SEC-001
Ligne écoutée : +223 66 00 00 01
Date : 12/05/2026
Heure : 10:15
Appelant : +223 66 00 00 01
Appelé : +223 79 00 00 02
Durée : 00:01:00

MOUSSA : Regarde {SCRIPT} et {IMG} puis {LINK}, le convoi part de Gao.
ALI : {SVG} D'accord, j'appelle Moussa demain.
--- Fin de la communication ---
"""


@dataclass(frozen=True)
class Guarded:
    base_url: str
    evidence_id: int

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Guarded]:
    """A case with the hostile transcript, served with login on (an admin and an investigator)."""
    from filiere.web.app import create_app

    root = tmp_path_factory.mktemp("guarded")
    folder = root / "evidence"
    folder.mkdir()
    (folder / "ecoute_SEC-001.txt").write_text(HOSTILE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FILIERE_LANG", "en")
        env.setenv("FILIERE_USER", "test-officer")
        cheap_hasher(env)  # the server runs in this process: its logins use the cheap hasher too
        cli = CliRunner(root / "ws", None)
        cli("case", "create", CASE, "--country", "ML")
        cli("ingest", "--case", CASE, str(folder))
        cli("resolve", "--case", CASE)
        evidence_id = cli("evidence", "list", "--case", CASE, "--json").json()[0]["id"]
        app = create_app(cli.workspace, require_login=True)
        ws = app.state.workspace
        users.add_user(ws, "chief", PASSWORD, "admin")
        users.add_user(ws, "awa", PASSWORD, "investigator", "Awa TRAORE (fictive)")
        members.grant(ws, "awa", CASE, "write")
        with serve_app(app) as base_url:
            yield Guarded(base_url, evidence_id)
        ws.close()


@dataclass
class Seen:
    dialogs: list[str]
    errors: list[str]
    policy: list[str]  # console messages about the Content-Security-Policy
    outside: list[str]

    def assert_clean(self) -> None:
        assert self.dialogs == [], f"a payload ran: {self.dialogs}"
        assert self.errors == [], f"script errors: {self.errors}"
        assert self.policy == [], f"the page broke its Content-Security-Policy: {self.policy}"
        assert self.outside == [], f"requests leaving the machine: {self.outside}"


@pytest.fixture
def tab(browser) -> Iterator[tuple[object, Seen]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    seen = Seen([], [], [], [])

    def on_dialog(dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            seen.policy.append(message.text)

    def route(route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in ("127.0.0.1", None) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            seen.outside.append(url)
            route.abort()

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    page.route("**/*", route)
    yield page, seen
    context.close()


def _log_in(page, guarded: Guarded, password: str = PASSWORD) -> None:
    page.fill("#login-username", "awa")
    page.fill("#login-password", password)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()


def test_hostile_evidence_renders_as_text_under_the_policy(tab, guarded: Guarded) -> None:
    page, seen = tab
    reader = f"/cases/{CASE}/evidence/{guarded.evidence_id}"
    page.goto(guarded.url(reader))
    _log_in(page, guarded)
    assert urlsplit(page.url).path == reader
    response = page.goto(guarded.url(reader))
    assert response.status == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    text = page.locator("main").inner_text()
    for payload in (SCRIPT, IMG, SVG, LINK):
        assert payload in text, f"{payload} is not shown as text"
    planted = page.evaluate(
        """() => document.querySelectorAll('main script, main img, main svg, main iframe,'
            + ' main [onerror], main [onload], a[href^="javascript:"]').length"""
    )
    assert planted == 0
    for path in (
        f"/cases/{CASE}",
        f"/cases/{CASE}/evidence",
        f"/cases/{CASE}/search?q=convoi",
        f"/cases/{CASE}/timeline",
        f"/cases/{CASE}/mla",
    ):
        assert page.goto(guarded.url(path)).status == 200, path
    page.goto(guarded.url(f"/cases/{CASE}/chart"))
    page.wait_for_function("() => window.filiereChartReady === true")
    with page.expect_download() as exported:  # an SVG blob drawn into a canvas: needs img-src blob:
        page.click("#chart-png")
    assert exported.value.suggested_filename == f"{CASE}-chart.png"
    page.goto(guarded.url(f"/cases/{CASE}/map"))
    page.wait_for_function("() => window.filiereMapReady === true")
    page.wait_for_timeout(300)  # a late handler would fire by now
    seen.assert_clean()

    page.evaluate("() => alert('probe')")  # the listener catches what a payload would have done
    assert seen.dialogs == ["probe"]


def test_login_refusal_and_logout_in_the_browser(tab, guarded: Guarded) -> None:
    page, seen = tab
    page.goto(guarded.url(f"/cases/{CASE}/evidence"))
    assert urlsplit(page.url).path == "/login"
    _log_in(page, guarded, "Not the passphrase 2026!")
    assert urlsplit(page.url).path == "/login"
    assert "Wrong user name or password" in page.locator("[data-testid=login-error]").inner_text()
    _log_in(page, guarded)
    assert urlsplit(page.url).path == f"/cases/{CASE}/evidence"
    assert "Awa TRAORE (fictive)" in page.locator("[data-testid=account]").inner_text()
    cookie = next(c for c in page.context.cookies() if c["name"] == "filiere_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "filiere_session" not in page.evaluate("() => document.cookie")

    page.click("[data-testid=logout]")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/login"
    page.goto(guarded.url(f"/cases/{CASE}"))
    assert urlsplit(page.url).path == "/login"
    seen.assert_clean()
