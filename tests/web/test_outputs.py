"""The "Report and exports" page and its downloads through FastAPI's TestClient, SQLite and PostgreSQL, with
login on: a small generated case (fictional) read by a prosecutor who holds read rights only; each report
format and each export downloads, opens with its own library and is audited under the prosecutor's name
with the name the browser received; another case's user gets 404, a visitor the login page.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
import openpyxl
import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from filiere.export import FORMATS as EXPORT_FORMATS
from filiere.report.labels import TEXT
from filiere.security import members, users
from filiere.store.tables import audit_log
from filiere.train.generate import generate_case
from filiere.web.app import create_app
from filiere.web.output_pages import EXPORT_FILES
from tests.conftest import BACKENDS, new_database_url
from tests.support.cli import CliRunner
from tests.web.security_support import PASSWORD, cheap_hasher, login

CASE = "gen"
TABLES = ["entities.csv", "links.csv", "calls.csv", "mentions.csv"]
PDF_MEDIA = "application/pdf"
DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Site:
    app: object
    reader: TestClient  # "awa", prosecutor, read rights in gen
    stranger: TestClient  # "bob", analyst, write rights in "other" only

    def audit(self, action: str) -> list[dict]:
        ws = self.app.state.workspace
        with ws.engine.connect() as conn:
            rows = conn.execute(
                select(audit_log.c.actor, audit_log.c.details)
                .where(audit_log.c.action == action)
                .order_by(audit_log.c.id)
            ).all()
        return [{"actor": r.actor, **json.loads(r.details)} for r in rows]

    def audit_count(self) -> int:
        ws = self.app.state.workspace
        with ws.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(audit_log)).scalar_one()


def _logged_in(app, username: str) -> TestClient:
    client = TestClient(app)
    assert login(client, username).status_code == 303
    return client


@pytest.fixture(scope="module", params=BACKENDS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("outputs")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FILIERE_LANG", "en")
        env.setenv("FILIERE_USER", "test-officer")
        cheap_hasher(env)
        generate_case(root / "case", seed=11, size="small", language="fr")
        cli = CliRunner(root / "ws", new_database_url(request.param, request))
        cli("case", "create", CASE, "--country", "NE")
        cli("case", "create", "other", "--country", "NE")
        cli("ingest", "--case", CASE, str(root / "case" / "evidence"))
        cli("resolve", "--case", CASE)
        app = create_app(cli.workspace, cli.db_url)
        ws = app.state.workspace
        users.add_user(ws, "chief", PASSWORD, "admin")  # the first user must be an admin
        users.add_user(ws, "awa", PASSWORD, "prosecutor")
        members.grant(ws, "awa", CASE, "read")
        users.add_user(ws, "bob", PASSWORD, "analyst")
        members.grant(ws, "bob", "other", "write")
        yield Site(app, _logged_in(app, "awa"), _logged_in(app, "bob"))
    ws.close()


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _check_download(response, name: str, media: str) -> None:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_offers_the_report_and_every_export(site: Site, lang: str) -> None:
    page = site.reader.get(f"/cases/{CASE}/outputs", params={"lang": lang})
    assert page.status_code == 200
    html = page.text
    assert f'<html lang="{lang}">' in html
    assert re.search(r'data-nav="outputs"\s+aria-current="page"', html)
    form = html.split('data-testid="report-form"', 1)[1].split("</form>", 1)[0]
    assert f'action="/cases/{CASE}/outputs/report"' in html and 'method="get"' in html
    assert re.findall(r'<option value="(\w+)"', form) == ["html", "pdf", "docx", "fr", "en"]
    assert f'<option value="{lang}" lang="{lang}" selected>' in form
    rows = re.findall(r'data-testid="export-row" data-format="(\w+)"', html)
    assert rows == list(EXPORT_FORMATS)
    for fmt in rows:
        assert f'href="/cases/{CASE}/outputs/export/{fmt}"' in html
    assert "Gephi" in html and "Analyst" in html and "Aleph" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_every_export_format_has_a_download_name_and_type() -> None:
    assert set(EXPORT_FILES) == set(EXPORT_FORMATS)


@pytest.mark.parametrize(("fmt", "lang"), [("pdf", "fr"), ("docx", "en"), ("html", "fr")])
def test_the_report_downloads_in_the_format_and_language_asked(site: Site, fmt: str, lang: str) -> None:
    before = len(site.audit("report.write"))
    got = site.reader.get(f"/cases/{CASE}/outputs/report", params={"format": fmt, "lang": lang})
    name = f"{CASE}-report-{lang}.{fmt}"
    media = {"pdf": PDF_MEDIA, "docx": DOCX_MEDIA, "html": "text/html"}[fmt]
    _check_download(got, name, media)
    body = got.content
    if fmt == "pdf":
        assert body.startswith(b"%PDF-")
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            assert "word/document.xml" in package.namelist()
        headings = [
            p.text for p in Document(io.BytesIO(body)).paragraphs if p.style.name.startswith("Heading")
        ]
        assert TEXT["en"]["summary_title"] in headings and TEXT["fr"]["summary_title"] not in headings
    else:
        text = body.decode("utf-8")
        assert text.startswith("<!DOCTYPE") and TEXT["fr"]["summary_title"] in text
    rows = site.audit("report.write")
    assert len(rows) == before + 1
    row = rows[-1]
    assert row["actor"] == "awa"
    assert (row["output"], row["format"], row["language"]) == (name, fmt, lang)
    assert (row["sha256"], row["size"]) == (_sha(body), len(body))


@pytest.mark.parametrize("fmt", list(EXPORT_FILES))
def test_each_export_downloads_opens_and_is_audited(site: Site, fmt: str) -> None:
    before = len(site.audit("export.write"))
    got = site.reader.get(f"/cases/{CASE}/outputs/export/{fmt}")
    suffix, media = EXPORT_FILES[fmt]
    name = CASE + suffix
    _check_download(got, name, media)
    body = got.content
    rows = site.audit("export.write")
    assert len(rows) == before + 1
    row = rows[-1]
    assert (row["actor"], row["format"], row["output"]) == ("awa", fmt, name)
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert archive.namelist() == TABLES
            members_sha = {n: _sha(archive.read(n)) for n in TABLES}
            header = archive.read("entities.csv").decode("utf-8-sig").splitlines()[0]
        assert header.startswith("node,type,entity,name")
        assert {f["name"]: f["sha256"] for f in row["files"]} == members_sha
        return
    assert [f["sha256"] for f in row["files"]] == [_sha(body)]
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(body))
        assert graph.number_of_nodes() == row["counts"]["nodes"] > 0
    elif fmt == "gexf":
        assert ET.fromstring(body).tag.endswith("gexf")
    elif fmt == "anx":
        assert ET.fromstring(body).tag == "Chart"
    elif fmt == "ftm":
        lines = [json.loads(line) for line in body.decode("utf-8").splitlines() if line]
        assert lines and {"Person", "Call"} <= {e["schema"] for e in lines}
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        assert book.sheetnames == ["entities", "links", "calls", "mentions"]


def test_an_unknown_format_or_language_is_refused_with_a_message(site: Site) -> None:
    before = site.audit_count()
    odt = site.reader.get(f"/cases/{CASE}/outputs/report", params={"format": "odt", "lang": "en"})
    assert odt.status_code == 422 and "html, pdf, docx" in odt.text
    german = site.reader.get(f"/cases/{CASE}/outputs/report", params={"format": "pdf", "lang": "de"})
    assert german.status_code == 422 and "fr or en" in german.text
    assert site.reader.get(f"/cases/{CASE}/outputs/export/odt").status_code == 404
    assert site.audit_count() == before


def test_the_files_written_for_a_download_are_removed_once_sent(
    site: Site, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the server runs in this process
    assert site.reader.get(f"/cases/{CASE}/outputs/export/csv").status_code == 200
    assert site.reader.get(f"/cases/{CASE}/outputs/report", params={"format": "html"}).status_code == 200
    assert list(tmp_path.iterdir()) == []


def test_a_user_of_another_case_gets_404_and_nothing_is_written(site: Site) -> None:
    before = site.audit_count()
    paths = [
        f"/cases/{CASE}/outputs",
        f"/cases/{CASE}/outputs/report?format=pdf&lang=fr",
        *(f"/cases/{CASE}/outputs/export/{fmt}" for fmt in EXPORT_FILES),
    ]
    for path in paths:
        answer = site.stranger.get(path)
        assert answer.status_code == 404, path
        assert "content-disposition" not in answer.headers
    assert site.stranger.get("/cases/other/outputs").status_code == 200  # their own case opens
    assert site.audit_count() == before


def test_a_visitor_is_sent_to_the_login_page(site: Site) -> None:
    visitor = TestClient(site.app)
    for path in (
        f"/cases/{CASE}/outputs",
        f"/cases/{CASE}/outputs/export/csv",
        f"/cases/{CASE}/outputs/report",
    ):
        answer = visitor.get(path, follow_redirects=False)
        assert answer.status_code == 303 and "/login" in answer.headers["location"], path
