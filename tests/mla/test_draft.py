"""Drafting from a real case: the network training case (examples/network-case, fictional) ingested,
resolved and qualified, then requests from Niger to Mali and to Ghana written, rendered and checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from filiere.cases import create_case, get_case
from filiere.cli import mla as mla_cmd
from filiere.cli import root
from filiere.errors import FiliereError
from filiere.evidence import list_evidence
from filiere.extract.language import fold_text
from filiere.mla.check import check_request
from filiere.mla.draft import draft_request, parse_measure
from filiere.mla.request import load_request
from filiere.workspace import Workspace
from tests.conftest import BACKENDS, new_database_url
from tests.mla.test_render import (
    convert_with_libreoffice,
    docx_headings,
    flat,
    needs_soffice,
    section_headings,
)
from tests.support.cli import CliRunner

EVIDENCE = Path(__file__).parents[2] / "examples" / "network-case" / "evidence"
RECRUITER_NUMBER = "+22376315842"  # Abdoulaye DIARRA, recruiter in Bamako (fictional, TRUTH.json M02)
PROTECTED = ("igbinosa", "konate", "kofi", "blessing", "seydou")  # the case's victims and migrants
AUTHORITY = ("--authority", "Juge d'instruction, Pôle judiciaire spécialisé de Niamey (fictif)")
CONTACT = ("--contact", "Juge ALI (fictif), juge d'instruction, +227 20 00 00 00, pjs@example.org")


@pytest.fixture(scope="module", params=BACKENDS)
def network(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The network case, built once per backend for this module: (cli, workspace)."""
    if not any(group.name == "mla" for group in root.app.registered_groups):
        root.app.add_typer(mla_cmd.app, name="mla")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FILIERE_LANG", "en")
        env.setenv("FILIERE_USER", "test-officer")
        url = new_database_url(request.param, request)
        folder = tmp_path_factory.mktemp("mla-ws")
        cli = CliRunner(folder, url)
        cli("case", "create", "nc", "--country", "NE", "--title", "DEMO — réseau (données fictives)")
        cli("ingest", "--case", "nc", str(EVIDENCE))
        cli("resolve", "--case", "nc")
        ws = Workspace.open(folder, url)
        yield cli, ws
        ws.close()


def names_no_victim(text: str) -> None:
    folded = fold_text(text)
    for name in PROTECTED:
        assert name not in folded, f"{name} appears in the request"


def test_parse_measure() -> None:
    assert parse_measure("subscriber:+218925550147") == ("subscriber", "+218925550147")
    assert parse_measure("Mobile-Money: Abdoulaye Diarra ") == ("mobile_money", "Abdoulaye Diarra")
    for bad in ("phone_tap:+22790000001", "subscriber", ":x"):
        with pytest.raises(FiliereError, match="KIND:TARGET"):
            parse_measure(bad)


def test_niger_to_mali_subscriber_and_mobile_money_of_a_recruiter(network, tmp_path: Path) -> None:
    cli, ws = network
    out = cli(
        "mla",
        "draft",
        "--case",
        "nc",
        "--to",
        "ML",
        "-m",
        f"subscriber:{RECRUITER_NUMBER}",
        "-m",
        "mobile-money:Abdoulaye Diarra",
        *AUTHORITY,
        *CONTACT,
        "-o",
        tmp_path / "request.docx",
        "--json",
    ).json()
    assert out["output"] == str(tmp_path / "request.docx") and out["language"] == "fr"
    assert out["missing"] == [] and out["errors"] == []
    assert {w["code"] for w in out["warnings"]} >= {"TRAINING_CASE", "REQUIREMENTS_UNVERIFIED"}

    request = load_request(tmp_path / "request.json")
    assert (request.requesting_state, request.requested_state, request.language) == ("NE", "ML", "fr")
    assert [m.kind for m in request.measures] == ["subscriber", "mobile_money"]
    assert [(p.name, p.capacity, p.role, p.phones) for p in request.persons] == [
        ("Abdoulaye Diarra", "suspect", "recruiter", [RECRUITER_NUMBER])
    ]
    assert {m.person for m in request.measures} == {request.persons[0].id}
    assert "Abdoulaye Diarra" in request.facts and RECRUITER_NUMBER in request.facts
    assert "du 6 mai 2025 au 3 juin 2025" in request.measures[1].description
    assert request.offences and all(o.provisions for o in request.offences)
    assert any("Abdoulaye Diarra" in o.names for o in request.offences)
    assert [b.id for b in request.legal_bases] == ["untoc", "reciprocity"]  # ECOWAS, AES: uncertain, left out
    assert "Mali" in request.dual_criminality and "2012-023" in request.dual_criminality
    assert request.requested_authority.name and request.confidentiality.startswith(
        "Conformément à l'article 18"
    )
    hashes = {e["id"]: e["sha256"] for e in list_evidence(ws, get_case(ws, "nc"))}
    assert request.evidence and all(hashes[e.id] == e.sha256 for e in request.evidence)
    names_no_victim((tmp_path / "request.json").read_text(encoding="utf-8").replace(" tokens", ""))
    assert check_request(request) and not [f for f in check_request(request) if f.severity == "error"]
    assert cli("mla", "check", tmp_path / "request.json", "--json").json()["ok"] is True

    assert docx_headings(tmp_path / "request.docx") == section_headings("fr")
    text = flat(" ".join(p.text for p in Document(str(tmp_path / "request.docx")).paragraphs))
    names_no_victim(text)
    pdf_text = flat(" ".join(p.extract_text() for p in PdfReader(str(tmp_path / "request.pdf")).pages))
    assert all(title in pdf_text for title in section_headings("fr"))


@needs_soffice
def test_the_drafted_docx_opens_in_libreoffice(network, tmp_path: Path) -> None:
    cli, _ws = network
    cli(
        "mla",
        "draft",
        "--case",
        "nc",
        "--to",
        "ML",
        "-m",
        f"subscriber:{RECRUITER_NUMBER}",
        *AUTHORITY,
        *CONTACT,
        "-o",
        tmp_path / "request.docx",
    )
    text = flat(
        " ".join(
            p.extract_text()
            for p in PdfReader(str(convert_with_libreoffice(tmp_path / "request.docx", tmp_path))).pages
        )
    )
    for title in section_headings("fr"):
        assert title in text, f"{title!r} missing from the LibreOffice PDF"


def test_niger_to_ghana_comes_out_in_english(network, tmp_path: Path) -> None:
    cli, _ws = network
    out = cli(
        "mla",
        "draft",
        "--case",
        "nc",
        "--to",
        "GH",
        "-m",
        "witness:Kwabena",
        *AUTHORITY,
        *CONTACT,
        "--urgent",
        "the witness is about to travel",
        "-o",
        tmp_path / "gh.docx",
        "--json",
    ).json()
    assert out["language"] == "en" and out["missing"] == [] and out["errors"] == []
    assert any("ECOWAS" in w["message"] for w in out["warnings"])  # Niger left ECOWAS: noted, not cited
    request = load_request(tmp_path / "gh.json")
    assert request.persons[0].name == "MENSAH Kwabena" and request.persons[0].capacity == "witness"
    assert request.urgency == "This request is urgent: the witness is about to travel"
    assert docx_headings(tmp_path / "gh.docx")[:2] == ["1. Requesting authority", "2. Requested authority"]
    names_no_victim(request.facts + " ".join(e.name for e in request.evidence))


def test_what_the_checker_catches_in_a_draft(network) -> None:
    _cli, ws = network
    case = get_case(ws, "nc")
    english = draft_request(ws, case, "ML", [f"subscriber:{RECRUITER_NUMBER}"], language="en")
    found = {f.code: f for f in check_request(english)}
    assert found["LANGUAGE_NOT_ACCEPTED"].fix == "Draft it again with --lang fr."
    missing = {f.field for f in check_request(english) if f.code == "MISSING_SECTION"}
    assert missing == {"requesting_authority", "contacts"}  # no --authority, no [mla] settings
    libya = draft_request(ws, case, "LY", [f"traffic:{'+218913482207'}"])
    assert {"LANGUAGE_NOT_ACCEPTED"} <= {f.code for f in check_request(libya) if f.severity == "error"}
    assert libya.persons[0].name == "Boussole" and libya.measures[0].period_from == "2025-05-06"
    victim = draft_request(ws, case, "NG", ["bank:IGBINOSA Blessing"], language="en")
    assert "PERSONAL_DATA" in {f.code for f in check_request(victim) if f.severity == "error"}


def test_draft_refuses_what_it_cannot_do(workspace: Workspace) -> None:
    nowhere = create_case(workspace, "nowhere")
    with pytest.raises(FiliereError, match="has no country"):
        draft_request(workspace, nowhere, "ML", ["subscriber:+22376315842"])
    niger = create_case(workspace, "niger", country="NE")
    with pytest.raises(FiliereError, match="must differ"):
        draft_request(workspace, niger, "NE", ["subscriber:+22790000001"])
    with pytest.raises(FiliereError, match="ISO code"):
        draft_request(workspace, niger, "Mali", ["subscriber:+22790000001"])
    with pytest.raises(FiliereError, match="telephone number is expected"):
        draft_request(workspace, niger, "ML", ["subscriber:Abdoulaye"])
    with pytest.raises(FiliereError, match=r"No person 'Nobody' in case niger; see `filiere entity list"):
        draft_request(workspace, niger, "ML", ["witness:Nobody"])


def test_json_output_keys(network, tmp_path: Path) -> None:
    cli, _ws = network
    out = cli(
        "mla",
        "draft",
        "--case",
        "nc",
        "--to",
        "JP",
        "-m",
        f"identify:{RECRUITER_NUMBER}",
        "-o",
        tmp_path / "jp.docx",
        "--json",
    ).json()
    assert set(out) >= {"output", "missing", "warnings"}
    assert {"requesting_authority", "requested_authority", "contacts"} <= set(out["missing"])
    assert {"NO_LEGAL_BASIS", "LANGUAGE_UNKNOWN"} <= {e["code"] for e in out["errors"]}
    assert json.loads((tmp_path / "jp.json").read_text(encoding="utf-8"))["requested_state"] == "JP"


def test_an_empty_case_drafts_what_it_can_and_the_settings_name_the_authority(workspace: Workspace) -> None:
    workspace.settings["mla"] = {"name": "Procureur de la République (fictif)", "email": "pr@example.org"}
    case = create_case(workspace, "empty", country="NE")
    request = draft_request(workspace, case, "ML", ["subscriber:76 31 58 42", "search:un entrepôt à Gao"])
    assert request.requesting_authority.name == "Procureur de la République (fictif)"
    assert request.contacts[0].email == "pr@example.org"
    assert request.measures[0].number == "+22776315842"  # a national form is read in the case's country
    assert request.persons == [] and request.offences == [] and request.evidence == []
    found = {f.code: f for f in check_request(request)}
    assert found["FACTS_PERSON"].message.startswith("The summary of the facts does not mention +22776315842")
    assert {f.field for f in check_request(request) if f.code == "MISSING_SECTION"} == {"offences"}


def test_a_drafted_request_is_tracked_from_the_command_line(network, tmp_path: Path) -> None:
    """Draft → edit and render again → sent → follow-up → evidence received → executed, as an officer
    types it; the list shows each step and the sent version stays as sent."""
    cli, _ws = network
    draft = ("mla", "draft", "--case", "nc", "--to", "ML", "-m", f"subscriber:{RECRUITER_NUMBER}", *AUTHORITY)
    out = cli(*draft, *CONTACT, "-o", tmp_path / "req.docx", "--json").json()
    number = out["number"]
    listed = {r["number"]: r for r in cli("mla", "list", "--case", "nc", "--json").json()}
    assert listed[number]["status"] == "draft" and listed[number]["sent_on"] is None

    edited = json.loads((tmp_path / "req.json").read_text(encoding="utf-8"))
    edited["facts"] += " Les faits ont été relus par le juge (ajout de test)."
    (tmp_path / "req.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    rendered = cli("mla", "render", tmp_path / "req.json", "--json").json()
    assert rendered["stored"] is True and rendered["errors"] == []
    assert "ajout de test" in flat(" ".join(p.text for p in Document(str(tmp_path / "req.docx")).paragraphs))
    shown = cli("mla", "show", "--case", "nc", str(number), "--json").json()
    assert [e["kind"] for e in shown["events"]] == ["drafted", "edited"] and shown["check"]["errors"] == []

    sent = cli("mla", "status", "--case", "nc", str(number), "sent", "--on", "2025-07-01", "--json").json()
    assert (sent["status"], sent["follow_up_due"]) == ("sent", "2025-07-31")
    assert cli("mla", "list", "--case", "nc", "--due", "--json").json()[-1]["overdue"] is True

    edited["facts"] += " Modification après envoi."
    (tmp_path / "req.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    refused = cli("mla", "render", tmp_path / "req.json", check=False)
    assert refused.exit_code == 1 and "draft a new request" in refused.stderr

    cli("mla", "follow-up", "--case", "nc", str(number), "--on", "2025-08-01", "--note", "relance écrite")
    answer = tmp_path / "execution-ml.txt"
    answer.write_text(
        "Réponse des autorités maliennes (données fictives) : abonné identifié.\n", encoding="utf-8"
    )
    got = cli(
        "mla", "receive", "--case", "nc", str(number), str(answer), "--on", "2025-09-02", "--json"
    ).json()
    assert [r["name"] for r in got["received"]] == ["execution-ml.txt"]
    done = cli(
        "mla", "status", "--case", "nc", str(number), "executed", "--on", "2025-09-03", "--json"
    ).json()
    assert done["follow_up_due"] is None and done["follow_ups"] == 1 and done["received"]
    text = cli("mla", "list", "--case", "nc").stdout
    assert "executed" in text and "2025-07-01" in text

    exported = cli("mla", "export", "--case", "nc", str(number), "-o", tmp_path / "sent" / "r.docx", "--json")
    sent_body = json.loads((tmp_path / "sent" / "r.json").read_text(encoding="utf-8"))
    assert exported.json()["errors"] == [] and "ajout de test" in sent_body["facts"]
    assert "Modification après envoi" not in sent_body["facts"], "the stored copy is the request as sent"
