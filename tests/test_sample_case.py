"""Acceptance: the bilingual sample case ingests with zero errors and the right counts, once, with custody."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select, update

from filiere.store.tables import audit_log, calls, evidence

EXPECTED = json.loads(
    (Path(__file__).parent.parent / "examples" / "sample-case" / "EXPECTED.json").read_text()
)


@pytest.fixture
def ingested(cli, sample_case_dir: Path) -> dict:
    cli("case", "create", "demo", "--country", "NE")
    return cli("ingest", "--case", "demo", "--json", str(sample_case_dir)).json()


def test_every_file_ingests_with_the_expected_kind_and_counts(ingested: dict, cli, workspace) -> None:
    files = EXPECTED["files"]
    assert ingested["errors"] == []
    assert ingested["added"] == len(files) and ingested["duplicates"] == 0
    listed = {e["original_name"]: e for e in cli("evidence", "list", "--case", "demo", "--json").json()}
    assert set(listed) == set(files)
    for name, expected in files.items():
        item = cli("evidence", "show", str(listed[name]["id"]), "--case", "demo", "--json").json()
        assert item["kind"] == expected["kind"], name
        assert item["issue_count"] == expected.get("bad_rows", 0), name
        details = item["details"]
        if expected["kind"] == "transcript":
            assert (details["turns"], details["calls"]) == (expected["records"], expected["calls"]), name
            call = item["calls"][0]
            for key in ("caller_raw", "callee_raw", "duration_s"):
                assert call[key] == expected["call"][key], (name, key)
            assert call["started_at"].replace("T", " ")[:19] == expected["call"]["started_at"], name
        elif expected["kind"] == "interview":
            assert details["turns"] == expected["records"], name
        else:
            assert item["record_count"] == expected["records"], name
    assert ingested["records"] == sum(f["records"] + f.get("calls", 0) for f in files.values())


def test_national_numbers_are_normalised_with_the_case_country(ingested: dict, workspace) -> None:
    with workspace.engine.connect() as conn:
        rows = conn.execute(select(calls.c.caller_raw, calls.c.caller_e164)).all()
    assert rows and all(e164 and e164.startswith("+") for _raw, e164 in rows)
    assert ("93076419", "+22793076419") in rows or ("93 07 64 19", "+22793076419") in rows


def test_second_ingest_adds_nothing(ingested: dict, cli, sample_case_dir: Path) -> None:
    again = cli("ingest", "--case", "demo", "--json", str(sample_case_dir)).json()
    assert again == {
        "added": 0,
        "duplicates": len(EXPECTED["files"]),
        "records": 0,
        "errors": [],
        "extraction": None,
    }


def test_export_gives_back_the_exact_original_and_is_audited(ingested: dict, cli, sample_case_dir, tmp_path):
    listed = cli("evidence", "list", "--case", "demo", "--json").json()
    pdf = next(e for e in listed if e["original_name"].endswith(".pdf"))
    out = cli("evidence", "export", str(pdf["id"]), "--case", "demo", "-o", str(tmp_path), "--json").json()
    assert Path(out["path"]).read_bytes() == (sample_case_dir / pdf["original_name"]).read_bytes()
    actions = [r["action"] for r in cli("audit", "show", "--case", "demo", "--json").json()]
    assert actions[0] == "case.create" and actions[-1] == "evidence.export"
    assert actions.count("evidence.ingest") == len(EXPECTED["files"])


def test_audit_verify_passes_then_names_each_kind_of_tampering(ingested: dict, cli, workspace) -> None:
    assert cli("audit", "verify", "--json").json()["ok"] is True
    listed = cli("evidence", "list", "--case", "demo", "--json").json()
    victim = next(e for e in listed if e["original_name"].startswith("PV-041"))

    # 1. an original edited in the blob store
    blob = workspace.blobs.path_for(victim["sha256"])
    os.chmod(blob, 0o644)
    original_bytes = blob.read_bytes()
    blob.write_bytes(original_bytes[:100] + b"X" + original_bytes[101:])  # one character changed
    result = cli("audit", "verify", "--json", check=False)
    assert result.exit_code == 1
    problems = result.json()["problems"]
    assert problems[0]["where"] == f"evidence #{victim['id']} ({victim['original_name']})"
    assert "modified" in problems[0]["message"]
    blob.write_bytes(original_bytes)
    assert cli("audit", "verify", "--json").json()["ok"] is True

    # 2. an audit row edited (who ingested the file)
    with workspace.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.id == 3).values(actor="nobody@nowhere"))
    problems = cli("audit", "verify", "--json", check=False).json()["problems"]
    assert problems[0]["where"] == "audit row 3"


def test_evidence_row_pointed_at_other_bytes_is_detected(ingested: dict, cli, workspace) -> None:
    with workspace.engine.begin() as conn:
        first = conn.execute(select(evidence.c.id).order_by(evidence.c.id).limit(1)).one()
        conn.execute(update(evidence).where(evidence.c.id == first.id).values(sha256="0" * 64))
    problems = cli("audit", "verify", "--json", check=False).json()["problems"]
    assert any("audit log" in p["message"] and f"#{first.id}" in p["where"] for p in problems)
    assert any("missing" in p["message"] for p in problems)


def test_deleted_audit_row_is_named(ingested: dict, cli, workspace) -> None:
    from sqlalchemy import delete

    with workspace.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.id == 5))
    result = cli("audit", "verify", check=False)
    assert result.exit_code == 1
    assert "audit row 5" in result.stdout and "deleted" in result.stdout
