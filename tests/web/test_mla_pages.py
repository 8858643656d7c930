"""The mutual legal assistance pages through FastAPI's TestClient on the network training case
(examples/network-case, fictional) in a real workspace, SQLite and PostgreSQL: a Niger→Mali request drafted
from the form, downloaded as DOCX and PDF (audited), sent, linked to evidence received and executed; the
form kept after an error; cross-site posts refused; untrusted text escaped; the JSON API."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import select

from filiere.mla.contacts import parse_contact
from filiere.mla.request import Authority
from filiere.store.tables import audit_log
from filiere.web.app import create_app
from tests.conftest import BACKENDS, new_database_url
from tests.mla.test_render import section_headings
from tests.support.cli import CliRunner

EVIDENCE = Path(__file__).parents[2] / "examples" / "network-case" / "evidence"
RECRUITER_NUMBER = "+22376315842"  # Abdoulaye DIARRA, recruiter in Bamako (fictional)
SCRIPT = "<script>alert(1)</script>"
FORM = {
    "to": "ML",
    "lang": "",
    "kind": ["subscriber", "mobile_money", "subscriber", "witness"],
    "target": [RECRUITER_NUMBER, "Abdoulaye Diarra", "", ""],
    "authority": "Juge d'instruction, Pôle judiciaire spécialisé de Niamey (fictif)",
    "function": "juge d'instruction",
    "contact": "Juge ALI (fictif), juge d'instruction, +227 20 00 00 00, pjs@example.org",
    "urgent": "",
    "deadline": "",
    "nature": "investigation",
    "place": "Niamey",
    "reference": "",
}


@dataclass
class Site:
    client: TestClient
    evidence: dict[str, int]  # original name -> id

    def page(self, path: str, lang: str = "en"):
        return self.client.get(path, params={"lang": lang})

    def post(self, path: str, data: dict, **kwargs):
        return self.client.post(path, data=data, follow_redirects=False, **kwargs)

    def audit(self, action: str) -> int:
        ws = self.client.app.state.workspace
        with ws.engine.connect() as conn:
            return len(conn.execute(select(audit_log.c.id).where(audit_log.c.action == action)).all())

    def requests(self, case: str = "nc") -> list[dict]:
        response = self.client.get(f"/api/cases/{case}/mla")
        assert response.status_code == 200
        return response.json()


@pytest.fixture(scope="module", params=BACKENDS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The network case (and an empty case "other") served once per backend for this module."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FILIERE_LANG", "en")
        env.setenv("FILIERE_USER", "test-officer")
        cli = CliRunner(tmp_path_factory.mktemp("mla-web"), new_database_url(request.param, request))
        cli("case", "create", "nc", "--country", "NE", "--title", "DEMO — réseau (données fictives)")
        cli("case", "create", "other", "--country", "NE")
        cli("ingest", "--case", "nc", str(EVIDENCE))
        cli("resolve", "--case", "nc")
        evidence = {
            e["original_name"]: e["id"] for e in cli("evidence", "list", "--case", "nc", "--json").json()
        }
        app = create_app(cli.workspace, cli.db_url)
        with TestClient(app) as client:
            yield Site(client, evidence)
        app.state.workspace.close()


def _block(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]


def test_a_request_drafted_in_the_form_is_followed_until_executed(site: Site) -> None:
    listing = site.page("/cases/nc/mla")
    assert listing.status_code == 200
    assert 'data-nav="mla"' in listing.text and 'aria-current="page"' in listing.text
    assert '<option value="ML">Mali (ML)</option>' in listing.text
    assert 'value="NE"' not in listing.text.split('id="mla-to"', 1)[1].split("</select>", 1)[0]
    assert listing.text.count('data-testid="measure-row"') >= 4

    drafted = site.post("/cases/nc/mla", FORM)
    assert drafted.status_code == 303, drafted.text[:2000]
    assert drafted.headers["location"] == "/cases/nc/mla/1"
    page = site.page("/cases/nc/mla/1").text
    assert 'data-testid="mla-language" data-lang="fr">French<' in page
    assert 'data-severity="error"' not in page and 'data-code="TRAINING_CASE"' in page
    assert "Pôle judiciaire spécialisé de Niamey" in unescape(page)
    assert 'href="/cases/nc/mla/1/request.docx"' in page and 'href="/cases/nc/mla/1/request.pdf"' in page

    exports = site.audit("mla.export")
    docx = site.client.get("/cases/nc/mla/1/request.docx")
    assert docx.status_code == 200
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    reference = site.requests()[0]["reference"]
    assert reference.startswith("NC/MLA/ML/")
    filename = reference.replace("/", "_") + ".docx"
    assert docx.headers["content-disposition"] == f'attachment; filename="{filename}"'
    headings = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs if p.style.name == "Heading 1"]
    assert headings == section_headings("fr")
    pdf = site.client.get("/cases/nc/mla/1/request.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert site.audit("mla.export") == exports + 2

    # sent a while ago: the next follow-up falls a month later, and is overdue by now
    sent = site.post(
        "/cases/nc/mla/1/status",
        {"status": "sent", "on": "2025-06-02", "note": "by courier", "their_reference": "ML-2025-77"},
    )
    assert sent.status_code == 303 and sent.headers["location"].startswith("/cases/nc/mla/1")
    page = site.page(sent.headers["location"]).text
    due = page.split('data-testid="mla-due"', 1)[1].split("</td>", 1)[0]
    assert '<time datetime="2025-07-02">' in due and 'data-testid="overdue"' in due
    assert "ML-2025-77" in page and 'data-status="sent"' in page
    assert 'data-testid="mla-follow-up-form"' in page

    received_id = site.evidence["abonnes_reponse_operateurs_2025-05.csv"]
    linked = site.post(
        "/cases/nc/mla/1/received", {"evidence": str(received_id), "on": "2025-06-20", "note": "answer"}
    )
    assert linked.status_code == 303
    page = site.page("/cases/nc/mla/1").text
    assert f'href="/cases/nc/evidence/{received_id}"' in _block(page, "mla-received")
    options = page.split('id="rc-evidence"', 1)[1].split("</select>", 1)[0]
    assert f'value="{received_id}"' not in options  # already linked: not offered again

    executed = site.post("/cases/nc/mla/1/status", {"status": "executed", "on": "2025-06-25"})
    assert executed.status_code == 303
    row = site.page("/cases/nc/mla").text.split('data-number="1"', 1)[1].split("</tr>", 1)[0]
    assert 'data-status="executed"' in row and ">executed<" in row
    assert '<time datetime="2025-06-02">' in row

    listed = site.requests()[0]
    assert (listed["number"], listed["status"], listed["language"]) == (1, "executed", "fr")
    assert [r["evidence_id"] for r in listed["received"]] == [received_id]
    assert [e["kind"] for e in listed["events"]] == ["drafted", "status", "received", "status"]
    one = site.client.get("/api/cases/nc/mla/1").json()
    assert one["foreign_reference"] == "ML-2025-77" and one["check"]["errors"] == []
    assert {w["code"] for w in one["check"]["warnings"]} >= {"TRAINING_CASE"}


def test_an_unknown_person_shows_the_form_again_with_what_was_typed(site: Site) -> None:
    before = len(site.requests())
    data = {**FORM, "target": [RECRUITER_NUMBER, "Personne Inconnue Fictive", "", ""], "place": "Zinder"}
    response = site.post("/cases/nc/mla", data)
    assert response.status_code == 400
    html = response.text
    error = html.split('data-testid="form-error"', 1)[1].split("</p>", 1)[0]
    assert "Personne Inconnue Fictive" in unescape(error)
    assert 'value="Personne Inconnue Fictive"' in html and f'value="{RECRUITER_NUMBER}"' in html
    assert '<option value="ML" selected>' in html and 'value="Zinder"' in html
    assert "Pôle judiciaire spécialisé de Niamey" in unescape(html.split('id="mla-authority"', 1)[1])
    kinds = re.findall(r'<option value="(\w+)" selected>', html.split('data-testid="mla-new"', 1)[1])
    assert kinds[:3] == ["ML", "subscriber", "mobile_money"]
    assert len(site.requests()) == before

    bad_date = site.post("/cases/nc/mla", {**FORM, "deadline": "next week"})
    assert bad_date.status_code == 400 and "next week" in unescape(bad_date.text)
    assert len(site.requests()) == before


def test_a_step_refused_is_shown_on_the_page(site: Site) -> None:
    drafted = site.post("/cases/nc/mla", {**FORM, "contact": "", "authority": "", "function": ""})
    assert drafted.status_code == 303
    url = drafted.headers["location"]
    page = site.page(url).text
    assert 'data-severity="error"' in page and 'id="st-despite"' in page  # the checker finds errors
    refused = site.post(f"{url}/status", {"status": "sent", "on": "2025-06-02", "note": "kept note"})
    assert refused.status_code == 400
    assert "checker errors" in refused.text and 'value="kept note"' in refused.text
    assert 'value="2025-06-02"' in refused.text
    future = site.post(f"{url}/status", {"status": "sent", "on": "2999-01-01", "despite_errors": "urgent"})
    assert future.status_code == 400 and "in the future" in future.text
    despite = site.post(
        f"{url}/status", {"status": "sent", "on": "2025-06-02", "despite_errors": "the judge signed it"}
    )
    assert despite.status_code == 303
    history = _block(site.page(url).text, "mla-history")
    assert "sent despite checker errors" in history and "the judge signed it" in history
    follow = site.post(f"{url}/follow-up", {"on": "2025-06-01"})  # before the day it was sent
    assert follow.status_code == 400 and "before the request" in follow.text
    assert site.post(f"{url}/follow-up", {"on": "2025-07-03", "note": "call"}).status_code == 303


def test_another_site_cannot_post(site: Site) -> None:
    before = len(site.requests())
    evil = {"origin": "http://evil.example"}
    assert site.post("/cases/nc/mla", FORM, headers=evil).status_code == 400
    assert len(site.requests()) == before
    status = site.post("/cases/nc/mla/1/status", {"status": "refused"}, headers=evil)
    assert status.status_code == 400
    assert site.requests()[0]["status"] != "refused"


def test_a_number_of_another_case_is_not_found(site: Site) -> None:
    assert site.requests()  # nc has request 1
    for path in (
        "/cases/other/mla/1",
        "/cases/other/mla/1/request.pdf",
        "/cases/nc/mla/999",
        "/cases/nope/mla",
    ):
        assert site.page(path).status_code == 404, path
    assert site.post("/cases/other/mla/1/follow-up", {"note": "x"}).status_code == 404
    assert site.client.get("/api/cases/other/mla").json() == []
    for path in ("/api/cases/other/mla/1", "/api/cases/nope/mla", "/api/cases/nc/mla/999"):
        response = site.client.get(path)
        assert response.status_code == 404 and response.json()["detail"], path


def test_script_in_a_note_or_the_authority_is_text(site: Site) -> None:
    drafted = site.post("/cases/nc/mla", {**FORM, "authority": f"Juge {SCRIPT}", "reference": f'R"{SCRIPT}'})
    assert drafted.status_code == 303
    url = drafted.headers["location"]
    docx = site.client.get(f"{url}/request.docx")
    assert docx.headers["content-disposition"] == 'attachment; filename="R_script_alert_1_script.docx"'
    assert "R&#34;&lt;script&gt;" in site.page("/cases/nc/mla").text
    sent = site.post(f"{url}/status", {"status": "sent", "on": "2025-06-02", "note": f"note {SCRIPT}"})
    assert sent.status_code == 303
    html = site.page(url).text
    assert "<script>alert" not in html
    assert "Juge &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "note &lt;script&gt;alert(1)&lt;/script&gt;" in html
    again = site.post("/cases/nc/mla", {**FORM, "authority": SCRIPT, "target": ["Nobody Fictional"]})
    assert again.status_code == 400 and "<script>alert" not in again.text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in again.text


LABELS = [("en", "Requests for mutual", "draft"), ("fr", "Demandes d&#39;entraide", "projet")]


@pytest.mark.parametrize(("lang", "title", "draft"), LABELS)
def test_the_pages_in_english_and_french(site: Site, lang: str, title: str, draft: str) -> None:
    site.post("/cases/nc/mla", FORM)
    number = site.requests()[-1]["number"]
    listing = site.page("/cases/nc/mla", lang).text
    assert f'<html lang="{lang}">' in listing and title in listing
    assert f">{draft}<" in listing.split(f'data-number="{number}"', 1)[1].split("</tr>", 1)[0]
    page = site.page(f"/cases/nc/mla/{number}", lang)
    assert page.status_code == 200 and f'<html lang="{lang}">' in page.text
    assert f">{draft}<" in page.text.split('data-testid="mla-status"', 1)[1][:80]
    assert not re.search(r"https?://", listing + page.text)  # nothing from elsewhere
    assert dt.date.today().isoformat() in page.text  # drafted today


def test_a_contact_line_is_read_as_the_command_line_reads_it() -> None:
    assert parse_contact(FORM["contact"]) == Authority(
        name="Juge ALI (fictif)",
        function="juge d'instruction",
        phone="+227 20 00 00 00",
        email="pjs@example.org",
    )
    assert parse_contact(" Greffe , chef, service, +12, a@b.example, c@d.example") == Authority(
        name="Greffe", function="chef, service, +12, c@d.example", email="a@b.example"
    )
    assert parse_contact("") == Authority()
