"""Money-transfer channels, with brand names that are also ordinary words kept apart."""

from __future__ import annotations

from filiere.extract.channels import find_channels
from filiere.extract.mention import Context

CTX = Context(region="NE")


def _found(text: str) -> list[tuple[str, str]]:
    mentions = find_channels(text, CTX)
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.type == "channel"
    return [(m.text, m.value["channel"]) for m in mentions]


def test_mobile_money_and_transfer_companies() -> None:
    text = "Envoie les 150 000 par Orange Money, ou par Wave, sinon Western Union ou MoneyGram."
    assert _found(text) == [
        ("Orange Money", "orange_money"),
        ("Wave", "wave"),
        ("Western Union", "western_union"),
        ("MoneyGram", "moneygram"),
    ]


def test_english_and_other_brands() -> None:
    text = "He paid via MTN MoMo, then Airtel Money, Moov Money and Ria Money Transfer; the rest by hawala."
    assert [c for _, c in _found(text)] == ["mtn_momo", "airtel_money", "moov_money", "ria", "hawala"]


def test_cash_and_bank() -> None:
    text = "Le reste en espèces, de main à main; le patron a fait un virement bancaire. Paid in cash."
    assert [c for _, c in _found(text)] == ["cash", "cash", "bank_transfer", "cash"]


def test_canonical_names() -> None:
    mentions = find_channels("transfert par western-union et orange money", CTX)
    assert [m.value["name"] for m in mentions] == ["Western Union", "Orange Money"]


def test_ordinary_words_and_names_need_capitals_or_context() -> None:
    assert _found("the wave was high; Ria said no; Western Sahara; an om") == []
    assert _found("He sent it through Ria. Envoyé par Western. Par OM.") == [
        ("Ria", "ria"),
        ("Western", "western_union"),
        ("OM", "orange_money"),
    ]


def test_empty() -> None:
    assert _found("") == []


def test_sms_style_lower_case_after_a_transfer_word() -> None:
    assert _found("slt, envoi 20mil sur wave stp, ou par om") == [("wave", "wave"), ("om", "orange_money")]
    assert _found("prends une Moov pour appeler") == []  # a SIM card, not a payment
