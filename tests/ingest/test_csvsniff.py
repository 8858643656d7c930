"""Sniffing operator CSV files: encoding, delimiter, header row under title lines, column vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.errors import EvidenceError
from filiere.ingest.cdr import CDR_KEYWORDS, CDR_VOCABULARY
from filiere.ingest.csvsniff import SAMPLE_BYTES, match_columns, normalise_name, open_records, sniff_csv


def write(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_normalise_name_folds_case_accents_and_separators() -> None:
    assert normalise_name("Durée (s)") == "duree s"
    assert normalise_name("A_NUMBER") == normalise_name("a number") == "a number"
    assert normalise_name("  Date/Heure ") == "date heure"
    assert normalise_name("N° pièce") == "n piece"
    assert normalise_name("Cell.ID") == "cell id"


def test_match_columns_exact_spellings_then_keywords() -> None:
    names = [
        "N°",
        "APPELANT",
        "appele",
        "Date et heure",
        "Durée de l'appel (sec)",
        "IMEI appelant",
        "CELL_ID",
    ]
    found = match_columns(names, CDR_VOCABULARY, CDR_KEYWORDS)
    assert found == {"caller": 1, "callee": 2, "start": 3, "duration": 4, "imei": 5, "cell": 6}


def test_match_columns_leftmost_wins_and_unknown_columns_are_left_out() -> None:
    found = match_columns(["Remarque", "Caller", "Appelant", "Callee"], CDR_VOCABULARY)
    assert found == {"caller": 1, "callee": 3}


def test_sniff_preamble_latin1_semicolon(tmp_path: Path) -> None:
    data = (
        "Opérateur : Réseau Fictif Mali\r\nPériode : 01/03/2024 au 31/03/2024\r\n\r\n"
        "Appelant;Appelé;Date/Heure;Durée\r\n76123456;93076419;01/03/2024 08:15:02;125\r\n"
    ).encode("cp1252")
    layout = sniff_csv(write(tmp_path, data), CDR_VOCABULARY)
    assert layout.encoding == "cp1252"
    assert layout.delimiter == ";"
    assert layout.header_line == 4
    assert layout.names == ("Appelant", "Appelé", "Date/Heure", "Durée")
    assert layout.preamble == ("Opérateur : Réseau Fictif Mali", "Période : 01/03/2024 au 31/03/2024")
    assert layout.sample == ((5, ("76123456", "93076419", "01/03/2024 08:15:02", "125")),)
    assert layout.describe()["preamble_lines"] == 2


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_sniff_each_delimiter(tmp_path: Path, delimiter: str) -> None:
    rows = [["Caller", "Callee", "Start time", "Duration"]] + [
        ["+22376123456", "+22793076419", f"2024-03-0{i}T10:00:00", str(i)] for i in range(1, 6)
    ]
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    layout = sniff_csv(write(tmp_path, text.encode()))
    assert layout.delimiter == delimiter
    assert layout.header_line == 1
    assert layout.width == 4


def test_sniff_prefers_consistent_delimiter_over_commas_in_cells(tmp_path: Path) -> None:
    text = "Appelant;Appelé;Date;Cellule\n" + "".join(
        f"7612345{i};9307641{i};0{i}/03/2024;Bamako, Médina{',' * (i % 3)}\n" for i in range(1, 8)
    )
    assert sniff_csv(write(tmp_path, text.encode())).delimiter == ";"


def test_sniff_bom_and_trailing_delimiter(tmp_path: Path) -> None:
    text = "Appelant;Appelé;Date;\r\n76123456;93076419;01/03/2024;\r\n76123456;93076419;02/03/2024;\r\n"
    layout = sniff_csv(write(tmp_path, b"\xef\xbb\xbf" + text.encode()))
    assert layout.encoding == "utf-8-sig"
    assert layout.names == ("Appelant", "Appelé", "Date")
    assert layout.row_width == 4


def test_sniff_header_chosen_with_vocabulary_among_title_lines(tmp_path: Path) -> None:
    text = "Réquisition;N° 2024-117\nNuméro;Nom et prénoms\n76123456;Awa Traoré\n93076419;Issa Maïga\n"
    from filiere.ingest.subscribers import SUBSCRIBER_VOCABULARY

    layout = sniff_csv(write(tmp_path, text.encode()), SUBSCRIBER_VOCABULARY)
    assert layout.header_line == 2
    assert layout.names == ("Numéro", "Nom et prénoms")


def test_open_records_starts_after_header_and_counts_physical_lines(tmp_path: Path) -> None:
    text = 'Titre\n\nA;B\n1;"deux\nlignes"\n3;4\n'
    layout = sniff_csv(write(tmp_path, text.encode()))
    with open_records(layout) as reader:
        rows = []
        last = reader.line_num
        for row in reader:
            rows.append((last + 1, row))
            last = reader.line_num
    assert rows == [(4, ["1", "deux\nlignes"]), (6, ["3", "4"])]


def test_sample_is_only_the_first_64_kib(tmp_path: Path) -> None:
    line = "76123456;93076419;01/03/2024 08:15:02;125\n"
    text = "Appelant;Appelé;Date/Heure;Durée\n" + line * (3 * SAMPLE_BYTES // len(line))
    layout = sniff_csv(write(tmp_path, text.encode()))
    assert 0 < len(layout.sample) <= 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b"A;B\x00\x01;C\n", "binary"),
        (b"just one column\nof words\n", "separator"),
        (b"1;2;3\n4;5;6\n7;8;9\n", "header"),
    ],
)
def test_sniff_refuses_with_evidence_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path, data)
    with pytest.raises(EvidenceError) as caught:
        sniff_csv(path)
    assert caught.value.path == str(path)
    assert message in caught.value.message


def test_sniff_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match="cannot be read"):
        sniff_csv(tmp_path / "absent.csv")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_sniff_arbitrary_bytes_raise_only_evidence_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = write(tmp_path_factory.mktemp("bytes"), data)
    try:
        layout = sniff_csv(path, CDR_VOCABULARY)
    except EvidenceError as exc:
        assert exc.path == str(path)
        return
    assert layout.width >= 1
    assert layout.header_line >= 1
