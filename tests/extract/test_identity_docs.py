"""Identity documents: kind, number, issuing country and forgery."""

from __future__ import annotations

from filiere.extract.identity_docs import find_identity_docs
from filiere.extract.mention import Context

CTX = Context(region="ML")


def _found(text: str) -> list[tuple[str, dict]]:
    mentions = find_identity_docs(text, CTX)
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.type == "document"
    return [(m.text, m.value) for m in mentions]


def test_passport_and_id_card_numbers() -> None:
    found = _found("Il présentait un passeport n° A01234567 et une CNI n° 123456789.")
    assert found == [
        ("A01234567", {"kind": "passport", "number": "A01234567", "country": None, "forged": False}),
        ("123456789", {"kind": "id_card", "number": "123456789", "country": None, "forged": False}),
    ]


def test_number_a_few_words_after_the_document() -> None:
    text = "Ma carte d'identité porte le numéro 2 118 2001 00457. Sa CNIB porte le n° B20334455."
    assert [(t, v["kind"]) for t, v in _found(text)] == [
        ("2 118 2001 00457", "id_card"),
        ("B20334455", "id_card"),
    ]
    [(number, value)] = _found("She handed over her passport, B3345120, at the airport.")
    assert number == "B3345120" and value["kind"] == "passport"
    [(_, value)] = _found("Le passeport. Le numéro 1234567 est celui du chauffeur.")
    assert value["number"] is None  # another sentence


def test_english_number_and_nationality() -> None:
    [(text, value)] = _found("She carried a Nigerian passport number A12345678 issued in Lagos.")
    assert text == "A12345678"
    assert value["country"] == "NG" and value["number"] == "A12345678"


def test_forged_documents() -> None:
    found = _found("Le faussaire lui a vendu un faux passeport malien et une carte d'identité falsifiée.")
    assert [(t, v["kind"], v["country"], v["forged"]) for t, v in found] == [
        ("faux passeport malien", "passport", "ML", True),
        ("carte d'identité falsifiée", "id_card", None, True),
    ]
    assert _found("a fake ID card")[0][1]["forged"] is True


def test_other_kinds() -> None:
    text = (
        "Il avait une carte consulaire, un acte de naissance, un laissez-passer, une carte CEDEAO, "
        "un titre de séjour italien, a residence permit and a driving licence."
    )
    assert [(v["kind"], v["country"]) for _, v in _found(text)] == [
        ("consular_card", None),
        ("birth_certificate", None),
        ("laissez_passer", None),
        ("id_card", None),
        ("residence_permit", "IT"),
        ("residence_permit", None),
        ("driving_licence", None),
    ]


def test_country_named_after() -> None:
    [(text, value)] = _found("Passeport du Niger : 10PC12345 saisi.")
    assert text == "10PC12345"
    assert value["country"] == "NE" and value["number"] == "10PC12345"


def test_no_number_from_unrelated_digits() -> None:
    [(_, value)] = _found("Ses passeports 2 fois confisqués.")
    assert value["number"] is None
    assert _found("la cni était perdue; le pass sanitaire") == []  # acronym only in capitals


def test_empty() -> None:
    assert _found("") == []
