"""Subscriber lists from operators: columns recognised, split columns joined, bad rows by line.

All names, numbers and documents below are fictional.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.errors import EvidenceError
from filiere.ingest.records import RowError, SubscriberRow
from filiere.ingest.subscribers import iter_subscribers, subscriber_layout, subscriber_score


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "abonnes.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def parse(path: Path) -> list[SubscriberRow | RowError]:
    return list(iter_subscribers(subscriber_layout(path)))


def test_french_list_with_preamble_latin1(tmp_path: Path) -> None:
    text = (
        "Réponse à réquisition n° 2024/117\r\n"
        "Numéro;Nom et prénoms;Pièce d'identité;Date d'activation;Opérateur;Adresse\r\n"
        "76123456;KONÉ Mariam;CNI 1234567;15/01/2023;Réseau Fictif;Bamako, Hamdallaye\r\n"
        "93076419;DIALLO Seydou;;2022-11-03 10:12:00;Réseau Fictif;\r\n"
        ";SANOGO Awa;;;;\r\n"
    )
    path = write(tmp_path, text, "cp1252")
    rows = parse(path)
    assert rows[:2] == [
        SubscriberRow(
            3, "76123456", "KONÉ Mariam", "CNI 1234567", "2023-01-15", "Réseau Fictif", "Bamako, Hamdallaye"
        ),
        SubscriberRow(4, "93076419", "DIALLO Seydou", None, "2022-11-03", "Réseau Fictif", None),
    ]
    assert type(rows[2]) is RowError and rows[2].line == 5
    assert subscriber_layout(path).encoding == "cp1252"


def test_split_name_id_and_address_columns_are_joined(tmp_path: Path) -> None:
    text = (
        "MSISDN,Surname,First name,ID type,ID number,Activation date,Network,Address,Quartier\n"
        "+22793076419,MAÏGA,Issa Boubacar,Passport,B0012345,not known,Fictel,Rue 12,Lazaret\n"
    )
    assert parse(write(tmp_path, text)) == [
        SubscriberRow(2, "+22793076419", "MAÏGA Issa Boubacar", "Passport B0012345", "not known", "Fictel",
                      "Rue 12, Lazaret"),
    ]  # fmt: skip


def test_lone_nom_column_is_the_full_name(tmp_path: Path) -> None:
    rows = parse(write(tmp_path, "Numéro d'appel\tNom\n76123456\tTRAORÉ Bakary\n"))
    assert rows == [SubscriberRow(2, "76123456", "TRAORÉ Bakary", None, None, None)]


def test_field_count_errors_and_blank_lines(tmp_path: Path) -> None:
    text = "Numéro;Nom;Prénoms\n76123456;COULIBALY;Fanta\n\n93076419;OUEDRAOGO\n66554433;SOW;Ibrahima;x\n"
    rows = parse(write(tmp_path, text))
    assert [(type(r).__name__, r.line) for r in rows] == [
        ("SubscriberRow", 2),
        ("RowError", 4),
        ("RowError", 5),
    ]


def test_unknown_layout_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "Appelant;Appelé;Date\n76123456;93076419;01/03/2024\n", name="cdr.csv")
    with pytest.raises(EvidenceError) as caught:
        subscriber_layout(path)
    assert caught.value.path == str(path)
    assert "no phone number column: found columns Appelant, Appelé, Date" in caught.value.message
    path = write(tmp_path, "Numéro;Solde\n76123456;1500\n", name="solde.csv")
    with pytest.raises(EvidenceError, match="no subscriber name"):
        subscriber_layout(path)


def test_subscriber_score() -> None:
    assert subscriber_score(["Numéro", "Nom et prénoms", "CNI", "Date d'activation", "Adresse"]) == 1.0
    assert subscriber_score(["Appelant", "Appelé", "Date/Heure"]) == 0.0
    assert subscriber_score(["MSISDN", "Correspondant", "Sens", "Date"]) == 0.4


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=600),
        st.text(';,\t"\r\n 0123456789/-AaéÉ', max_size=300).map(lambda t: ("Numéro;Nom\n" + t).encode()),
    )
)
def test_arbitrary_content_raises_only_evidence_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("junk") / "junk.csv"
    path.write_bytes(data)
    try:
        rows = parse(path)
    except EvidenceError as exc:
        assert exc.path == str(path)
        return
    assert all(type(r) in (SubscriberRow, RowError) for r in rows)
    assert all(r.number_raw.strip() == r.number_raw != "" for r in rows if type(r) is SubscriberRow)
