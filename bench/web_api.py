"""Benchmark: latency of the web workbench's JSON API on a medium generated case (fictional data).

Generates a medium case in a temporary folder (or reuses --workspace), ingests and resolves it, then calls
each endpoint --calls times through the real app (FastAPI TestClient: routing, validation, JSON, no
network) and prints p50 and p95 in milliseconds; the entity, evidence, rows and search calls go round
every person, text, page of rows and a few queries. The first call of the graph computes the case's snapshot
(analysis, network, metrics); it is printed apart as "cold". Target (issue 6): p95 of the graph and entity
endpoints < 200 ms.

    python bench/web_api.py
    python bench/web_api.py --calls 100 --seed 7
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from filiere.cli.app import main as filiere
from filiere.train.generate import generate_case
from filiere.web.app import create_app

TARGET_MS = 200.0
TARGETED = ("graph", "entities", "entity")


def prepare(folder: Path, seed: int) -> Path:
    """Generate, ingest and resolve a medium case; returns the workspace folder."""
    truth = generate_case(folder / "case", seed, "medium", "fr", force=True)
    ws = folder / "ws"
    for argv in (
        ["case", "create", "demo", "--country", truth["case_country"]],
        ["ingest", "--case", "demo", str(folder / "case" / "evidence")],
        ["resolve", "--case", "demo"],
    ):
        try:
            filiere(["--workspace", str(ws), *argv])
        except SystemExit as exc:
            if exc.code:
                raise
    return ws


def timed(client: TestClient, urls: list[str], calls: int) -> list[float]:
    """`calls` calls, going round `urls`."""
    times = []
    for n in range(calls):
        url = urls[n % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def endpoints(client: TestClient) -> dict[str, list[str]]:
    """The URLs timed per endpoint: entity and evidence go round every person and text (key player first)."""
    base = "/api/cases/demo"
    evidence = client.get(f"{base}/evidence").json()["items"]
    texts = [e["id"] for e in evidence if e["kind"] in ("transcript", "interview")]
    cdr = max((e for e in evidence if e["kind"] == "cdr"), key=lambda e: e["record_count"])["id"]
    people = sorted(client.get(f"{base}/entities").json(), key=lambda p: (p["rank"] is None, p["rank"] or 0))
    return {
        "cases": ["/api/cases"],
        "evidence list": [f"{base}/evidence"],
        "evidence": [f"{base}/evidence/{i}" for i in texts],
        "rows": [f"{base}/evidence/{cdr}/rows?offset={n * 200}&limit=200" for n in range(10)],
        "entities": [f"{base}/entities"],
        "entity": [f"{base}/entities/{p['id']}" for p in people],
        "graph": [f"{base}/graph"],
        "timeline": [f"{base}/timeline"],
        "route": [f"{base}/route"],
        "search": [f"{base}/search?q={q}" for q in ("coulibaly", "dembele", "agadez", "79 43 33 80")],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workspace", type=Path, help="an ingested workspace with case 'demo' (skips setup)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="filiere-bench-web-") as tmp:
        started = time.perf_counter()
        ws = args.workspace or prepare(Path(tmp), args.seed)
        print(f"setup (generate, ingest, resolve): {time.perf_counter() - started:.1f} s")
        client = TestClient(create_app(ws))
        started = time.perf_counter()
        client.get("/api/cases/demo/graph").raise_for_status()
        print(f"graph, cold (snapshot computed): {(time.perf_counter() - started) * 1000:.0f} ms")
        graph = client.get("/api/cases/demo/graph").json()
        print(f"case: {len(graph['nodes'])} nodes, {len(graph['edges'])} edges")
        results = {}
        print(f"{'endpoint':<16}{'p50 ms':>9}{'p95 ms':>9}")
        for name, urls in endpoints(client).items():
            times = timed(client, urls, args.calls)
            results[name] = {"p50": statistics.median(times), "p95": percentile(times, 0.95)}
            flag = ""
            if name in TARGETED:
                flag = "  ok" if results[name]["p95"] < TARGET_MS else f"  OVER {TARGET_MS:.0f} ms"
            print(f"{name:<16}{results[name]['p50']:9.1f}{results[name]['p95']:9.1f}{flag}")
        print(json.dumps({k: {m: round(v, 1) for m, v in r.items()} for k, r in results.items()}))


if __name__ == "__main__":
    main()
