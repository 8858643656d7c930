"""schemathesis against the OpenAPI spec of a running server: no answer of the JSON API is ever a 5xx.

One server per backend (SQLite and PostgreSQL) for this module: the network training case
(examples/network-case, fictional) ingested, resolved and given one MLA request, in a workspace with users
(login on), served by uvicorn on a free loopback port in a background thread. The spec is read from the
running server (`/openapi.json`), so a route added later is covered without touching this file.

Every operation gets bounded, deterministic runs (`derandomize`, no shrinking, no example database) of
EXAMPLES cases each: schema-valid data with the real case and real ids in the path (the interesting
answers are behind a valid path), with the real case and any ids, with any path, and schema-violating
data in the real case. Each request carries the API token of an investigator with write rights on the
case (login is on: the workspace has users). Checks: no 5xx (`not_a_server_error`), and every answer
matches the schema documented for its status (`response_schema_conformance`), with no exception.
Failures are collected across operations and reported together, each with the curl command that
replays it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err

from filiere.security import access, members, users
from filiere.workspace import Workspace
from tests.conftest import BACKENDS, new_database_url
from tests.support.cli import CliRunner

EVIDENCE = Path(__file__).parents[2] / "examples" / "network-case" / "evidence"
CASE = "nc"
RECRUITER_NUMBER = "+22376315842"  # fictional, from the network training case
PASSWORD = "Fictive passphrase 2026, never real!"
EXAMPLES = 10  # per operation and kind of run: 4 runs x ~15 operations x 10, about 600 requests a backend
CHECKS = [not_a_server_error, response_schema_conformance]
PATH_IDS = ("evidence_id", "entity_id", "number")  # integer path parameters: real ids of the case


@dataclass(frozen=True)
class Served:
    base_url: str
    token: str
    ids: dict[str, list[int]]  # path parameter -> real ids of the case

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def _build(root: Path, db_url: str | None) -> tuple[Path, str, dict[str, list[int]]]:
    """The case, an MLA request, an admin and an investigator with write rights; returns the token of the
    investigator and the case's ids."""
    ws_dir = root / "ws"
    cli = CliRunner(ws_dir, db_url)
    cli("case", "create", CASE, "--country", "NE", "--title", "DEMO — réseau (données fictives)")
    cli("ingest", "--case", CASE, str(EVIDENCE))
    cli("resolve", "--case", CASE)
    cli("mla", "draft", "--case", CASE, "--to", "ML", "-m", f"subscriber:{RECRUITER_NUMBER}",
        "--authority", "Juge d'instruction (fictif)", "--out", str(root / "request.docx"))  # fmt: skip
    ids = {
        "evidence_id": [e["id"] for e in cli("evidence", "list", "--case", CASE, "--json").json()],
        "entity_id": [e["id"] for e in cli("entity", "list", "--case", CASE, "--json").json()],
        "number": [r["number"] for r in cli("mla", "list", "--case", CASE, "--json").json()],
    }
    assert all(ids.values()), ids
    ws = Workspace.open(ws_dir, db_url)
    try:
        users.add_user(ws, "admin.test", PASSWORD, "admin", "Admin (fictional)")
        member = users.add_user(ws, "i.fuzz", PASSWORD, "investigator", "Investigator (fictional)")
        members.grant(ws, member.username, CASE, "write")
        _, token = access.create_token(ws, member, "schemathesis")
    finally:
        ws.close()
    return ws_dir, token, ids


@pytest.fixture(scope="module", params=BACKENDS)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    import uvicorn

    from filiere.web.app import create_app

    with pytest.MonkeyPatch.context() as env:
        env.setenv("FILIERE_LANG", "en")
        env.setenv("FILIERE_USER", "test-officer")
        db_url = new_database_url(request.param, request)
        ws_dir, token, ids = _build(tmp_path_factory.mktemp("schemathesis"), db_url)
        app = create_app(ws_dir, db_url)
        sock = _free_socket()
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the web server did not start"
            time.sleep(0.02)
        yield Served(f"http://127.0.0.1:{sock.getsockname()[1]}", token, ids)
        server.should_exit = True
        thread.join(10)
        sock.close()
        app.state.workspace.close()


@dataclass
class Findings:
    """What the run found: 5xx answers, and schema violations (known gaps apart), as readable reports."""

    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    schema_violations: list[str] = field(default_factory=list)


def _strategies(operation: Any, served: Served) -> list[Any]:
    """The runs of one operation: real case and ids in the path; real case, any ids; any path; and
    schema-violating data in the real case."""
    names = {p.name for p in operation.path_parameters}
    case = {"case": CASE} if "case" in names else {}
    runs = [operation.as_strategy(), operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=case)]
    ids = {name: st.sampled_from(served.ids[name]) for name in names & set(PATH_IDS)}
    if case:
        runs.append(operation.as_strategy(path_parameters=case))
    if ids:
        real = st.fixed_dictionaries({**{k: st.just(v) for k, v in case.items()}, **ids})
        runs.append(real.flatmap(lambda path: operation.as_strategy(path_parameters=path)))
    return runs


def _report(failure: Any, case: Any, response: Any, headers: dict[str, str]) -> str:
    curl = case.as_curl_command(headers=headers)  # the token shows as [Filtered]: use one of a member
    return f"{case.operation.label} -> {response.status_code}: {failure.title}\n{failure.message}\n{curl}"


def _run(strategy: Any, served: Served, findings: Findings) -> None:
    """Send `EXAMPLES` cases of `strategy` (no shrinking) and record the first failure of each kind."""
    seen: set[tuple[str, str]] = set()

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def send(case: Any) -> None:
        response = case.call(headers=served.headers, timeout=60)
        findings.statuses[response.status_code // 100 * 100] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=served.headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                key = (case.operation.label, failure.title)
                if key in seen:
                    continue
                seen.add(key)
                report = _report(failure, case, response, served.headers)
                server = response.status_code >= 500
                (findings.server_errors if server else findings.schema_violations).append(report)

    send()


@pytest.fixture(scope="module")
def findings(served: Served) -> Findings:
    """Every operation of the running server's spec, fuzzed once per backend."""
    listed = httpx.get(f"{served.base_url}/api/cases", headers=served.headers, timeout=60)
    assert listed.status_code == 200 and [c["slug"] for c in listed.json()] == [CASE], listed.text
    schema = schemathesis.openapi.from_url(f"{served.base_url}/openapi.json", headers=served.headers)
    results = list(schema.get_all_operations())
    unusable = [str(r.err()) for r in results if isinstance(r, Err)]
    assert not unusable, unusable  # an operation schemathesis cannot read in the spec
    operations = [r.ok() for r in results]
    labels = {op.label for op in operations}
    assert "GET /api/cases/{case}/graph" in labels and len(labels) >= 10, sorted(labels)
    found = Findings()
    for operation in operations:
        for strategy in _strategies(operation, served):
            _run(strategy, served, found)
    return found


def test_no_operation_answers_a_server_error(findings: Findings) -> None:
    assert findings.statuses[200] >= 100, findings.statuses  # the runs reached the handlers, not only 401/404
    assert not findings.server_errors, "\n\n".join(findings.server_errors)


def test_answers_match_their_documented_schema(findings: Findings) -> None:
    """2xx and 4xx bodies match the spec: times carry their offset, 422 has FastAPI's documented shape."""
    assert not findings.schema_violations, "\n\n".join(findings.schema_violations)
