"""Backups: one file holding tables, originals and audit log, restored on the same or the other engine.

A small case (four files of examples/network-case, the law library, one MLA request for dates and JSON) is
built once per backend and backed up once; every test restores into a fresh, empty target. Tampered
backups (an original, a table row, the manifest) must be refused naming the member, leaving the target
empty.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, insert, inspect, select, table, update

from filiere.cases import create_case
from filiere.ingest.pipeline import ingest
from filiere.law.search import search_law
from filiere.security.backup import create_backup
from filiere.security.backup_format import BackupError, decode_value, encode_value
from filiere.security.backup_restore import restore_backup
from filiere.security.backup_snapshot import read_snapshot
from filiere.store.blobs import BlobStore
from filiere.store.database import current_revision, head_revision, make_engine, migrate
from filiere.store.tables import audit_log, cases, mla_requests
from filiere.verify import verify_workspace
from filiere.workspace import Workspace
from tests.conftest import BACKENDS, new_database_url
from tests.support.cli import CliRunner

EVIDENCE = Path(__file__).resolve().parents[2] / "examples" / "network-case" / "evidence"
FILES = (
    "PV-101_ecoute_2025-05-06.txt",
    "abonnes_reponse_operateurs_2025-05.csv",
    "cdr_libyana_2025-05.csv",
    "interview_MENSAH_2025-05-23.txt",
)
LAW_QUERY = "trafic illicite de migrants"
PAIRS = [(source, target) for source in BACKENDS for target in BACKENDS]


def _fill(ws: Workspace) -> None:
    case = create_case(ws, "demo", "Demo case (fictional)", "NE")
    report = ingest(ws, case, [EVIDENCE / name for name in FILES])
    assert report.failed == 0
    search_law(ws, "migrants")  # loads the shipped law library into the workspace
    now = dt.datetime(2025, 6, 1, 9, 30, 15, 123456)
    with ws.write() as conn:
        conn.execute(
            insert(mla_requests).values(
                case_id=case.id,
                number=1,
                reference="DEMO/2025/001",
                requested_state="ML",
                language="fr",
                status="draft",
                body={"facts": "Faits fictifs — « accents » et\nretours à la ligne", "n": [1, 2.5, None]},
                body_sha256="0" * 64,
                deadline=dt.date(2025, 9, 8),
                created_at=now,
                created_by=ws.actor,
                updated_at=now,
            )
        )
        ws.log(conn, "mla.draft", "mla_request", 1, case_id=case.id)


@pytest.fixture(scope="module")
def backups(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Per backend: the source workspace's folder and URL, its backup file and summary (built once)."""
    built: dict[str, dict] = {}
    for kind in BACKENDS:
        root = tmp_path_factory.mktemp(f"source-{kind}")
        url = new_database_url(kind, request)
        ws = Workspace.open(root / "ws", url)
        _fill(ws)
        laws = [r["id"] for r in search_law(ws, LAW_QUERY)]
        summary = create_backup(ws, root / "backup.tar.gz")
        ws.close()
        built[kind] = {
            "root": root / "ws",
            "url": url,
            "path": summary.path,
            "summary": summary,
            "laws": laws,
        }
    return built


def _manifest(path: Path) -> dict:
    with tarfile.open(path, "r:*") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def _target(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str | None]:
    return tmp_path / "restored", new_database_url(kind, request)


def _blob_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "blobs").glob("??/??/*")}


def _assert_target_empty(root: Path, url: str | None) -> None:
    assert not root.exists() or not any(root.iterdir())
    if url:
        engine = make_engine(url)
        with engine.connect() as conn:
            for name in inspect(conn).get_table_names():
                if name != "alembic_version":
                    assert conn.execute(select(func.count()).select_from(table(name))).scalar_one() == 0, name
        engine.dispose()


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_restore_gives_back_the_same_workspace(source, target, backups, request, tmp_path) -> None:
    made = backups[source]
    manifest = _manifest(made["path"])
    root, url = _target(target, request, tmp_path)
    summary = restore_backup(made["path"], root, url)
    assert summary.report.ok, summary.report.as_json()
    assert summary.rows == sum(t["rows"] for t in manifest["tables"]) > 100
    restored = Workspace.open(root, url)
    try:
        with restored.engine.connect() as conn:
            for entry in manifest["tables"]:
                count = conn.execute(select(func.count()).select_from(table(entry["name"]))).scalar_one()
                expected = entry["rows"] + (1 if entry["name"] == "audit_log" else 0)  # + backup.restore
                assert count == expected, entry["name"]
            rows = conn.execute(select(audit_log).order_by(audit_log.c.id)).mappings().all()
        head = manifest["audit"]["head"]
        assert (rows[-2]["id"], rows[-2]["row_hash"]) == (head["id"], head["row_hash"])
        assert rows[-1]["action"] == "backup.restore" and rows[-1]["object_id"] == summary.manifest_sha256
        assert verify_workspace(restored).ok
        assert _blob_files(root) == _blob_files(made["root"]) and len(_blob_files(root)) == len(FILES)
        assert [r["id"] for r in search_law(restored, LAW_QUERY)] == made["laws"] != []
        case = create_case(restored, "after-restore")  # ids continue after the restored ones
        assert case.id == 2
        # Dumped again, every table but the audit log (one row longer) is byte for byte the same.
        again = create_backup(restored, tmp_path / "again.tar")
    finally:
        restored.close()
    first = {t["name"]: t["sha256"] for t in manifest["tables"]}
    second = {t["name"]: t["sha256"] for t in _manifest(again.path)["tables"]}
    differing = {name for name in first if first[name] != second[name]}
    assert differing == {"audit_log", "cases"}  # cases: the one created after the restore


def test_backup_is_logged_in_the_source_after_its_snapshot(backups) -> None:
    made = backups[BACKENDS[0]]
    ws = Workspace.open(made["root"], made["url"])
    try:
        last = list(ws.engine.connect().execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(1)))
        head = _manifest(made["path"])["audit"]["head"]
    finally:
        ws.close()
    assert last[0].action == "backup.create" and last[0].object_id == made["summary"].manifest_sha256
    assert last[0].id == head["id"] + 1 and last[0].prev_hash == head["row_hash"]
    assert json.loads(last[0].details)["covers_audit_rows"] == head["id"]
    assert (
        hashlib.sha256(_member(made["path"], "manifest.json")).hexdigest() == made["summary"].manifest_sha256
    )


def _member(path: Path, name: str) -> bytes:
    with tarfile.open(path, "r:*") as tar:
        return tar.extractfile(name).read()


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> None:
    with tarfile.open(source, "r:*") as tin, tarfile.open(target, "w:gz") as tout:
        for member in tin:
            data = change(member.name, tin.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            tout.addfile(info, io.BytesIO(data))


def _flip_blob(name: str, data: bytes) -> bytes:
    return data[:10] + bytes([data[10] ^ 1]) + data[11:] if name.startswith("blobs/") else data


def _edit_case_row(name: str, data: bytes) -> bytes:
    return data.replace(b"Demo case", b"Demo caze") if name == "tables/cases.jsonl" else data


def _edit_manifest(name: str, data: bytes) -> bytes:
    return (
        data.replace(b'"source_backend": "', b'"source_backend": "not-') if name == "manifest.json" else data
    )


@pytest.mark.parametrize("target", BACKENDS)
@pytest.mark.parametrize(
    ("change", "member"),
    [(_flip_blob, "blobs/"), (_edit_case_row, "tables/cases.jsonl"), (_edit_manifest, "manifest.json")],
    ids=["blob", "row", "manifest"],
)
def test_tampered_backup_is_refused_and_nothing_written(change, member, target, backups, request, tmp_path):
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(backups[BACKENDS[0]]["path"], tampered, change)
    root, url = _target(target, request, tmp_path)
    with pytest.raises(BackupError, match=f"member {member}") as caught:
        restore_backup(tampered, root, url)
    assert "Nothing was restored" in str(caught.value)
    _assert_target_empty(root, url)
    assert not list(tmp_path.glob(".filiere-restore-*"))  # the staging folder is gone


def _forge(source: Path, target: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    """Change one table dump and re-sign the manifest, as someone who knows the format could."""
    data = change(_member(source, member))
    manifest = _manifest(source)
    for entry in manifest["tables"]:
        if entry["member"] == member:
            entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data), rows=data.count(b"\n"))
    signed = json.dumps(manifest).encode()
    replaced = {
        member: data,
        "manifest.json": signed,
        "manifest.json.sha256": f"{hashlib.sha256(signed).hexdigest()}  manifest.json\n".encode(),
    }
    _rewrite(source, target, lambda name, old: replaced.get(name, old))


@pytest.mark.parametrize("target", BACKENDS)
def test_a_load_error_rolls_everything_back(target, backups, request, tmp_path) -> None:
    forged = tmp_path / "forged.tar.gz"
    _forge(backups[BACKENDS[0]]["path"], forged, "tables/cases.jsonl", lambda rows: rows + rows)  # same ids
    root, url = _target(target, request, tmp_path)
    with pytest.raises(BackupError, match=r"tables/cases.jsonl, lines 1 to 2: the database refused"):
        restore_backup(forged, root, url)
    _assert_target_empty(root, url)


def test_a_backup_cut_short_is_refused(backups, tmp_path) -> None:
    data = backups[BACKENDS[0]]["path"].read_bytes()
    (tmp_path / "cut.tar.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(BackupError, match="damaged or cut short"):
        restore_backup(tmp_path / "cut.tar.gz", tmp_path / "restored")
    _assert_target_empty(tmp_path / "restored", None)


def test_backup_from_a_newer_filiere_is_refused(backups, tmp_path) -> None:
    def newer(name: str, data: bytes) -> bytes:
        return data.replace(
            f'"alembic_revision": "{head_revision()}"'.encode(), b'"alembic_revision": "9999"'
        )

    _rewrite(backups[BACKENDS[0]]["path"], tmp_path / "step.tar.gz", newer)
    edited = _member(tmp_path / "step.tar.gz", "manifest.json")

    def fix_sum(name: str, data: bytes) -> bytes:
        return (
            f"{hashlib.sha256(edited).hexdigest()}  manifest.json\n".encode()
            if name.endswith(".sha256")
            else data
        )

    _rewrite(tmp_path / "step.tar.gz", tmp_path / "newer.tar.gz", fix_sum)
    with pytest.raises(BackupError, match="newer Filière"):
        restore_backup(tmp_path / "newer.tar.gz", tmp_path / "restored")
    _assert_target_empty(tmp_path / "restored", None)


def test_restore_never_writes_into_a_used_workspace(backups, tmp_path) -> None:
    made = backups[BACKENDS[-1]]
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("keep me")
    with pytest.raises(BackupError, match="not an empty folder"):
        restore_backup(made["path"], tmp_path / "used")
    assert [p.name for p in (tmp_path / "used").iterdir()] == ["notes.txt"]
    if made["url"]:  # the source's own PostgreSQL database holds rows
        with pytest.raises(BackupError, match="already holds data"):
            restore_backup(made["path"], tmp_path / "fresh", made["url"])
        assert not (tmp_path / "fresh").exists()


def test_broken_audit_chain_stops_the_backup_unless_allowed(tmp_path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    create_case(ws, "demo", "Demo")
    with ws.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.id == 1).values(actor="someone-else"))
    with pytest.raises(BackupError, match="audit row 1"):
        create_backup(ws, tmp_path / "b.tar.gz")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws"]  # no backup, no partial file
    summary = create_backup(ws, tmp_path / "b.tar.gz", allow_broken=True)
    ws.close()
    manifest = _manifest(summary.path)
    assert manifest["integrity"]["ok"] is False and manifest["integrity"]["allow_broken"] is True
    restored = restore_backup(summary.path, tmp_path / "restored")
    assert not restored.report.ok  # restored as it was, and said to be broken


def test_the_dump_reads_one_instant(workspace: Workspace) -> None:
    create_case(workspace, "one")
    with read_snapshot(workspace.engine) as conn:
        before = conn.execute(select(func.count()).select_from(cases)).scalar_one()
        create_case(workspace, "two")  # committed by another connection while the dump runs
        assert conn.execute(select(func.count()).select_from(cases)).scalar_one() == before == 1


def test_a_backup_never_overwrites_a_file(backups) -> None:
    with pytest.raises(BackupError, match="already exists"):
        ws = Workspace.open(backups[BACKENDS[0]]["root"], backups[BACKENDS[0]]["url"])
        try:
            create_backup(ws, backups[BACKENDS[0]]["path"])
        finally:
            ws.close()


@pytest.mark.parametrize("target", BACKENDS)
def test_a_backup_of_an_older_schema_is_migrated_up(target, request, tmp_path) -> None:
    root = tmp_path / "old"
    root.mkdir()
    url = f"sqlite:///{root / 'filiere.db'}"
    engine = make_engine(url)
    migrate(engine, "0008")  # a workspace of the release before users and access rights
    ws = Workspace(root=root, url=url, engine=engine, blobs=BlobStore(root / "blobs"))
    create_case(ws, "demo", "Demo")
    summary = create_backup(ws, tmp_path / "old.tar")
    engine.dispose()
    assert _manifest(summary.path)["alembic_revision"] == "0008"
    target_root, target_url = _target(target, request, tmp_path)  # PostgreSQL: already at the head
    restored = restore_backup(summary.path, target_root, target_url)
    assert restored.report.ok
    new = Workspace.open(target_root, target_url)
    assert current_revision(new.engine) == head_revision() != "0008"
    with new.engine.connect() as conn:
        assert conn.execute(select(cases.c.slug)).scalars().all() == ["demo"]
    new.close()


def test_cli_backup_and_restore(cli, request, tmp_path) -> None:
    cli("case", "create", "demo", "--country", "NE")
    cli("ingest", "--case", "demo", "--no-extract", "--json", str(EVIDENCE / FILES[0]))
    made = cli("backup", "create", str(tmp_path), "--json").json()
    assert made["tables"] > 10 and made["blobs"] == 1 and made["integrity_ok"] is True
    assert Path(made["path"]).parent == tmp_path and made["path"].endswith(".tar.gz")
    target_url = new_database_url(BACKENDS[-1], request)
    restore = CliRunner(tmp_path / "restored", target_url)
    done = restore("backup", "restore", made["path"], "--json").json()
    assert done["verify"]["ok"] is True and done["rows"] == made["rows"] and done["blobs"] == 1
    assert restore("audit", "verify", "--json").json()["ok"] is True
    refused = restore("backup", "restore", made["path"], check=False)
    assert refused.exit_code == 1 and "not an empty folder" in refused.stderr


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("datetime", dt.datetime(2025, 5, 6, 10, 0, 1, 250)),
        ("date", dt.date(2025, 9, 8)),
        ("time", dt.time(23, 59, 1)),
        ("binary", b"\x00\xffbytes"),
        ("decimal", decimal.Decimal("12.50")),
        ("boolean", True),
        ("json", {"a": [1, None, "é"]}),
        ("float", 0.1),
    ],
)
def test_values_survive_the_portable_encoding(kind, value) -> None:
    encoded = json.loads(json.dumps(encode_value(kind, value)))
    assert decode_value(kind, encoded) == value
