"""The audit log handed to an inspector: filtered rows whose hashes still check, a manifest naming the
file's SHA-256 and the chain's state, CSV cells that cannot run as formulas, and the export itself audited."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from filiere.security.csvsafe import unescape_cell
from filiere.store import audit


def _case_with_activity(cli, tmp_path: Path) -> None:
    cli("case", "create", "insp-a", "--country", "NE", "--title", '=HYPERLINK("http://x","a")')
    cli("case", "create", "insp-b", "--country", "ML")
    note = tmp_path / "pv.txt"
    note.write_text("Procès-verbal fictif : le passeur a demandé 150 000 FCFA.\n", encoding="utf-8")
    cli("ingest", "--case", "insp-a", str(note), "--no-extract")


def test_the_export_keeps_the_rows_asked_for_with_checkable_hashes(cli, tmp_path: Path) -> None:
    _case_with_activity(cli, tmp_path)
    out = tmp_path / "inspection" / "insp-a.jsonl"
    result = cli("audit", "export", "--case", "insp-a", "-o", out, "--json").json()
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and result["rows"] == len(rows)
    assert {r["case_id"] for r in rows} == {rows[0]["case_id"]}, "only the case asked for"
    assert [r["action"] for r in rows] == ["case.create", "evidence.ingest"]
    for row in rows:
        assert audit.row_hash(row) == row["row_hash"], f"row {row['id']} no longer matches its hash"
    manifest = json.loads(
        (tmp_path / "inspection" / "insp-a.jsonl.manifest.json").read_text(encoding="utf-8")
    )
    assert manifest["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert manifest["chain"]["verified"] is True and manifest["filters"]["case"] == "insp-a"
    assert manifest["chain"]["rows_checked"] > len(rows), "the whole chain was checked, not the selection"

    shown = cli("audit", "show", "--action", "read.audit_export", "--json").json()
    assert len(shown) == 1 and json.loads(shown[0]["details"])["rows"] == len(rows)


def test_filters_by_action_and_period(cli, tmp_path: Path) -> None:
    _case_with_activity(cli, tmp_path)
    created = cli("audit", "show", "--action", "case.", "--json").json()
    assert [json.loads(r["details"]).get("slug") for r in created][:2] == ["insp-a", "insp-b"] or len(
        created
    ) == 2
    assert cli("audit", "show", "--since", "2999-01-01", "--json").json() == []
    bad = cli("audit", "show", "--since", "01/01/2025", check=False)
    assert bad.exit_code == 1 and "'01/01/2025' is not a date" in bad.stderr


def test_csv_export_cells_cannot_run_as_formulas(cli, tmp_path: Path) -> None:
    _case_with_activity(cli, tmp_path)
    out = tmp_path / "audit.csv"
    cli("audit", "export", "-o", out)
    with out.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0][:4] == ["id", "at", "actor", "action"]
    cells = [cell for row in table[1:] for cell in row]
    assert all(not cell.startswith(("=", "+", "@")) or cell.startswith("'") for cell in cells)
    assert any("HYPERLINK" in unescape_cell(cell) for cell in cells), "the hostile title is exported, as text"
    refused = cli("audit", "export", "-o", tmp_path / "audit.xlsx", check=False)
    assert refused.exit_code == 1 and ".jsonl or .csv" in refused.stderr
