"""The server-rendered pages through FastAPI's TestClient, on a small generated case in a real workspace
(SQLite and PostgreSQL): every page in French and English, mentions linking to their person, hostile
evidence escaped, HTMX partials, and the merge and split forms (audited)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from filiere.store.tables import audit_log
from filiere.train.generate import generate_case
from filiere.web.app import create_app
from tests.conftest import BACKENDS, new_database_url
from tests.support.cli import CliRunner

CASE = "demo"
HOSTILE_NAME = "ecoute_<img src=x onerror=alert(2)>.txt"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = f"""DONNÉES FICTIVES — test des pages de Filière
Réf : XSS-001
Ligne écoutée : +223 66 00 00 01
Date : 12/05/2026
Heure : 10:15
Appelant : +223 66 00 00 01
Appelé : +223 79 00 00 02
Durée : 00:01:00

MOUSSA : Tu as reçu le message ? {SCRIPT} Il faut partir demain pour Gao.
ALI : Oui, regarde {IMG} et appelle Moussa.
--- Fin de la communication ---
"""


@dataclass
class Served:
    client: TestClient
    cli: CliRunner
    evidence: list[dict]
    analysis: dict

    def get(self, path: str, lang: str | None = "en", **kwargs):
        if lang:
            path += ("&" if "?" in path else "?") + f"lang={lang}"
        return self.client.get(path, **kwargs)

    def evidence_id(self, name: str) -> int:
        return next(e["id"] for e in self.evidence if e["original_name"] == name)

    def audit(self, action: str) -> list[dict]:
        ws = self.client.app.state.workspace
        with ws.engine.connect() as conn:
            rows = conn.execute(select(audit_log).where(audit_log.c.action == action)).all()
        return [dict(r._mapping) for r in rows]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("pages-case")
    truth = generate_case(root / "case", seed=7, size="small", language="fr", cdr_rows=400)
    hostile = root / "hostile"
    hostile.mkdir()
    (hostile / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    return root / "case" / "evidence", hostile, truth["case_country"]


@pytest.fixture(scope="module", params=BACKENDS)
def served(request: pytest.FixtureRequest, generated, tmp_path_factory) -> Iterator[Served]:
    evidence_dir, hostile, country = generated
    cli = CliRunner(tmp_path_factory.mktemp("pages-ws"), new_database_url(request.param, request))
    cli("case", "create", CASE, "--country", country)
    cli("ingest", "--case", CASE, str(evidence_dir), str(hostile), "--json")
    cli("resolve", "--case", CASE, "--json")
    app = create_app(cli.workspace, cli.db_url)
    with TestClient(app) as client:
        yield Served(
            client,
            cli,
            cli("evidence", "list", "--case", CASE, "--json").json(),
            cli("analyze", "--case", CASE, "--json").json(),
        )
    app.state.workspace.close()


def _key_player(served: Served) -> dict:
    return min((p for p in served.analysis["people"] if p["rank"] is not None), key=lambda p: p["rank"])


def _pages(served: Served) -> list[str]:
    player = _key_player(served)
    cdr = next(e["id"] for e in served.evidence if e["kind"] == "cdr")
    text = next(e["id"] for e in served.evidence if e["kind"] == "transcript")
    surname = player["name"].split()[0]
    return [
        "/",
        f"/cases/{CASE}",
        f"/cases/{CASE}/evidence",
        f"/cases/{CASE}/evidence/{text}",
        f"/cases/{CASE}/evidence/{cdr}",
        f"/cases/{CASE}/entities/{player['id']}",
        f"/cases/{CASE}/timeline",
        f"/cases/{CASE}/search?q={surname}",
    ]


# One label each language shows on the page (the language switch must not be the only difference).
WORDS = {"en": ("Cases", "Dashboard"), "fr": ("Affaires", "Tableau de bord")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_opens_in_both_languages(served: Served, lang: str) -> None:
    for path in _pages(served):
        response = served.get(path, lang)
        assert response.status_code == 200, (path, response.text[:500])
        html = response.text
        assert f'<html lang="{lang}">' in html, path
        expected = WORDS[lang][0] if path == "/" else WORDS[lang][1]
        assert expected in html, (path, lang)
        assert 'data-testid="lang-switch"' in html and 'hreflang="fr"' in html and 'hreflang="en"' in html
        if path != "/":
            for nav in ("dashboard", "evidence", "chart", "timeline", "map", "search"):
                assert f'data-nav="{nav}"' in html, (path, nav)
        assert "/static/vendor/htmx/htmx.min.js" in html
        assert not re.search(r"https?://", html), path  # nothing from elsewhere: no CDN, no absolute links


def test_the_key_player_is_on_the_dashboard(served: Served) -> None:
    html = served.get(f"/cases/{CASE}").text
    block = html.split('data-testid="key-players"', 1)[1].split("</section>", 1)[0]
    assert _key_player(served)["name"] in unescape(block)
    assert 'data-testid="warnings"' in html


def test_language_from_cookie_and_accept_language(served: Served) -> None:
    client = TestClient(served.client.app)
    assert '<html lang="en">' in client.get("/").text  # nothing asked: English
    assert '<html lang="fr">' in client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"}).text
    assert '<html lang="en">' in client.get("/", headers={"accept-language": "de, en;q=0.5, fr;q=0.4"}).text
    client.get("/", params={"lang": "fr"})
    assert client.cookies.get("lang") == "fr"
    assert '<html lang="fr">' in client.get(f"/cases/{CASE}/timeline").text  # the choice sticks


def _mention_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="m [^"]*" data-mention="(\w+)" href="([^"]+)">', html)


def test_a_mention_in_the_reader_links_to_its_entity(served: Served) -> None:
    player = _key_player(served)
    shown = served.cli("entity", "show", str(player["id"]), "--case", CASE, "--json").json()
    kinds = {e["id"]: e["kind"] for e in served.evidence}
    evidence_id = next(
        m["evidence"]
        for m in shown["mentions"]
        if m["kind"] == "mention" and kinds[m["evidence"]] == "transcript"
    )
    html = served.get(f"/cases/{CASE}/evidence/{evidence_id}").text
    links = _mention_links(html)
    target = f"/cases/{CASE}/entities/{player['id']}"
    assert ("person", target) in links
    entity = served.get(target)
    assert entity.status_code == 200
    assert player["name"] in unescape(
        entity.text.split('data-testid="entity-name"', 1)[1].split("</h1>", 1)[0]
    )
    assert f'href="/api/cases/{CASE}/evidence/{evidence_id}/original"' in html  # the (audited) download


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hostile_evidence_renders_as_text(served: Served, lang: str) -> None:
    evidence_id = served.evidence_id(HOSTILE_NAME)
    for path in (
        f"/cases/{CASE}/evidence/{evidence_id}",
        f"/cases/{CASE}/evidence",
        f"/cases/{CASE}",
        f"/cases/{CASE}/search?q=alert",
    ):
        html = served.get(path, lang).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert", ""), path
    reader = served.get(f"/cases/{CASE}/evidence/{evidence_id}", lang).text
    text = reader.split('data-testid="evidence-text"', 1)[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "ecoute_&lt;img src=x onerror=alert(2)&gt;.txt" in reader
    search = served.get(f"/cases/{CASE}/search?q=alert", lang).text
    assert "&lt;script&gt;" in search


def test_rows_are_paged_with_an_htmx_partial(served: Served) -> None:
    cdr = next(e for e in served.evidence if e["kind"] == "cdr" and e["record_count"] > 60)
    page = served.get(f"/cases/{CASE}/evidence/{cdr['id']}").text
    assert f'hx-get="/cases/{CASE}/evidence/{cdr["id"]}/rows?offset=50"' in page
    part = served.get(f"/cases/{CASE}/evidence/{cdr['id']}/rows?offset=50")
    assert part.status_code == 200
    assert "<html" not in part.text and 'id="evidence-rows"' in part.text
    assert part.text.count("<tr>") > 1 and 'rel="prev"' in part.text


def test_timeline_filters_through_the_partial(served: Served) -> None:
    page = served.get(f"/cases/{CASE}/timeline").text
    assert f'hx-get="/cases/{CASE}/timeline/items"' in page
    assert page.count('data-testid="timeline-item"') > 0
    part = served.client.get(f"/cases/{CASE}/timeline/items", params={"kind": "call", "lang": "fr"}).text
    assert "<html" not in part
    kinds = set(re.findall(r'data-testid="timeline-item" class="kind-(\w+)"', part))
    assert kinds == {"call"}
    assert "Appel de" in part  # summaries written by the analysis, in the request's language
    dated = served.client.get(f"/cases/{CASE}/timeline/items", params={"from": "2999-01-01"}).text
    assert 'data-testid="timeline-item"' not in dated


def test_unknown_things_are_404_pages(served: Served) -> None:
    for path in ("/cases/nope", f"/cases/{CASE}/entities/999999", f"/cases/{CASE}/evidence/999999"):
        response = served.get(path, "fr")
        assert response.status_code == 404
        assert '<html lang="fr">' in response.text and "Impossible" in response.text


def _observations(served: Served, entity_id: int) -> list[dict]:
    return served.cli("entity", "show", str(entity_id), "--case", CASE, "--json").json()["mentions"]


def test_split_and_merge_forms_are_audited_and_redirect_back(served: Served) -> None:
    people = served.cli("entity", "list", "--case", CASE, "--json").json()
    owner = next(e for e in people if e["observations"] >= 3)
    key = _observations(served, owner["id"])[-1]["key"]
    before = len(served.audit("entity.split"))
    url = f"/cases/{CASE}/entities/{owner['id']}"
    split = served.client.post(f"{url}/split", data={"key": key}, follow_redirects=False)
    assert split.status_code == 303
    assert split.headers["location"].startswith(url + "?")
    assert len(served.audit("entity.split")) == before + 1
    now_in = int(re.search(r"now_in=(\d+)", split.headers["location"]).group(1))
    assert now_in != owner["id"]
    assert key not in {m["key"] for m in _observations(served, owner["id"])}
    page = served.get(split.headers["location"], "en").text
    assert f"now belongs to entity #{now_in}" in page

    merged = served.client.post(f"{url}/merge", data={"other": now_in}, follow_redirects=False)
    assert merged.status_code == 303
    assert len(served.audit("entity.merge")) >= 1
    target = merged.headers["location"].split("?")[0]
    merged_id = int(target.rsplit("/", 1)[1])
    assert key in {m["key"] for m in _observations(served, merged_id)}
    assert served.get(target).status_code == 200


def test_forms_refuse_another_site_and_bad_input(served: Served) -> None:
    owner = served.cli("entity", "list", "--case", CASE, "--json").json()[0]
    url = f"/cases/{CASE}/entities/{owner['id']}"
    before = len(served.audit("entity.merge"))
    cross = served.client.post(
        f"{url}/merge", data={"other": owner["id"] + 1}, headers={"origin": "http://evil.example"}
    )
    assert cross.status_code == 400
    same = served.client.post(f"{url}/merge", data={"other": owner["id"]})
    assert same.status_code == 400
    wrong = served.client.post(f"{url}/split", data={"key": "mention:999999999"})
    assert wrong.status_code == 400
    assert len(served.audit("entity.merge")) == before
