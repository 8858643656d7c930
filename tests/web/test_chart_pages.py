"""The link chart and route map pages against a real workspace (SQLite and PostgreSQL): both pages answer
in French and English, their vendored scripts and outlines are served from /static/vendor/, and neither
the pages nor our scripts point at the network (no CDN: the workbench runs with the cable pulled).

The drawing itself (sigma.js, the map) is exercised in Chromium by tests/web/browser/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from filiere.cases import create_case
from filiere.web.app import STATIC, create_app

CASE = "demo-chart"
PAGES = ("chart", "map")
SCRIPTS = {"chart": "/static/chart.js", "map": "/static/map.js"}
VENDORED = {
    "chart": [
        "/static/vendor/graphology/graphology.umd.min.js",
        "/static/vendor/graphology-library/graphology-library.min.js",
        "/static/vendor/sigma/sigma.min.js",
    ],
    "map": ["/static/vendor/topojson-client/topojson-client.min.js"],
}
PACKAGES = ("graphology", "graphology-library", "sigma", "topojson-client", "world-atlas")
URL = re.compile(r"https?://", re.IGNORECASE)
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@pytest.fixture
def client(workspace_dir: Path, db_url: str | None) -> Iterator[TestClient]:
    app = create_app(workspace_dir, db_url)
    create_case(app.state.workspace, CASE, title="<b>Agadez</b>", country="NE")
    with TestClient(app) as test_client:
        yield test_client
    app.state.workspace.close()


def _config(html: str, name: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{name}-config">(.*?)</script>', html, re.DOTALL)
    assert found, f"no {name}-config block"
    return json.loads(found.group(1))


@pytest.mark.parametrize("page", PAGES)
def test_page_answers_with_its_scripts(client: TestClient, page: str) -> None:
    response = client.get(f"/cases/{CASE}/{page}?lang=en")
    assert response.status_code == 200
    html = response.text
    for src in [*VENDORED[page], SCRIPTS[page]]:
        assert f'src="{src}"' in html
    assert "<b>Agadez</b>" not in html and "&lt;b&gt;Agadez&lt;/b&gt;" in html  # case text is escaped
    config = _config(html, page)
    assert config["case"] == CASE and config["lang"] == "en"


def test_chart_config_names_the_api_and_labels(client: TestClient) -> None:
    config = _config(client.get(f"/cases/{CASE}/chart?lang=en").text, "chart")
    assert config["graphUrl"] == f"/api/cases/{CASE}/graph"
    assert config["entityUrl"] == f"/cases/{CASE}/entities/"
    assert config["roles"]["organiser"] == "organiser"
    assert "{type}" in config["kinds"]["link"]
    assert config["text"]["counts"].count("{") == 2
    route = _config(client.get(f"/cases/{CASE}/map?lang=en").text, "map")
    assert route["routeUrl"] == f"/api/cases/{CASE}/route"
    assert client.get(route["outlinesUrl"]).json()["type"] == "Topology"


@pytest.mark.parametrize("page", PAGES)
def test_page_in_french(client: TestClient, page: str) -> None:
    html = client.get(f"/cases/{CASE}/{page}?lang=fr").text
    assert '<html lang="fr">' in html
    config = _config(html, page)
    assert config["lang"] == "fr"
    if page == "chart":
        assert config["roles"]["organiser"] == "organisateur"
        assert config["kinds"]["call"] == "appel"


@pytest.mark.parametrize("page", PAGES)
def test_unknown_case_is_404(client: TestClient, page: str) -> None:
    assert client.get(f"/cases/no-such-case/{page}").status_code == 404


def test_vendored_files_are_served_with_their_licences(client: TestClient) -> None:
    for src in [*VENDORED["chart"], *VENDORED["map"], "/static/vendor/world-atlas/countries-110m.json"]:
        response = client.get(src)
        assert response.status_code == 200 and len(response.content) > 1000, src
    for package in PACKAGES:
        assert (STATIC / "vendor" / package / "LICENSE").is_file(), package
        assert (STATIC / "vendor" / package / "VERSION").read_text(encoding="utf-8").startswith(package)
    assert "Natural Earth" in (STATIC / "vendor" / "world-atlas" / "NOTICE").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_no_network_address_in_pages_or_scripts(client: TestClient, page: str) -> None:
    html = client.get(f"/cases/{CASE}/{page}").text
    outside = URL.search(html.replace(f"{client.base_url}/", "/"))  # the page's own origin is not outside
    assert not outside, html[outside.start() - 80 : outside.end() + 80]
    script = client.get(SCRIPTS[page]).text
    outside_licence_comments = COMMENT.sub("", script)
    assert not URL.search(outside_licence_comments), SCRIPTS[page]


@pytest.mark.parametrize("script", sorted(SCRIPTS.values()))
def test_scripts_never_write_html(script: str) -> None:
    """Case text is untrusted: our scripts set textContent and attributes, never HTML."""
    source = (STATIC / script.removeprefix("/static/")).read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source, f"{script} uses {sink}"
