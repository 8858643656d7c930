"""CDR parsing: operator layouts, date formats, bad rows reported by line, streaming, kind scoring.

All numbers, cells and operators below are fictional.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filiere.errors import EvidenceError
from filiere.ingest.cdr import cdr_layout, cdr_score, classify_event, iter_cdr
from filiere.ingest.cdr_dates import FAST_FORMATS, parse_timestamp, read_duration
from filiere.ingest.csvsniff import SAMPLE_BYTES
from filiere.ingest.records import CallRow, RowError


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "cdr.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def parse(path: Path) -> list[CallRow | RowError]:
    return list(iter_cdr(cdr_layout(path)))


def test_semicolon_latin1_national_numbers_with_preamble_and_sms(tmp_path: Path) -> None:
    text = (
        "Opérateur : Réseau Fictif Mali;Période : 01/03/2024 - 31/03/2024\r\n"
        "\r\n"
        "Appelant;Appelé;Date/Heure;Durée;Cellule;IMEI;IMSI;Type\r\n"
        "76123456;93076419;01/03/2024 08:15:02;125;61001-2201;356938035643809;610021234567890;Voix\r\n"
        "93076419;76123456;01/03/2024 08:20:44;;61001-2201;;;SMS\r\n"
        "\r\n"
        "76123456;0022393076419;02/03/2024 23:59:59;00:02:05;61001-2202;;;Appel\r\n"
    )
    path = write(tmp_path, text, "cp1252")
    layout = cdr_layout(path)
    assert layout.encoding == "cp1252"
    assert layout.date_format == "dd/mm/yyyy hh:mm:ss"
    assert layout.describe()["fields"]["callee"] == "Appelé"
    assert list(iter_cdr(layout)) == [
        CallRow(4, "76123456", "93076419", "2024-03-01 08:15:02", 125, "voice", "61001-2201",
                "356938035643809", "610021234567890"),
        CallRow(5, "93076419", "76123456", "2024-03-01 08:20:44", None, "sms", "61001-2201"),
        CallRow(7, "76123456", "0022393076419", "2024-03-02 23:59:59", 125, "voice", "61001-2202"),
    ]  # fmt: skip


def test_comma_iso_e164_quoted_fields(tmp_path: Path) -> None:
    text = (
        '"Calling number","Called number","Start time","Duration (sec)","Cell ID","Call type"\n'
        '"+22376123456","+22793076419","2024-03-01T08:15:02","60","610-01-2201-33","MOC"\n'
        '"+22793076419","+22376123456","2024-03-01 09:00:00","0","610-01-2201-33","SMS-MT"\n'
    )
    rows = parse(write(tmp_path, text))
    assert rows == [
        CallRow(2, "+22376123456", "+22793076419", "2024-03-01 08:15:02", 60, "voice", "610-01-2201-33"),
        CallRow(3, "+22793076419", "+22376123456", "2024-03-01 09:00:00", 0, "sms", "610-01-2201-33"),
    ]


def test_tab_with_00_prefixed_numbers_and_compact_dates(tmp_path: Path) -> None:
    text = (
        "A_NUMBER\tB_NUMBER\tTIMESTAMP\tDURATION\tCELL_ID\n"
        "0022376123456\t0022793076419\t20240301081502\t12\t4401\n"
        "0022793076419\t0022376123456\t20240301235900\t7\t4401\n"
    )
    path = write(tmp_path, text)
    layout = cdr_layout(path)
    assert layout.csv.delimiter == "\t"
    assert layout.date_format == "yyyymmddhhmmss"
    assert [r.started_at for r in iter_cdr(layout)] == ["2024-03-01 08:15:02", "2024-03-01 23:59:00"]


def test_utf8_bom_and_trailing_delimiter(tmp_path: Path) -> None:
    text = "Numéro A;Numéro B;Date et heure;Durée;\n76123456;93076419;05-03-2024 10:00:00;3;\n"
    rows = parse(write(tmp_path, text, "utf-8-sig"))
    assert rows == [CallRow(2, "76123456", "93076419", "2024-03-05 10:00:00", 3, "voice")]


def test_target_centric_layout_with_direction(tmp_path: Path) -> None:
    text = (
        "Numéro cible;Correspondant;Sens;Date;Heure;Durée;Type\n"
        "76123456;93076419;Sortant;01/03/2024;08:15;30;Voix\n"
        "76123456;66554433;Entrant;01/03/2024;09:40:12;;SMS\n"
        "76123456;66554433;OUT;01/03/2024;10:00:00;5;Voice\n"
        "76123456;66554433;???;01/03/2024;10:05:00;5;Voix\n"
    )
    path = write(tmp_path, text)
    layout = cdr_layout(path)
    assert layout.target_centric
    assert layout.stamp_columns == (3, 4)
    assert parse(path) == [
        CallRow(2, "76123456", "93076419", "2024-03-01 08:15:00", 30, "voice"),
        CallRow(3, "66554433", "76123456", "2024-03-01 09:40:12", None, "sms"),
        CallRow(4, "76123456", "66554433", "2024-03-01 10:00:00", 5, "voice"),
        RowError(5, parse(path)[-1].message),
    ]
    assert "???" in parse(path)[-1].message


def test_target_centric_direction_read_from_the_type_column(tmp_path: Path) -> None:
    text = "MSISDN;Other party;Event type;Call date\n76123456;93076419;MO-SMS;2024-03-01 08:00:00\n"
    text += "76123456;93076419;MTC;2024-03-01 08:01:00\n"
    rows = parse(write(tmp_path, text))
    assert [(r.caller_raw, r.callee_raw, r.call_type) for r in rows] == [
        ("76123456", "93076419", "sms"),
        ("93076419", "76123456", "voice"),
    ]


def test_date_only_start_and_separate_start_time(tmp_path: Path) -> None:
    text = "Appelant;Appelé;Date début;Heure début\n76123456;93076419;01/03/2024;07:05:09\n"
    assert parse(write(tmp_path, text))[0].started_at == "2024-03-01 07:05:09"
    text = "Appelant;Appelé;Date\n76123456;93076419;01/03/2024\n"
    assert parse(write(tmp_path, text, name="d.csv"))[0].started_at == "2024-03-01 00:00:00"


def test_bad_rows_are_reported_by_line_and_parsing_goes_on(tmp_path: Path) -> None:
    text = (
        "Appelant;Appelé;Date/Heure;Durée;Type\n"
        "76123456;93076419;01/03/2024 08:15:02;125;Voix\n"  # 2
        "76123456;93076419;01/03/2024 08:15:02;125\n"  # 3: field count
        ";;01/03/2024 08:15:02;1;Voix\n"  # 4: no number
        "76123456;93076419;31/02/2024 08:15:02;1;Voix\n"  # 5: no such day
        "76123456;93076419;01/03/2024 08:61:00;1;Voix\n"  # 6: minute 61
        "76123456;93076419;01/03/2024 08:15:02;-4;Voix\n"  # 7: duration
        "76123456;93076419;01/03/2024 08:15:02;1;Fax\n"  # 8: type
        ";;;;\n"  # 9: blank, skipped
        "76123456;93076419;01/03/2024 08:15:02;1;Voix;extra\n"  # 10: field count
        "76123456;93076419;1/3/2024 8:15;1;Voix\n"  # 11: slow path, fine
    )
    rows = parse(write(tmp_path, text))
    assert [(type(r).__name__, r.line) for r in rows] == [
        ("CallRow", 2), ("RowError", 3), ("RowError", 4), ("RowError", 5), ("RowError", 6),
        ("RowError", 7), ("RowError", 8), ("RowError", 10), ("CallRow", 11),
    ]  # fmt: skip
    assert rows[-1].started_at == "2024-03-01 08:15:00"
    assert "expected 5 fields, found 4" in rows[1].message
    assert "31/02/2024" in rows[3].message


def test_latin1_byte_late_in_a_utf8_file_is_decoded_as_cp1252(tmp_path: Path) -> None:
    head = "Appelant;Appelé;Date/Heure;Durée;Cellule\n".encode()
    line = "76123456;93076419;01/03/2024 08:15:02;125;Bamako Médina\n".encode()
    count = SAMPLE_BYTES // len(line) + 10
    late = "76123456;93076419;02/03/2024 08:15:02;9;Ségou\n".encode("latin-1")
    path = tmp_path / "mixed.csv"
    path.write_bytes(head + line * count + late)
    layout = cdr_layout(path)
    assert layout.encoding == "utf-8"
    rows = list(iter_cdr(layout))
    assert len(rows) == count + 1
    assert rows[-1] == CallRow(count + 2, "76123456", "93076419", "2024-03-02 08:15:02", 9, "voice", "Ségou")
    assert rows[0].cell_id == "Bamako Médina"


def test_quoted_field_with_newline_keeps_physical_line_numbers(tmp_path: Path) -> None:
    text = (
        "Appelant,Appelé,Date,Cellule\r\n"
        '76123456,93076419,01/03/2024 08:00:00,"Site\r\nGao Nord"\r\n'
        "76123456,93076419,01/03/2024 09:00:00,Gao\r\n"
    )
    rows = parse(write(tmp_path, text))
    assert [(r.line, r.cell_id) for r in rows] == [(2, "Site\r\nGao Nord"), (4, "Gao")]


def test_unknown_layouts_raise_evidence_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "Produit;Prix;Quantité\nRiz;12000;3\nMil;9000;2\n", name="stock.csv")
    with pytest.raises(EvidenceError) as caught:
        cdr_layout(path)
    assert caught.value.path == str(path)
    assert "no caller/callee column: found columns Produit, Prix, Quantité" in caught.value.message
    assert "--kind document" in caught.value.message
    path = write(tmp_path, "Appelant;Appelé;Durée\n76123456;93076419;3\n", name="nodate.csv")
    with pytest.raises(EvidenceError, match="no date column"):
        cdr_layout(path)
    path = write(tmp_path, "Appelant;Appelé;Date\n76123456;93076419;hier soir\n" * 3, name="words.csv")
    with pytest.raises(EvidenceError, match="unknown format"):
        cdr_layout(path)
    path = write(tmp_path, "Cible;Correspondant;Date\n76123456;93076419;01/03/2024\n", name="nodir.csv")
    with pytest.raises(EvidenceError, match="no direction column"):
        cdr_layout(path)


def test_stops_early_and_closes_the_file(tmp_path: Path) -> None:
    text = "Appelant;Appelé;Date\n" + "76123456;93076419;01/03/2024 08:00:00\n" * 1000
    rows = iter_cdr(cdr_layout(write(tmp_path, text)))
    assert next(rows).line == 2
    rows.close()


def test_cdr_score() -> None:
    assert cdr_score(["Appelant", "Appelé", "Date/Heure", "Durée", "Cellule", "IMEI"]) == 1.0
    assert cdr_score(["Numéro cible", "Correspondant", "Sens", "Date"]) == 0.8
    assert cdr_score(["Numéro", "Nom et prénoms", "Pièce d'identité"]) == 0.0
    assert 0 < cdr_score(["MSISDN", "Nom", "Date d'activation"]) < 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25/03/2024 14:05:00", "2024-03-25 14:05:00"),
        ("25-03-2024 14:05", "2024-03-25 14:05:00"),
        ("25.03.24 14h05", "2024-03-25 14:05:00"),
        ("2024-03-25T14:05:00.123Z", "2024-03-25 14:05:00"),
        ("2024/03/25 14:05:00+01:00", "2024-03-25 14:05:00"),
        ("20240325140500", "2024-03-25 14:05:00"),
        ("20240325", "2024-03-25 00:00:00"),
        ("25 mars 2024 14h05", "2024-03-25 14:05:00"),
        ("29/02/2023 10:00:00", None),
        ("25/03/2024 24:00:00", None),
        ("demain", None),
    ],
)
def test_parse_timestamp(text: str, expected: str | None) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("125", 125), (" 42 ", 42), ("12,0", 12), ("02:05", 125), ("01:00:05", 3605), ("2 min 5 s", 125),
     ("", None), ("-4", -1), ("1_000", -1), ("abc", -1)],
)  # fmt: skip
def test_read_duration(text: str, expected: int | None) -> None:
    assert read_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Voix", ("voice", None)), ("MOC", ("voice", "out")), ("SMS-MT", ("sms", "in")),
     ("MO-SMS", ("sms", "out")), ("Texto", ("sms", None)), ("GPRS", ("data", None)),
     ("Appel entrant", ("voice", "in")), ("IN", (None, "in")), ("Fax", (None, None))],
)  # fmt: skip
def test_classify_event(text: str, expected: tuple[str | None, str | None]) -> None:
    assert classify_event(text) == expected


# ----- generated files: every good row comes back with its values and line, every bad row as RowError


HEADERS = {
    "caller": ["Appelant", "Numéro A", "MSISDN A", "A_NUMBER", "Calling number", "Émetteur"],
    "callee": ["Appelé", "Numéro B", "B-Party", "Called number", "Destinataire"],
    "start": ["Date/Heure", "Date et heure", "DateHeureDebut", "Start time", "Timestamp", "Début"],
    "duration": ["Durée", "Durée (s)", "Duration", "Call duration"],
    "type": ["Type", "Type appel", "Call type", "Service"],
}
FORMATS = {
    "%d/%m/%Y %H:%M:%S": "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M": "%Y-%m-%d %H:%M:00",
    "%d-%m-%Y %H:%M:%S": "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S": "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S": "%Y-%m-%d %H:%M:%S",
    "%Y%m%d%H%M%S": "%Y-%m-%d %H:%M:%S",
}
TYPES = {"Voix": "voice", "Voice": "voice", "MOC": "voice", "SMS": "sms", "Texto": "sms", "SMS-MT": "sms"}
numbers = st.builds(
    lambda prefix, digits: prefix + digits,
    st.sampled_from(["", "+223", "00223", "+227"]),
    st.text("0123456789", min_size=8, max_size=8),
)
good_rows = st.tuples(
    numbers,
    numbers,
    st.datetimes(datetime(2015, 1, 1), datetime(2030, 12, 31)).map(lambda d: d.replace(microsecond=0)),
    st.integers(0, 20000),
    st.sampled_from(sorted(TYPES)),
)
bad_kinds = st.sampled_from(["fields", "date", "numbers", "duration"])


@st.composite
def cdr_files(draw: st.DrawFn) -> tuple[bytes, str, list[tuple[int, object]]]:
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    fmt = draw(st.sampled_from(sorted(FORMATS)))
    header = [draw(st.sampled_from(HEADERS[f])) for f in ("caller", "callee", "start", "duration", "type")]
    clock = draw(st.booleans())  # duration written mm:ss / hh:mm:ss instead of seconds
    rows = draw(st.lists(good_rows, min_size=6, max_size=25))
    bad = draw(st.lists(st.tuples(st.integers(0, 24), bad_kinds), max_size=2))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline, quoting=quoting)
    preamble = draw(
        st.lists(st.sampled_from(["Opérateur : Réseau Fictif", "Période : mars 2024"]), max_size=3)
    )
    for title in preamble:
        out.write(title + newline)
    writer.writerow(header)
    line = len(preamble) + 1
    expected: list[tuple[int, object]] = []
    bad_at = dict(bad)
    for i, (a, b, when, seconds, kind) in enumerate(rows):
        if draw(st.booleans()) and i % 4 == 0:
            out.write(newline)
            line += 1
        h, rest = divmod(seconds, 3600)
        duration = (
            (f"{h:02d}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}")
            if clock
            else str(seconds)
        )
        cells = [a, b, when.strftime(fmt), duration, kind]
        line += 1
        problem = bad_at.get(i)
        if problem == "fields":
            cells.append("surplus")
        elif problem == "date":
            cells[2] = "99/99/2024 10:00:00"
        elif problem == "numbers":
            cells[0] = cells[1] = ""
        elif problem == "duration":
            cells[3] = "n/a"
        writer.writerow(cells)
        if problem:
            expected.append((line, RowError))
        else:
            started = when.strftime(FORMATS[fmt])
            expected.append((line, CallRow(line, a, b, started, seconds, TYPES[kind])))
    return out.getvalue().encode(encoding), fmt, expected


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cdr_files())
def test_generated_files_round_trip(tmp_path_factory: pytest.TempPathFactory, generated: tuple) -> None:
    data, _fmt, expected = generated
    path = tmp_path_factory.mktemp("gen") / "cdr.csv"
    path.write_bytes(data)
    rows = list(iter_cdr(cdr_layout(path)))
    assert [r.line for r in rows] == [line for line, _ in expected]
    for row, (_line, want) in zip(rows, expected, strict=True):
        if want is RowError:
            assert type(row) is RowError
        else:
            assert row == want


JUNK_TEXT = st.text(";,\t|\"'\r\n 0123456789/:-AaéTZ+", max_size=400)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=800), JUNK_TEXT.map(lambda t: ("Appelant;Appelé;Date\n" + t).encode())))
def test_arbitrary_content_raises_only_evidence_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("junk") / "junk.csv"
    path.write_bytes(data)
    try:
        rows = list(iter_cdr(cdr_layout(path)))
    except EvidenceError as exc:
        assert exc.path == str(path)
        return
    assert all(type(r) in (CallRow, RowError) for r in rows)
    assert all(r.line > 1 for r in rows)


def test_fast_formats_agree_with_the_general_reader() -> None:
    base = datetime(2024, 2, 27, 21, 58, 7)
    for step in range(0, 200):
        when = base + timedelta(minutes=17 * step)
        for fmt in FORMATS:
            text = when.strftime(fmt)
            reads = {f.name: f.read(text) for f in FAST_FORMATS if f.read(text) is not None}
            assert reads, text
            assert set(reads.values()) == {parse_timestamp(text)}, text
