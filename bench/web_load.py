"""Benchmark: users reading and writing at once through the web workbench, on PostgreSQL, loopback only.

Builds a workspace on PostgreSQL (a temporary server from the machine's packages, as the tests start it, or
the empty database given with --db) holding a GENERATED case (fictional: `filiere.train`, ingested and
resolved), an admin and --users users with write rights on the case (every third one an analyst, the
others investigators), each with an API token; each investigator has a request for mutual legal
assistance already sent. Starts the real server (`filiere serve`: one process; --workers N runs the same
app in N uvicorn processes) on 127.0.0.1. The simulated users log in through the login page, all at
once (reported apart: the clock of requests/s starts after), then until the time is up, with no pause,
each does an action drawn at random (weights in ACTIONS): pages with the session
cookie (dashboard, entity, evidence reader, search, MLA list), the JSON API with the Bearer token (graph,
entity, search, evidence, timeline, MLA list, an original's download), and writes through the forms with
the CSRF token the form carries: an MLA follow-up or a new MLA request drafted from the case
(investigators), an observation split out of a person and merged back (analysts). Writes, evidence
reads, searches and downloads all append to the hash-chained audit log.

Prints the errors (any answer >= 400 or a failed connection: no 4xx is expected in this mix), requests/s,
p50/p95/p99 per route group, the audit rows added, `filiere audit verify` (the chain must hold after
concurrent writers), and ratios against the stored baseline of the same settings (bench/baselines/
web_load.json: runs of this script on the reference machine; --save-baseline stores this one). Exit
status 1 on any error or a broken chain. A server that asks for no login (laptop mode) is driven the
same way, without login or token.

    python bench/web_load.py                 # 20 users, 60 s, medium case, PostgreSQL, one process
    python bench/web_load.py --quick         # 5 users, 5 s, small case
    python bench/web_load.py --db postgresql+psycopg://postgres@127.0.0.1:5432/empty --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import io
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import create_engine, select, text

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python bench/web_load.py`: tests.support.postgres starts the server
    sys.path.insert(0, str(ROOT))

from filiere.cases import get_case  # noqa: E402
from filiere.cli.app import main as filiere  # noqa: E402
from filiere.mla.draft import draft_request  # noqa: E402
from filiere.mla.request import Authority, from_dict  # noqa: E402
from filiere.mla.tracking import set_status, store_draft  # noqa: E402
from filiere.resolve.entities import list_entities  # noqa: E402
from filiere.security import access, members, users  # noqa: E402
from filiere.store.tables import audit_log  # noqa: E402
from filiere.train.generate import generate_case  # noqa: E402
from filiere.workspace import Workspace  # noqa: E402

BASELINE = Path(__file__).parent / "baselines" / "web_load.json"
CASE = "demo"
PASSWORD = "Bench passphrase, fictional 2026!"
AUTHORITY = Authority(name="Juge d'instruction (fictif)", function="juge d'instruction")
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]*)"')
ERROR_LINE = re.compile(r"^(?:[\w.]+(?:Error|Exception)\b.*)$", re.MULTILINE)  # in a traceback
ALERT = re.compile(r'role="alert">([^<]*)<')
SPLIT_KEY = re.compile(r'name="key" value="([^"]*)"')
# action: (weight, who does it, route group, path) — the path's {c}, {person}, {text}, {word} are filled in
ACTIONS = {
    "dashboard": (10, "*", "page:dashboard", "/cases/{c}"),
    "entity_page": (12, "*", "page:entity", "/cases/{c}/entities/{person}"),
    "evidence_page": (8, "*", "page:evidence", "/cases/{c}/evidence/{text}"),
    "search_page": (5, "*", "page:search", "/cases/{c}/search?q={word}"),
    "mla_page": (4, "*", "page:mla", "/cases/{c}/mla"),
    "api_graph": (8, "*", "api:graph", "/api/cases/{c}/graph"),
    "api_entity": (8, "*", "api:entity", "/api/cases/{c}/entities/{person}"),
    "api_search": (5, "*", "api:search", "/api/cases/{c}/search?q={word}"),
    "api_evidence": (4, "*", "api:evidence", "/api/cases/{c}/evidence/{text}"),
    "api_timeline": (3, "*", "api:timeline", "/api/cases/{c}/timeline"),
    "api_mla": (3, "*", "api:mla", "/api/cases/{c}/mla"),
    "api_original": (2, "*", "api:original", "/api/cases/{c}/evidence/{text}/original"),
    "mla_follow_up": (8, "investigator", "write:mla-follow-up", None),
    "mla_draft": (1, "investigator", "write:mla-draft", None),
    "split_merge": (2, "analyst", "write:split+merge", None),
}


def cli(ws: Path, db: str | None, *argv: str) -> None:
    """Run `filiere ARGV` in this process, quietly."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        try:
            filiere(["--workspace", str(ws), *(["--db", db] if db else []), *argv])
        except SystemExit as exc:
            if exc.code:
                raise RuntimeError(f"filiere {' '.join(argv)} failed:\n{out.getvalue()[-2000:]}") from exc


def database(args: argparse.Namespace, stack: contextlib.ExitStack) -> str | None:
    """The database URL: --db, None for --sqlite, else a fresh database on a temporary server."""
    if args.sqlite or args.db:
        return args.db
    from tests.support.postgres import TempPostgres

    server = TempPostgres()
    base = server.start()
    stack.callback(server.stop)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE filiere_load"))
    admin.dispose()
    return f"{base}/filiere_load"


def prepare(folder: Path, db: str | None, args: argparse.Namespace) -> tuple[Path, list[dict]]:
    """The generated case ingested and resolved, the admin and the users; returns (workspace, users)."""
    truth = generate_case(folder / "case", args.seed, args.size, "fr", force=True)
    ws_dir = folder / "ws"
    cli(
        ws_dir, db, "case", "create", CASE, "--country", truth["case_country"], "--title", "BENCH (fictional)"
    )
    cli(ws_dir, db, "ingest", "--case", CASE, str(folder / "case" / "evidence"))
    cli(ws_dir, db, "resolve", "--case", CASE)
    ws = Workspace.open(ws_dir, db)
    case = get_case(ws, CASE)
    people = sorted(list_entities(ws, case), key=lambda e: -e["observations"])
    to = "NE" if case.country != "NE" else "ML"
    drafted = draft_request(ws, case, to, [f"suspect:{people[0]['id']}"], authority=AUTHORITY)
    users.add_user(ws, "bench.admin", PASSWORD, "admin", "Bench admin (fictional)")
    team: list[dict] = []
    for n in range(1, args.users + 1):
        role = "analyst" if n % 3 == 0 else "investigator"
        user = users.add_user(ws, f"user{n:02d}", PASSWORD, role, f"Bench user {n} (fictional)")
        members.grant(ws, user.username, CASE, "write")
        member = {"name": user.username, "role": role, "to": to}
        member["token"] = access.create_token(ws, user, "web-load")[1]
        if role == "investigator":  # its own request, sent, so that it can be followed up
            member["mla"] = store_draft(ws, case, from_dict(drafted.to_dict())).number
            set_status(ws, case, member["mla"], "sent", note="bench: sent (fictional)")
        else:  # its own person with several observations, to split one out and merge it back
            member["entity"] = people[len(team) % len(people)]["id"]
        team.append(member)
    ws.close()
    return ws_dir, team


def start_server(ws_dir: Path, db: str | None, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "FILIERE_WORKSPACE": str(ws_dir), "FILIERE_LANG": "fr"}
    if db:
        env["FILIERE_DB"] = db
    command = [sys.executable, "-m", "filiere.cli.app", "serve", "--port", str(port)]
    if workers > 1:  # uvicorn's factory mode: create_app() opens the workspace named in the environment
        app = ["--factory", "filiere.web.app:create_app", "--host", "127.0.0.1", "--port", str(port)]
        command = [sys.executable, "-m", "uvicorn", *app, "--workers", str(workers), "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(f"{base}/login", timeout=5)
            return server, base
        time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"the server did not start:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    """Ctrl-C, as a person stops `filiere serve`; killed if still there after 30 s."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class Load:
    """What the simulated users share: the case's ids and words, and every request's (group, status, ms)."""

    def __init__(self, base: str, people: list[int], texts: list[int], words: list[str]) -> None:
        self.base, self.people, self.texts, self.words = base, people, texts, words
        self.samples: list[tuple[str, int, float]] = []
        self.failures: list[str] = []
        self.reads_only = False
        self.done: dict[int, float] = {}  # client -> when its last answer came

    async def call(
        self, client: httpx.AsyncClient, group: str, method: str, url: str, **kw
    ) -> httpx.Response:
        started = time.perf_counter()
        idle = started - self.done.get(id(client), started)
        try:
            response = await client.request(method, url, **kw)
        except httpx.HTTPError as exc:
            ms = (time.perf_counter() - started) * 1000
            self.samples.append((group, 0, ms))
            self.failures.append(f"{group}: {method} {url}: {exc!r} after {ms:.0f} ms, {idle:.1f} s idle")
            raise
        finally:
            self.done[id(client)] = time.perf_counter()
        self.samples.append((group, response.status_code, (time.perf_counter() - started) * 1000))
        if response.status_code >= 400:
            said = ALERT.search(response.text)  # the error page's message, else the start of the answer
            said = html.unescape(said.group(1)) if said else response.text[:300]
            self.failures.append(f"{group}: {method} {url} -> {response.status_code} {said!r}")
        return response


async def log_in(load: Load, client: httpx.AsyncClient, member: dict) -> bool:
    """Log in through the login page; False when the server asks for no login (laptop mode)."""
    page = await load.call(client, "login", "GET", "/login")
    found = LOGIN_TOKEN.search(page.text) if page.status_code == 200 else None
    if not found:
        return False
    fields = {"username": member["name"], "password": PASSWORD, "next": "/", "login_token": found.group(1)}
    done = await load.call(client, "login", "POST", "/login", data=fields)
    if done.status_code != 303 or "filiere_session" not in client.cookies:
        raise RuntimeError(f"login of {member['name']} refused: {done.status_code} {done.text[:300]}")
    return True


def form(page: httpx.Response, **fields: str) -> dict[str, str]:
    """The fields to post, with the CSRF token the page's form carries (if it carries one)."""
    found = CSRF.search(page.text)
    return {**({"csrf_token": found.group(1)} if found else {}), **fields}


async def write(load: Load, client: httpx.AsyncClient, member: dict, action: str, rng: random.Random) -> None:
    """One write through a form: open the page that holds the form, then post it with its CSRF token."""
    c, group = f"/cases/{CASE}", ACTIONS[action][2]
    if action == "mla_follow_up":
        shown = await load.call(client, "page:mla", "GET", f"{c}/mla/{member['mla']}")
        fields = form(shown, on="", note=f"relance {rng.randrange(10**6)} (fictive)", due="")
        await load.call(client, group, "POST", f"{c}/mla/{member['mla']}/follow-up", data=fields)
    elif action == "mla_draft":
        shown = await load.call(client, "page:mla", "GET", f"{c}/mla")
        fields = form(shown, to=member["to"], kind="suspect", target=str(rng.choice(load.people)),
                      authority=AUTHORITY.name, function=AUTHORITY.function, place="Bamako")  # fmt: skip
        await load.call(client, group, "POST", f"{c}/mla", data=fields)
    else:  # split the last observation out of the analyst's person, then merge the new person back
        own = member["entity"]
        shown = await load.call(client, "page:entity", "GET", f"{c}/entities/{own}")
        keys = SPLIT_KEY.findall(shown.text)
        if len(keys) > 1:
            split = await load.call(
                client, group, "POST", f"{c}/entities/{own}/split", data=form(shown, key=keys[-1])
            )
            now_in = re.search(r"now_in=(\d+)", split.headers.get("location", ""))
            if now_in:
                fields = form(shown, other=now_in.group(1))
                merged = await load.call(client, group, "POST", f"{c}/entities/{own}/merge", data=fields)
                back = re.search(r"/entities/(\d+)", merged.headers.get("location", ""))
                member["entity"] = int(back.group(1)) if back else own


async def user_loop(load: Load, client: httpx.AsyncClient, member: dict, api: dict, deadline: float) -> None:
    """Actions drawn at random (ACTIONS' weights, the user's role) until the deadline, with no pause."""
    rng = random.Random(member["seed"])
    mine = [a for a, (_w, who, _g, path) in ACTIONS.items() if who in ("*", member["role"])]
    mine = [a for a in mine if ACTIONS[a][3] or not load.reads_only]
    weights = [ACTIONS[a][0] for a in mine]
    while time.monotonic() < deadline:
        action = rng.choices(mine, weights)[0]
        _weight, _who, group, path = ACTIONS[action]
        with contextlib.suppress(httpx.HTTPError):  # counted as an error by Load.call
            if path is None:
                await write(load, client, member, action, rng)
                continue
            url = path.format(c=CASE, person=rng.choice(load.people), text=rng.choice(load.texts),
                              word=rng.choice(load.words))  # fmt: skip
            await load.call(client, group, "GET", url, headers=api if url.startswith("/api/") else None)


async def run_users(load: Load, team: list[dict], seconds: float) -> float:
    """Everyone logs in through the login page (all at once), then works for `seconds`; returns the time
    the work really took (the last answers come after the deadline)."""
    async with contextlib.AsyncExitStack() as stack:
        clients = []
        for _member in team:
            client = await stack.enter_async_context(httpx.AsyncClient(base_url=load.base, timeout=300))
            client.headers["Origin"] = load.base  # as a browser sends it with a form
            clients.append(client)
        logged = await asyncio.gather(*(log_in(load, c, m) for c, m in zip(clients, team, strict=True)))
        apis = [
            {"Authorization": f"Bearer {m['token']}"} if ok else {}
            for m, ok in zip(team, logged, strict=True)
        ]
        started = time.perf_counter()
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(user_loop(load, c, m, a, deadline) for c, m, a in zip(clients, team, apis, strict=True))
        )
        return time.perf_counter() - started


def case_material(base: str, token: str) -> tuple[list[int], list[int], list[str]]:
    """Person ids, text evidence ids and search words, read once through the API (which warms it up)."""
    with httpx.Client(base_url=f"{base}/api/cases/{CASE}", timeout=300) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        people = client.get("/entities").raise_for_status().json()
        evidence = client.get("/evidence", params={"limit": 1000}).raise_for_status().json()["items"]
        client.get("/graph").raise_for_status()  # the first call computes the case's analysis
    texts = [e["id"] for e in evidence if e["kind"] in ("transcript", "interview")]
    words = sorted({p["name"].split()[0].lower() for p in people if p["name"]})[:20]
    return [p["id"] for p in people], texts, words


def audit_counts(ws_dir: Path, db: str | None) -> Counter:
    ws = Workspace.open(ws_dir, db)
    with ws.engine.connect() as conn:
        counts = Counter(row.action for row in conn.execute(select(audit_log.c.action)))
    ws.close()
    return counts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def figures_of(samples: list[tuple[str, int, float]], seconds: float) -> dict:
    def stats(rows: list[tuple[str, int, float]]) -> dict:
        times = [ms for _g, _s, ms in rows]
        errors = sum(1 for _g, status, _ms in rows if not 0 < status < 400)
        quantiles = {f"p{q}_ms": round(percentile(times, q / 100), 1) for q in (50, 95, 99)}
        return {"n": len(rows), "errors": errors, **quantiles}

    work = [s for s in samples if s[0] != "login"]
    groups = sorted({g for g, _s, _ms in samples})
    return {**stats(work), "requests_per_s": round(len(work) / seconds, 1),
            "groups": {g: stats([s for s in samples if s[0] == g]) for g in groups}}  # fmt: skip


def report(figures: dict, baseline: dict | None, profile: str) -> None:
    def ratio(key: str, group: str | None = None) -> str:
        """This run's figure over the baseline's (times: below 1 is faster; req/s: above 1 is faster)."""
        ours = figures["groups"][group] if group else figures
        base = ((baseline or {}).get("groups", {}).get(group) if group else baseline) or {}
        return f"{ours[key] / base[key]:.2f}x" if base.get(key) else "-"

    print(
        f"\n{'route group':<20}{'n':>7}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95/base':>10}"
    )
    for group, g in figures["groups"].items():
        print(f"{group:<20}{g['n']:>7}{g['errors']:>7}{g['p50_ms']:>9.1f}{g['p95_ms']:>9.1f}{g['p99_ms']:>9.1f}"
              f"{ratio('p95_ms', group):>10}")  # fmt: skip
    print(f"all: {figures['n']} requests, {figures['requests_per_s']} req/s ({ratio('requests_per_s')} the "
          f"baseline), p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms ({ratio('p95_ms')}), "
          f"p99 {figures['p99_ms']} ms, errors {figures['errors']}")  # fmt: skip
    if baseline:
        print(f"baseline {profile}: {baseline['conditions']}, measured {baseline['measured']}")
    else:
        print(f"no baseline {profile} in {BASELINE} yet (--save-baseline writes it)")


def verify(ws_dir: Path, db: str | None) -> tuple[bool, str]:
    """`filiere audit verify`, as a person runs it: (chain and originals intact, what it says)."""
    argv = [
        sys.executable,
        "-m",
        "filiere.cli.app",
        "--workspace",
        str(ws_dir),
        *(["--db", db] if db else []),
    ]
    done = subprocess.run([*argv, "audit", "verify", "--json"], capture_output=True, text=True)
    try:
        said = json.loads(done.stdout)
    except json.JSONDecodeError:
        return False, (done.stdout + done.stderr)[-1000:]
    return done.returncode == 0 and said.get("ok") is True, json.dumps(said)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="server processes (1: `filiere serve`)")
    parser.add_argument("--quick", action="store_true", help="5 users, 5 s, small case")
    parser.add_argument("--db", help="an empty PostgreSQL database (default: a temporary server)")
    parser.add_argument("--sqlite", action="store_true", help="the workspace's own SQLite file instead")
    parser.add_argument("--save-baseline", action="store_true", help=f"write the figures to {BASELINE}")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--reads-only", action="store_true", help="no writes (to compare)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the workspace folder and the server's log (a temporary PostgreSQL server still goes)",
    )
    args = parser.parse_args()
    if args.quick:
        args.users, args.seconds, args.size = 5, 5.0, "small"
    os.environ.setdefault("FILIERE_USER", "bench")
    conditions = (f"{args.users} users, {args.seconds:g} s, {args.size} case (seed {args.seed}), "
                  f"{'sqlite' if args.sqlite else 'postgresql'}, {args.workers} server process(es), "
                  f"{'reads only' if args.reads_only else 'reads and writes'}, "
                  f"{os.cpu_count()} cores {platform.machine()}")  # fmt: skip
    profile = (f"{args.users}u-{args.seconds:g}s-{args.size}-{'sqlite' if args.sqlite else 'postgresql'}-"
               f"{args.workers}w{'-reads' if args.reads_only else ''}")  # fmt: skip
    print(f"web load: {conditions}")
    with contextlib.ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="filiere-bench-load-"))
        if not args.keep:
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
        started = time.perf_counter()
        db = database(args, stack)
        ws_dir, team = prepare(folder, db, args)
        print(f"setup (database, generate, ingest, resolve, users): {time.perf_counter() - started:.1f} s")
        server, base = start_server(ws_dir, db, args.workers, folder / "server.log")
        stack.callback(stop, server)
        started = time.perf_counter()
        load = Load(base, *case_material(base, team[0]["token"]))
        print(f"first graph call (the analysis computed): {time.perf_counter() - started:.1f} s")
        load.reads_only = args.reads_only
        before = audit_counts(ws_dir, db)

        for n, member in enumerate(team):
            member["seed"] = args.seed * 1000 + n
        elapsed = asyncio.run(run_users(load, team, args.seconds))
        stop(server)
        added = audit_counts(ws_dir, db) - before
        chain_ok, said = verify(ws_dir, db)
        figures = figures_of(load.samples, elapsed)
        baselines = json.loads(BASELINE.read_text()) if BASELINE.is_file() else {}
        report(figures, baselines.get(profile), profile)
        kinds = Counter({"read.*": sum(n for a, n in added.items() if a.startswith("read."))})
        kinds.update({a: n for a, n in added.items() if not a.startswith("read.")})
        print(f"audit rows added: {added.total()} ({', '.join(f'{a} {n}' for a, n in kinds.most_common())})")
        print(f"audit verify: {'OK' if chain_ok else 'FAILED'} {said}")
        for line in load.failures[:10]:
            print(f"  error: {line}")
        if load.failures:
            print(f"the server's log ({'kept' if args.keep else '--keep keeps it'}) names these errors:")
            errors = Counter(ERROR_LINE.findall((folder / "server.log").read_text()))
            for line, n in errors.most_common(10):
                print(f"  {n} x {line}")
        figures.update(conditions=conditions, measured=time.strftime("%Y-%m-%d"), audit_ok=chain_ok,
                       audit_rows_added=added.total())  # fmt: skip
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n")
        if args.save_baseline:
            BASELINE.parent.mkdir(exist_ok=True)
            BASELINE.write_text(json.dumps({**baselines, profile: figures}, indent=2, sort_keys=True) + "\n")
            print(f"baseline {profile} written to {BASELINE}")
        if args.keep:
            print(f"kept: {folder}")
    sys.exit(0 if chain_ok and not load.failures else 1)


if __name__ == "__main__":
    main()
