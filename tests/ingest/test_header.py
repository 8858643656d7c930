"""The `Key: value` header reader: spellings, separators, where the header ends, nothing dropped."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filiere.ingest.header import (
    Header,
    KeyLine,
    make_vocabulary,
    normalise_key,
    parse_header,
    read_key_line,
    slug_key,
    split_lines,
)
from filiere.ingest.interview import INTERVIEW_KEYS
from filiere.ingest.transcript import TRANSCRIPT_KEYS

VOCAB = make_vocabulary(TRANSCRIPT_KEYS)


@pytest.mark.parametrize(
    ("key", "folded"),
    [
        ("Réf.", "ref"),
        ("REF", "ref"),
        ("N° PV", "no pv"),
        ("Nº PV", "no pv"),
        ("Né(e) le", "ne"),
        ("Prénom(s)", "prenom"),
        ("Nom et prénoms", "nom prenom"),
        ("Date/Time", "date time"),
        ("Date et heure", "date heure"),
        ("  Ligne   ÉCOUTÉE ", "ligne ecoutee"),
        ("Passport no.", "passport no"),
        ("à", "à"),
        ("A", "a"),
        ("De", "de"),
    ],
)
def test_normalise_key(key: str, folded: str) -> None:
    assert normalise_key(key) == folded


def test_slug_key() -> None:
    assert slug_key("Service enquêteur") == "service_enqueteur"
    assert slug_key("  N° scellé ") == "n_scelle"


def test_split_lines_keeps_offsets_and_numbers() -> None:
    text = "a\r\nbb\rccc\n\nd"
    lines = split_lines(text)
    assert [line.text for line in lines] == ["a", "bb", "ccc", "", "d"]
    assert [line.number for line in lines] == [1, 2, 3, 4, 5]
    for line in lines:
        assert text[line.start : line.end] == line.text


SAMPLE = """\
RÉPUBLIQUE DU NIGER
PROCÈS-VERBAL DE RETRANSCRIPTION D'ÉCOUTE
Service enquêteur : BR Agadez
Réf. : PV n° 0142/BR-AGZ/2025
LIGNE ECOUTEE - +227 96 12 34 56
Date : 13/04/2025      Heure : 21:04
Durée .......... 00:03:12
Appelant:
Appelé\t+218 92 345 6789

Observations : RAS
OPJ : Sgt ISSOUFOU
Date : 14/04/2025

MOUSSA : Allô ?
"""


def test_header_sample() -> None:
    header = parse_header(SAMPLE, VOCAB)
    assert header.values == {
        "service_enqueteur": "BR Agadez",
        "reference": "PV n° 0142/BR-AGZ/2025",
        "target_line": "+227 96 12 34 56",
        "date": "13/04/2025",
        "time": "21:04",
        "duration": "00:03:12",
        "caller": "",
        "callee": "+218 92 345 6789",
        "notes": "RAS",
        "officer": "Sgt ISSOUFOU",
        "date_2": "14/04/2025",
    }
    assert header.lines["reference"] == 4
    assert header.lines["time"] == 6
    assert header.lines["date_2"] == 13
    assert header.raw_keys["target_line"] == "LIGNE ECOUTEE"
    assert header.start == SAMPLE.index("Service")
    assert SAMPLE[header.end :].lstrip().startswith("MOUSSA")
    assert header.end_line == 13
    for key, (start, end) in header.spans.items():
        assert SAMPLE[start:end] == header.values[key]


def test_unknown_keys_after_a_blank_line_need_a_known_key_in_their_block() -> None:
    text = "Date : 13/04/2025\nDurée : 3 min\n\nA : Allô\nB : Oui\n"
    header = parse_header(text, VOCAB)
    assert set(header.values) == {"date", "duration"}
    assert header.end == text.index("\n\n") + 1


def test_stop_predicate_ends_the_header() -> None:
    text = "Date : 13/04/2025\nMOUSSA : Allô\n"

    def stop(pair: KeyLine, header: Header) -> bool:
        return pair.raw_key == "MOUSSA"

    assert set(parse_header(text, VOCAB).values) == {"date", "moussa"}
    assert set(parse_header(text, VOCAB, stop=stop).values) == {"date"}


def test_dash_separator_only_for_known_keys() -> None:
    text = "Date - 13/04/2025\nQuelque chose - autre\n"
    header = parse_header(text, VOCAB)
    assert header.values == {"date": "13/04/2025"}


def test_no_header() -> None:
    header = parse_header("Il était une fois.\nRien ici.\n", VOCAB)
    assert header.values == {} and header.end_line == 0 and header.end == 0


def test_start_offset() -> None:
    text = "Date : 01/01/2025\n\nTexte\nDate : 02/02/2025\n"
    header = parse_header(text, VOCAB, start=text.index("Texte"))
    assert header.values == {"date": "02/02/2025"}
    assert header.lines["date"] == 4


def test_read_key_line_rejects_sentences() -> None:
    line = split_lines("Il a dit, en partant : demain.")[0]
    assert read_key_line(line, VOCAB) is None
    assert read_key_line(split_lines("21:04 départ")[0], VOCAB) is None


# --- properties -----------------------------------------------------------------------------------


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


VOCABULARIES = {"transcript": TRANSCRIPT_KEYS, "interview": INTERVIEW_KEYS}
value_text = st.from_regex(r"[A-Za-z0-9+/ÉéèàçÀ'()]{1,12}( [A-Za-z0-9+/éè'()]{1,10}){0,3}", fullmatch=True)
unknown_keys = st.from_regex(r"Zz[a-z]{2,8}( [a-z]{2,6})?", fullmatch=True)


@st.composite
def written_keys(
    draw: st.DrawFn, spellings: dict[str, tuple[str, ...]], vocab: dict[str, str]
) -> tuple[str, str]:
    canonical = draw(st.sampled_from(sorted(spellings)))
    spelling = draw(st.sampled_from((canonical.replace("_", " "), *spellings[canonical])))
    variant = draw(st.sampled_from([str, str.upper, str.lower, str.title, _strip_accents]))(spelling)
    if vocab.get(normalise_key(variant)) != canonical:
        variant = spelling
    if vocab.get(normalise_key(variant)) != canonical:
        # A spelling shared by two keys (e.g. "Numéro"): the first one declared owns it.
        canonical = vocab[normalise_key(variant)]
    variant = variant + draw(st.sampled_from(["", ".", " "]))
    if variant.endswith(".") and vocab.get(normalise_key(variant)) != canonical:
        variant = variant[:-1]
    return canonical, variant


@st.composite
def headers(draw: st.DrawFn) -> tuple[str, str, dict[str, str], dict[str, str]]:
    kind = draw(st.sampled_from(sorted(VOCABULARIES)))
    spellings = VOCABULARIES[kind]
    vocab = make_vocabulary(spellings)
    pairs = draw(
        st.lists(
            st.tuples(written_keys(spellings, vocab), value_text),
            min_size=1,
            max_size=8,
            unique_by=lambda p: p[0][0],
        )
    )
    unknown = draw(
        st.lists(st.tuples(unknown_keys, value_text), max_size=3, unique_by=lambda p: slug_key(p[0]))
    )
    lines = [
        draw(st.sampled_from(["PROCÈS-VERBAL", "TRANSCRIPT OF INTERCEPTED CALL", "", "RÉPUBLIQUE DU MALI"]))
    ]
    expected: dict[str, str] = {}
    entries: list[tuple[str, str, bool]] = [(key, value, True) for (_, key), value in pairs]
    entries[1:1] = [(key, value, False) for key, value in unknown]
    for (canonical, _), value in pairs:
        expected[canonical] = value
    for key, value in unknown:
        expected[slug_key(key)] = value
    for key, value, known in entries:
        separator = draw(st.sampled_from([":", " : ", " :", ": ", "  :  "]))
        if known:
            separator = draw(st.sampled_from([separator, " - ", " — ", " .......... ", "\t"]))
        indent = draw(st.sampled_from(["", "", "  "]))
        lines.append(f"{indent}{key}{separator}{value}")
    lines += ["", "MOUSSA : Allô ?", "IBRAHIM : Oui."]
    return kind, "\n".join(lines) + "\n", expected, vocab


@given(headers())
def test_generated_headers_round_trip(case: tuple[str, str, dict[str, str], dict[str, str]]) -> None:
    _kind, text, expected, vocab = case
    header = parse_header(text, vocab)
    assert header.values == expected
    for key, (start, end) in header.spans.items():
        assert text[start:end] == header.values[key]
    assert "MOUSSA" in text[header.end :]


@given(st.text(max_size=300), st.sampled_from(sorted(VOCABULARIES)))
def test_arbitrary_text_never_raises_and_spans_hold(text: str, kind: str) -> None:
    header = parse_header(text, make_vocabulary(VOCABULARIES[kind]))
    assert 0 <= header.start <= header.end <= len(text)
    for key, (start, end) in header.spans.items():
        assert text[start:end] == header.values[key]
