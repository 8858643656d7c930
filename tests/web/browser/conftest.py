"""Browser fixtures: a generated case served by the real app, driven by the machine's Debian Chromium.

One session builds everything once (a small generated case plus one hostile transcript, ingested with
extraction and resolved in a temporary SQLite workspace), serves `create_app` with uvicorn on a free port
in a background thread, and launches /usr/bin/chromium headless through Playwright — never a downloaded
browser (`make test` installs Debian's `chromium` package). Each test gets a fresh browser context.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from filiere.train.generate import generate_case
from tests.support.cli import CliRunner

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CASE = "demo"
SEED = 7

# Untrusted text that must reach the page as text: a transcript carrying script and onerror payloads,
# in a file whose own name is an onerror payload too (the name shows in lists and titles).
SCRIPT_PAYLOAD = "<script>window.__xss=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__xss=1">'
XSS_PROBE = "XSSPROBE"
XSS_FILE_NAME = "ecoute_<img src=x onerror=window.__xss=2>.txt"
XSS_TRANSCRIPT = f"""DONNÉES FICTIVES — test du navigateur de Filière
Réf : XSS-001
Ligne écoutée : +223 66 00 00 01
Date : 12/05/2026
Heure : 10:15
Appelant : +223 66 00 00 01
Appelé : +223 79 00 00 02
Durée : 00:01:00

MOUSSA : Tu as reçu le message {XSS_PROBE} ? {SCRIPT_PAYLOAD} Il faut partir demain.
ALI : Oui, regarde {IMG_PAYLOAD} et appelle le chauffeur.
--- Fin de la communication ---
"""


@dataclass(frozen=True)
class ServedCase:
    """What the tests need to know about the served case."""

    base_url: str
    case: str
    key_player_id: int
    key_player_name: str
    reader_evidence_id: int  # a transcript where the key player is mentioned
    xss_evidence_id: int

    def url(self, path: str, lang: str | None = None) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}lang={lang}" if lang else f"{self.base_url}{path}"


def _build_case(root: Path) -> tuple[CliRunner, list[dict], dict]:
    """Generate, ingest (extraction runs with it) and resolve; return the CLI, evidence list and analysis."""
    case_dir = root / "case"
    truth = generate_case(case_dir, seed=SEED, size="small", language="fr")
    hostile = root / "hostile"
    hostile.mkdir()
    (hostile / XSS_FILE_NAME).write_text(XSS_TRANSCRIPT, encoding="utf-8")
    ws_dir = root / "ws"
    cli = CliRunner(ws_dir, None)
    cli("case", "create", CASE, "--country", truth["case_country"])
    cli("ingest", "--case", CASE, str(case_dir / "evidence"), str(hostile), "--json")
    cli("resolve", "--case", CASE, "--json")
    evidence = cli("evidence", "list", "--case", CASE, "--json").json()
    analysis = cli("analyze", "--case", CASE, "--json").json()
    return cli, evidence, analysis


def _key_player(analysis: dict) -> dict:
    ranked = [p for p in analysis["people"] if p["rank"] is not None]
    return min(ranked, key=lambda p: p["rank"])


def _reader_evidence(cli: CliRunner, entity_id: int, evidence: list[dict]) -> int:
    """A transcript in which the entity is named in the text (not only a speaker label or a CSV row)."""
    kinds = {e["id"]: e["kind"] for e in evidence}
    shown = cli("entity", "show", str(entity_id), "--case", CASE, "--json").json()
    for m in shown["mentions"]:
        if m["kind"] == "mention" and kinds.get(m["evidence"]) == "transcript":
            return m["evidence"]
    raise AssertionError(f"entity #{entity_id} is named in no transcript: {json.dumps(shown)[:400]}")


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serve_app(app) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a background thread; yields its base URL."""
    import uvicorn

    sock = _free_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="session")
def served_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedCase]:
    """The generated case behind a live server: base URL and the ids the tests open."""
    from filiere.web.app import create_app

    cli, evidence, analysis = _build_case(tmp_path_factory.mktemp("browser"))
    player = _key_player(analysis)
    xss = [e["id"] for e in evidence if e["original_name"] == XSS_FILE_NAME]
    assert xss, "the hostile transcript was not ingested"
    reader = _reader_evidence(cli, player["id"], evidence)

    app = create_app(cli.workspace)
    with serve_app(app) as base_url:
        yield ServedCase(
            base_url=base_url,
            case=CASE,
            key_player_id=player["id"],
            key_player_name=player["name"],
            reader_evidence_id=reader,
            xss_evidence_id=xss[0],
        )
    app.state.workspace.close()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless Debian Chromium (never a Playwright download); --no-sandbox only when running as root."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: `make browser-packages` (run by `make test`) installs it")
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did that it must not: script errors, requests leaving this machine."""

    errors: list[str]
    outside: list[str]

    def assert_clean(self) -> None:
        assert not self.errors, f"JavaScript errors: {self.errors}"
        assert not self.outside, f"requests leaving the machine (no CDN, no network): {self.outside}"


@pytest.fixture
def watch() -> Watch:
    return Watch(errors=[], outside=[])


@pytest.fixture
def page(browser, served_case: ServedCase, watch: Watch) -> Iterator:
    """A fresh context and page; script errors and any request off 127.0.0.1 go to `watch`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    _predicates_as_functions(tab)

    def route(route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in ("127.0.0.1", None) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            watch.outside.append(url)
            route.abort()

    tab.route("**/*", route)
    yield tab
    context.close()


def _predicates_as_functions(tab) -> None:
    """The pages' Content-Security-Policy refuses `eval`, and Playwright evaluates a predicate given as an
    expression ("window.ready === true") with `eval` inside the page while it polls; given as a function
    it is compiled by the browser's debugger, which the policy does not govern. So expressions become
    functions here, and the tests run under the real policy."""
    wait = tab.wait_for_function

    def wait_for_function(expression: str, *args, **kwargs):
        text = expression.strip()
        if not (text.startswith(("function", "async ")) or "=>" in text.split("\n", 1)[0]):
            expression = f"() => ({text})"
        return wait(expression, *args, **kwargs)

    tab.wait_for_function = wait_for_function


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots land in tests/artifacts/ (ignored by git) for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
