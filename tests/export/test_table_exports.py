"""CSV and XLSX exports (four tables, safe against formula injection), the audit row, errors, isolation."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from filiere.cases import get_case
from filiere.export import ExportError, infer_format, run_export
from filiere.export import xlsx as xlsx_export
from filiere.export.tables import COLUMNS, TABLES
from filiere.store import audit
from filiere.store.tables import calls, entities, mentions
from tests.conftest import BACKENDS
from tests.export.casebuild import COMMAND, HYPERLINK, PHONE, build_cases


@pytest.fixture(scope="module", params=BACKENDS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    yield from build_cases(request, tmp_path_factory.mktemp("table-exports"))


def db_counts(ws, slug: str) -> dict[str, int]:
    case = get_case(ws, slug)
    with ws.engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).where(table.c.case_id == case.id)).scalar()
            for name, table in (("people", entities), ("calls", calls), ("mentions", mentions))
        }


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no byte-order mark"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def sheet_rows(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def test_csv_folder_holds_the_four_tables_of_the_case(built, tmp_path: Path) -> None:
    cli, ws = built
    out = cli("export", "--case", "gen", "-o", tmp_path / "gen-csv", "--json").json()
    assert out["format"] == "csv" and [Path(f["path"]).name for f in out["files"]] == [
        f"{t}.csv" for t in TABLES
    ]
    tables = {t: read_csv(tmp_path / "gen-csv" / f"{t}.csv") for t in TABLES}
    expected = db_counts(ws, "gen")
    assert {t: len(rows) for t, rows in tables.items()} == out["counts"]
    assert len(tables["calls"]) == expected["calls"] > 1000
    assert len(tables["mentions"]) == expected["mentions"] > 100
    assert sum(r["type"] == "person" for r in tables["entities"]) == expected["people"]
    assert list(tables["calls"][0]) == [c.name for c in COLUMNS["calls"]]
    # provenance: every call names its file and line, every mention its file, page and line
    assert all(r["evidence"] and r["file"] and int(r["line"]) > 0 for r in tables["calls"])
    assert all(r["file"] and int(r["page"]) >= 1 and int(r["line"]) >= 1 for r in tables["mentions"])
    names = {r["name"] for r in tables["entities"] if r["type"] == "person"}
    assert any(set(name) & set("éèëïçÉ") for name in names)  # accents survive the round trip
    ids = {r["node"] for r in tables["entities"]}
    assert all(r["source"] in ids and r["target"] in ids for r in tables["links"])


def test_xlsx_workbook_has_the_same_tables_typed_and_styled(built, tmp_path: Path) -> None:
    cli, ws = built
    out = cli("export", "--case", "gen", "-o", tmp_path / "gen.xlsx", "--json").json()
    book = load_workbook(tmp_path / "gen.xlsx")
    assert book.sheetnames == list(TABLES)
    expected = db_counts(ws, "gen")
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        header = [c.value for c in sheet[1]]
        assert header == [c.name for c in COLUMNS[sheet.title]] and all(c.font.b for c in sheet[1])
        assert sheet.column_dimensions["A"].width > 5
        assert sheet.max_row - 1 == out["counts"][sheet.title]
    assert out["counts"]["calls"] == expected["calls"] and out["counts"]["mentions"] == expected["mentions"]
    calls_sheet = book["calls"]
    first = {h.value: c for h, c in zip(calls_sheet[1], calls_sheet[2], strict=True)}
    assert first["duration_s"].data_type == "n" and isinstance(first["started_at"].value, datetime)
    people = [r for r in book["entities"].iter_rows(min_row=2) if r[1].value == "person"]
    assert len(people) == expected["people"]
    assert all(r[9].data_type == "n" and r[12].data_type == "n" for r in people)  # degree, pagerank


def test_hostile_names_are_escaped_and_numbers_stay_readable(built, tmp_path: Path) -> None:
    cli, _ws = built
    cli("export", "--case", "hb", "-o", tmp_path / "hb")
    cli("export", "--case", "hb", "-o", tmp_path / "hb.xlsx")
    people = [r for r in read_csv(tmp_path / "hb" / "entities.csv") if r["type"] == "person"]
    names = sorted(r["name"] for r in people)
    assert names[0].startswith("'" + COMMAND) and names[1].startswith("'" + HYPERLINK)
    assert {PHONE, "+22790000001"} <= {r["subscriber_of"] for r in people}
    call_rows = read_csv(tmp_path / "hb" / "calls.csv")
    assert PHONE in {r["caller_e164"] for r in call_rows}

    sheets = sheet_rows(tmp_path / "hb.xlsx")
    cells = [v for rows in sheets.values() for row in rows for v in row if isinstance(v, str)]
    assert not [v for v in cells if v.startswith(("=", "@", "-", "\t", "\r"))]
    assert not [v for v in cells if v.startswith("+") and not v[1:].isdigit()]
    assert any(v.startswith("'" + HYPERLINK) for v in cells) and PHONE in cells
    book = load_workbook(tmp_path / "hb.xlsx")
    assert not [c for s in book for row in s.iter_rows() for c in row if c.data_type == "f"]


def test_every_export_is_audited_with_the_files_hashes(built, tmp_path: Path) -> None:
    _cli, ws = built
    case = get_case(ws, "gen")
    result = run_export(ws, case, "GraphML", tmp_path / "audited.graphml")
    row = [r for r in audit.iter_rows(ws.engine, case_id=case.id) if r["action"] == "export.write"][-1]
    details = json.loads(row["details"]) if isinstance(row["details"], str) else row["details"]
    assert (row["object_type"], str(row["object_id"])) == ("case", str(case.id))
    assert details["format"] == "graphml" and details["counts"] == result.counts
    data = (tmp_path / "audited.graphml").read_bytes()
    assert details["files"] == [
        {"name": "audited.graphml", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    ]


def test_unknown_format_and_bad_paths_are_clear_errors(built, tmp_path: Path) -> None:
    cli, ws = built
    failed = cli("export", "--case", "gen", "--format", "pdf", "-o", tmp_path / "x.pdf", check=False)
    assert failed.exit_code == 1 and "pdf" in failed.stderr and "graphml" in failed.stderr
    failed = cli("export", "--case", "gen", "-o", tmp_path / "chart.svg", check=False)
    assert failed.exit_code == 1 and "chart.svg" in failed.stderr and "--format" in failed.stderr
    (tmp_path / "taken").write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="taken"):
        run_export(ws, get_case(ws, "gen"), "csv", tmp_path / "taken")
    assert not list(tmp_path.glob(".*.part"))


def test_format_from_the_output_name() -> None:
    assert infer_format(Path("a/b.graphml")) == "graphml"
    assert infer_format(Path("b.GEXF")) == "gexf"
    assert infer_format(Path("b.anx")) == "anx"
    assert infer_format(Path("b.xlsx")) == "xlsx"
    assert infer_format(Path("b.jsonl")) == infer_format(Path("b.ftm.json")) == "ftm"
    assert infer_format(Path("tables")) == "csv"
    with pytest.raises(ExportError, match="--format"):
        infer_format(Path("b.json"))


def test_a_big_table_is_cut_at_the_sheet_limit_with_a_warning(built, tmp_path: Path) -> None:
    _cli, ws = built
    result = xlsx_export.write(ws, get_case(ws, "gen"), tmp_path / "cut.xlsx", max_rows=100)
    assert result.counts["calls"] == 100 and result.counts["entities"] <= 100
    assert any("calls" in w and "CSV" in w for w in result.warnings)
    assert len(sheet_rows(tmp_path / "cut.xlsx")["calls"]) == 101


def test_another_case_never_appears(built, tmp_path: Path) -> None:
    cli, ws = built
    gen_people = [r for r in read_csv_export(cli, "gen", tmp_path) if r["type"] == "person"]
    hb_rows = read_csv_export(cli, "hb", tmp_path)
    hb_counts = db_counts(ws, "hb")
    assert sum(r["type"] == "person" for r in hb_rows) == hb_counts["people"] == 2
    for fmt in ("graphml", "gexf", "anx", "xlsx"):
        cli("export", "--case", "hb", "--format", fmt, "-o", tmp_path / f"hb.{fmt}")
        text = (tmp_path / f"hb.{fmt}").read_bytes()
        if fmt != "xlsx":
            leaked = [p["name"] for p in gen_people if p["name"].encode() in text]
            assert not leaked, f"{fmt}: {leaked}"
    hb_calls = read_csv(tmp_path / "hb-csv" / "calls.csv")
    assert len(hb_calls) == hb_counts["calls"] == 3
    sheets = sheet_rows(tmp_path / "hb.xlsx")
    assert len(sheets["calls"]) - 1 == 3
    gen_names = {p["name"] for p in gen_people}
    assert not gen_names & {v for rows in sheets.values() for row in rows for v in row}
    gen_text = " ".join((tmp_path / "gen-csv" / f"{t}.csv").read_text(encoding="utf-8-sig") for t in TABLES)
    assert "HYPERLINK" not in gen_text and PHONE not in gen_text


def read_csv_export(cli, slug: str, tmp_path: Path) -> list[dict[str, str]]:
    cli("export", "--case", slug, "--format", "csv", "-o", tmp_path / f"{slug}-csv")
    return read_csv(tmp_path / f"{slug}-csv" / "entities.csv")
