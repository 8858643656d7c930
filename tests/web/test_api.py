"""The JSON API against a real workspace (SQLite and PostgreSQL): a small generated case, every route.

The case is generated once per session; a few of its files (transcripts, a hearing, subscribers, one
call-record file) are ingested with a transcript and a subscriber row written here: an accented name and
names that look like HTML/JS (evidence text is untrusted and must come back as plain JSON text).
Tests that only read share one ingested workspace per backend (module scope: the suite stays fast); tests
that change it (download audit, merge, split) get their own, from the `workspace` fixture.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from filiere.store import audit
from filiere.train.generate import generate_case
from filiere.verify import verify_workspace
from filiere.web.app import create_app
from filiere.workspace import Workspace
from tests.conftest import BACKENDS, new_database_url
from tests.support.cli import CliRunner

SEED = 3
FILES = (
    "PV-607_ecoute_2025-12-30.txt",
    "PV-608_ecoute_2026-01-01.txt",
    "SMS_2026-01-08_781515284.txt",
    "PV_0564_DIARRA_Awa.txt",
    "abonnes_reponse_operateurs_2026-01.csv",
    "cdr_mauritel_2026-01.csv",
)
XSS_NAME = "<script>alert(3)</script>"
EXTRA_TRANSCRIPT = """PROCÈS-VERBAL DE RETRANSCRIPTION D'ÉCOUTE TÉLÉPHONIQUE
Réf. : EXO-PV-2026-999/BR-SAI
Ligne écoutée : 77 185 18 23
Date : 09/01/2026
Heure : 22h10
Appelant : 771851823
Appelé : 775550001
Durée : 00:01:00

Bineta DIOP : Allô, c'est qui ?
<script>alert(1)</script> : C'est moi, <img src=x onerror=alert(2)>. Envoie l'argent à Séverine KONÉ.
Bineta DIOP : D'accord.

[Fin]
"""
EXTRA_SUBSCRIBERS = (
    f"221775550001;{XSS_NAME};<img src=x onerror=alert(4)>;CNI;EXO-1;01/01/2024;Expresso;Dakar\n"
    "221775550002;KONÉ;Séverine;CNI;EXO-2;01/01/2024;Expresso;Thiès\n"
)


@pytest.fixture(scope="session")
def small_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The evidence folder: some files of a generated small case, and the files written above."""
    root = tmp_path_factory.mktemp("api-case")
    truth = generate_case(root / "generated", SEED, "small", "fr")
    assert truth["case_country"] == "SN"
    evidence = root / "evidence"
    evidence.mkdir()
    for name in FILES:
        shutil.copy(root / "generated" / "evidence" / name, evidence / name)
    (evidence / "PV-999_ecoute_2026-01-09.txt").write_text(EXTRA_TRANSCRIPT, encoding="utf-8")
    with open(evidence / FILES[4], "a", encoding="utf-8") as out:
        out.write(EXTRA_SUBSCRIBERS)
    return evidence


def _ingested(root: Path, db_url: str | None, evidence: Path) -> TestClient:
    cli = CliRunner(root, db_url)
    cli("case", "create", "t", "--country", "SN")
    cli("ingest", "--case", "t", str(evidence))
    cli("resolve", "--case", "t")
    return TestClient(create_app(root, db_url))


@pytest.fixture(scope="module", params=BACKENDS)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, small_case: Path
) -> Iterator[TestClient]:
    """Read-only tests: one workspace per backend, like the `workspace` fixture's, shared by the module."""
    db_url = new_database_url(request.param, request)
    root = tmp_path_factory.mktemp("api-ws") / "ws"
    client = _ingested(root, db_url, small_case)
    yield client
    client.app.state.workspace.close()


@pytest.fixture
def own_client(workspace: Workspace, db_url: str | None, small_case: Path) -> Iterator[TestClient]:
    """Tests that change the workspace: the `workspace` fixture's, for this test alone."""
    client = _ingested(workspace.root, db_url, small_case)
    yield client
    client.app.state.workspace.close()


def _ok(response) -> dict | list:
    assert response.status_code == 200, response.text
    return response.json()


def _evidence_id(client: TestClient, name: str) -> int:
    items = _ok(client.get("/api/cases/t/evidence"))["items"]
    return next(e["id"] for e in items if e["original_name"] == name)


def _entity(client: TestClient, name: str) -> dict:
    return next(e for e in _ok(client.get("/api/cases/t/entities")) if e["name"] == name)


def test_cases_and_evidence_list(client: TestClient) -> None:
    (case,) = _ok(client.get("/api/cases"))
    assert case["slug"] == "t" and case["country"] == "SN"
    assert case["counts"]["evidence"] == len(FILES) + 1 and case["counts"]["people"] > 0
    page = _ok(client.get("/api/cases/t/evidence", params={"kind": "transcript", "limit": 2, "offset": 1}))
    assert page["total"] == 4 and len(page["items"]) == 2
    assert {e["kind"] for e in page["items"]} == {"transcript"}


def test_evidence_detail_has_text_turns_and_mentions_with_offsets(client: TestClient) -> None:
    item = _ok(client.get(f"/api/cases/t/evidence/{_evidence_id(client, FILES[0])}"))
    assert item["kind"] == "transcript" and len(item["sha256"]) == 64
    assert item["header"]
    text = item["pages"][0]["text"]
    assert item["turns"] and all(text[t["start"] : t["end"]] == t["text"] for t in item["turns"])
    assert {t["speaker"] for t in item["turns"]} >= {"Bineta DIOP"}
    for m in item["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    people = [m for m in item["mentions"] if m["type"] == "person"]
    assert people and any(m["entity"] for m in people)


def test_rows_are_paged(client: TestClient) -> None:
    cdr = _evidence_id(client, FILES[5])
    first = _ok(client.get(f"/api/cases/t/evidence/{cdr}/rows", params={"limit": 5}))
    second = _ok(client.get(f"/api/cases/t/evidence/{cdr}/rows", params={"limit": 5, "offset": 5}))
    assert first["table"] == "calls" and first["total"] > 10 and len(first["rows"]) == 5
    assert first["rows"][-1]["line"] < second["rows"][0]["line"]
    subscribers = _ok(client.get(f"/api/cases/t/evidence/{_evidence_id(client, FILES[4])}/rows"))
    assert subscribers["table"] == "subscribers"
    assert any(XSS_NAME in (r["name"] or "") for r in subscribers["rows"])


def test_original_download_is_exact_and_audited(own_client: TestClient, workspace, small_case: Path) -> None:
    client = own_client
    evidence_id = _evidence_id(client, FILES[0])
    response = client.get(f"/api/cases/t/evidence/{evidence_id}/original")
    assert response.status_code == 200
    original = (small_case / FILES[0]).read_bytes()
    assert response.content == original
    assert response.headers["x-content-sha256"] == hashlib.sha256(original).hexdigest()
    assert FILES[0] in response.headers["content-disposition"]
    exports = [
        r
        for r in audit.iter_rows(workspace.engine)
        if r["action"] == "evidence.export" and r["object_id"] == str(evidence_id)
    ]
    assert len(exports) == 1
    assert verify_workspace(workspace).ok


def test_entities_and_entity_detail(client: TestClient) -> None:
    people = _ok(client.get("/api/cases/t/entities"))
    lamine = next(p for p in people if p["name"] == "DIOP Lamine")
    assert lamine["rank"] is not None and lamine["role"]
    detail = _ok(client.get(f"/api/cases/t/entities/{lamine['id']}"))
    assert "Alhaji" in detail["aliases"]
    assert {p["number"] for p in detail["phones"]} >= {"+221778806875"}
    assert all("user" in p["links"] or "subscriber" in p["links"] for p in detail["phones"])
    in_context = [m for m in detail["mentions"] if m["context"]]
    assert in_context
    for m in in_context:
        c = m["context"]
        assert c["text"][c["start"] : c["end"]].strip()
    assert detail["calls"] and all(c["kind"] in ("call", "sms") and c["evidence"] for c in detail["calls"])
    assert any(p["amount"] for p in detail["payments"])
    assert detail["merge_log"] and detail["merge_log"][0]["reason"]


def test_merge_and_split_are_audited_and_seen_by_the_graph(own_client: TestClient, workspace) -> None:
    client = own_client
    nodes_before = {n["id"] for n in _ok(client.get("/api/cases/t/graph"))["nodes"]}
    a, b = _entity(client, "Yacouba")["id"], _entity(client, "Assitan")["id"]
    merged = _ok(client.post("/api/cases/t/entities/merge", json={"a": a, "b": b}))
    assert merged["id"] in (a, b)
    nodes_after = {n["id"] for n in _ok(client.get("/api/cases/t/graph"))["nodes"]}
    assert len(nodes_after & {f"p{a}", f"p{b}"}) == 1 and nodes_after != nodes_before

    lamine = _ok(client.get(f"/api/cases/t/entities/{_entity(client, 'DIOP Lamine')['id']}"))
    key = next(m["key"] for m in lamine["mentions"] if m["kind"] == "mention")
    split = _ok(client.post(f"/api/cases/t/entities/{lamine['id']}/split", json={"mention": key}))
    assert split["split"] == key and split["now_in"] != lamine["id"]
    actions = [r["action"] for r in audit.iter_rows(workspace.engine)]
    assert "entity.merge" in actions and "entity.split" in actions
    assert verify_workspace(workspace).ok

    refused = client.post(f"/api/cases/t/entities/{lamine['id']}/split", json={"mention": key})
    assert refused.status_code == 400 and "detail" in refused.json()


def test_graph_contract(client: TestClient) -> None:
    graph = _ok(client.get("/api/cases/t/graph"))
    assert graph["nodes"] and graph["edges"]
    for node in graph["nodes"]:
        assert set(node) >= {"id", "kind", "label", "role", "community", "score", "rank", "phones"}
        assert node["kind"] in ("person", "number", "label")
    people = [n for n in graph["nodes"] if n["kind"] == "person"]
    assert any(n["role"] for n in people) and any(n["rank"] == 1 for n in people)
    ids = {n["id"] for n in graph["nodes"]}
    for edge in graph["edges"]:
        assert set(edge) >= {"source", "target", "kind", "weight", "first", "last", "evidence"}
        assert edge["source"] in ids and edge["target"] in ids and isinstance(edge["evidence"], list)
    assert {"call", "sms"} & {e["kind"] for e in graph["edges"]}


def test_timeline_filters_and_route(client: TestClient) -> None:
    items = _ok(client.get("/api/cases/t/timeline"))["items"]
    assert items and {"time", "kind", "summary", "evidence"} <= set(items[0])
    calls = _ok(client.get("/api/cases/t/timeline", params={"kind": "call"}))["items"]
    assert calls and {i["kind"] for i in calls} == {"call"}
    window = _ok(client.get("/api/cases/t/timeline", params={"start": "2026-01-01", "end": "2026-01-05"}))
    assert window["items"] and all("2026-01-01" <= i["time"][:10] <= "2026-01-05" for i in window["items"])
    french = _ok(client.get("/api/cases/t/timeline", params={"kind": "call", "lang": "fr"}))["items"]
    assert french[0]["summary"] != calls[0]["summary"]
    refused = client.get("/api/cases/t/timeline", params={"start": "someday"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "start"]  # FastAPI's shape, as documented
    stops = _ok(client.get("/api/cases/t/route"))["stops"]
    assert stops and all(
        set(s) >= {"name", "place_id", "lat", "lon", "first_seen", "evidence"} for s in stops
    )
    assert any(s["lat"] is not None and s["lon"] is not None for s in stops)


def test_search_ignores_accents_and_case(client: TestClient) -> None:
    for query in ("Séverine KONÉ", "severine kone", "SEVERINE"):
        found = _ok(client.get("/api/cases/t/search", params={"q": query}))
        assert any(e["name"] == "KONÉ Séverine" for e in found["entities"]), query
        hit = found["texts"][0]
        assert hit["snippet"][hit["match_start"] : hit["match_end"]].lower().startswith("séverine")
    by_number = _ok(client.get("/api/cases/t/search", params={"q": "77 880 68 75"}))
    assert any(e["name"] == "DIOP Lamine" for e in by_number["entities"])
    assert any(n["number"] == "+221778806875" for n in by_number["numbers"])


def test_html_looking_names_come_back_as_plain_json_text(client: TestClient) -> None:
    response = client.get("/api/cases/t/entities")
    assert response.headers["content-type"].startswith("application/json")
    person = next(p for p in response.json() if XSS_NAME in p["name"])
    assert person["name"] == f"{XSS_NAME} <img src=x onerror=alert(4)>"
    detail = client.get(f"/api/cases/t/entities/{person['id']}")
    assert (
        detail.headers["content-type"].startswith("application/json")
        and detail.json()["name"] == person["name"]
    )
    graph = _ok(client.get("/api/cases/t/graph"))
    assert person["name"] in {n["label"] for n in graph["nodes"]}
    item = _ok(client.get(f"/api/cases/t/evidence/{_evidence_id(client, 'PV-999_ecoute_2026-01-09.txt')}"))
    assert "<script>alert(1)</script>" in item["pages"][0]["text"]


def test_unknown_case_evidence_entity_are_404_with_a_message(client: TestClient) -> None:
    for url in (
        "/api/cases/nope/evidence",
        "/api/cases/nope/graph",
        "/api/cases/t/evidence/9999",
        "/api/cases/t/evidence/9999/rows",
        "/api/cases/t/evidence/9999/original",
        "/api/cases/t/entities/9999",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "9999" in response.json()["detail"] or "nope" in response.json()["detail"]
    french = client.get("/api/cases/nope/graph", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert "Aucune affaire" in french.json()["detail"]
    assert client.post("/api/cases/t/entities/9999/split", json={"mention": "mention:1"}).status_code == 404
    assert client.post("/api/cases/t/entities/merge", json={"a": 9999, "b": 1}).status_code == 404
    itself = client.post("/api/cases/t/entities/merge", json={"a": 1, "b": 1})
    assert itself.status_code == 400 and "itself" in itself.json()["detail"]


def test_openapi_documents_the_routes(client: TestClient) -> None:
    spec = _ok(client.get("/openapi.json"))
    for path in (
        "/api/cases",
        "/api/cases/{case}/evidence/{evidence_id}",
        "/api/cases/{case}/evidence/{evidence_id}/original",
        "/api/cases/{case}/entities/{entity_id}",
        "/api/cases/{case}/graph",
        "/api/cases/{case}/timeline",
        "/api/cases/{case}/route",
        "/api/cases/{case}/search",
    ):
        assert path in spec["paths"], path
    assert {"GraphNode", "GraphEdge", "EvidenceDetail", "EntityDetail"} <= set(spec["components"]["schemas"])
