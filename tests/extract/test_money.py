"""Money amounts with their currency, in digits and in words, and what must not be read as money."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from filiere.extract.mention import Context
from filiere.extract.money import currency_after, currency_before, find_money, parse_amount
from tests.extract.test_numwords import english, french

DATA = Path(__file__).resolve().parents[2] / "src" / "filiere" / "data" / "money" / "currencies.yaml"


def _found(text: str, region: str | None = "ML") -> list[tuple[str, int | float, str | None]]:
    mentions = find_money(text, Context(region=region))
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.type == "money"
        assert set(m.value) == {"amount", "currency"}
    return [(m.text, m.value["amount"], m.value["currency"]) for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KADER : Quatre ont payé 150 000 F chacun.", [("150 000 F", 150_000, "XOF")]),
        ("Il a versé 150.000 francs au coxeur", [("150.000 francs", 150_000, "XOF")]),
        ("Chacun donne 150 mille, pas plus.", [("150 mille", 150_000, "XOF")]),
        ("Le chef a payé 1,5 million pour le camion", [("1,5 million", 1_500_000, "XOF")]),
        ("Pour le groupe il faut payer un million cinq.", [("un million cinq", 1_500_000, "XOF")]),
        (
            "Il m'a donné deux millions cent mille (francs)",
            [("deux millions cent mille (francs)", 2_100_000, "XOF")],
        ),
        ("On a payé cent cinquante mille par tête.", [("cent cinquante mille", 150_000, "XOF")]),
        ("They sent 300 000 by Western Union.", [("300 000", 300_000, "XOF")]),
        ("The madam says each girl owes €2,500.", [("€2,500", 2500, "EUR")]),
        ("C'est 2 500 € par personne jusqu'en Italie", [("2 500 €", 2500, "EUR")]),
        ("He paid N500,000 in Kano", [("N500,000", 500_000, "NGN")]),
        ("Le transport coûte 5 millions de FCFA", [("5 millions de FCFA", 5_000_000, "XOF")]),
        ("soixante-quinze mille francs", [("soixante-quinze mille francs", 75_000, "XOF")]),
        ("Il demande soixante-quinze mille chacun", [("soixante-quinze mille", 75_000, "XOF")]),
        ("10 000 FCFA CEMAC", [("10 000 FCFA CEMAC", 10_000, "XAF")]),
        ("5 000 XAF", [("5 000 XAF", 5000, "XAF")]),
        ("500 dinars libyens", [("500 dinars libyens", 500, "LYD")]),
        ("300 LD pour la nuit", [("300 LD", 300, "LYD")]),
        ("2000 DH à Oujda", [("2000 DH", 2000, "MAD")]),
        ("3 000 DA", [("3 000 DA", 3000, "DZD")]),
        ("GH₵ 200 for the bus", [("GH₵ 200", 200, "GHS")]),
        ("1 500 cedis", [("1 500 cedis", 1500, "GHS")]),
        ("US$2,500 cash", [("US$2,500", 2500, "USD")]),
        ("700 dollars", [("700 dollars", 700, "USD")]),
        ("2 000 dalasis", [("2 000 dalasis", 2000, "GMD")]),
        ("50 balles", [("50 balles", 50, "XOF")]),
        ("150.000f", [("150.000f", 150_000, "XOF")]),
        ("5000F", [("5000F", 5000, "XOF")]),
        ("1.5m naira", [("1.5m naira", 1_500_000, "NGN")]),
        ("paid 150k upfront", [("150k", 150_000, "XOF")]),
        ("il a payé 12,50 €", [("12,50 €", 12.5, "EUR")]),
        ("paid 1,500.75 dollars", [("1,500.75 dollars", 1500.75, "USD")]),
        ("a million and a half naira", [("a million and a half naira", 1_500_000, "NGN")]),
        ("two hundred and fifty thousand cedis", [("two hundred and fifty thousand cedis", 250_000, "GHS")]),
        (
            "entre 100 000 et 150 000 F",
            [("100 000", 100_000, "XOF"), ("150 000 F", 150_000, "XOF")],
        ),
        (
            "Il envoie 50 000 au 76 45 90 12 ce soir, par Orange Money.",
            [("50 000", 50_000, "XOF")],
        ),
    ],
)
def test_amounts(text: str, expected: list) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Il y avait cent cinquante mille personnes au marché.",  # no money cue
        "Quatre ont dormi au ghetto, deux sont partis.",
        "son grand frère envoie le reste par Orange Money au 76 45 90 12",
        "Le 13/04/2025 à 21h04, il a payé au chauffeur.",
        "payé en 2024, reçu le 2025-04-13",
        "il a payé au 76 451 290",
        "paid 0022376123456 twice",
        "payé 96123456",
        "on a marché 1500m, payé rien",
        "la N1 vers Zinder, payé rien",
        "il a payé cent et quelques mille francs",  # vague: no value
        "Il a payé deux fois, trois fois.",  # below 1,000 without a currency
        "IMEI 356938035643809 payé",
    ],
)
def test_not_money(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JEAN : Combien ?\nPAUL : Cent cinquante mille, comme avant.", ("Cent cinquante mille", 150_000)),
        ("Mets 500 mille dans l'enveloppe.", ("500 mille", 500_000)),
        ("Apporte 20 000 pour le gasoil", ("20 000", 20_000)),
        ("He said two hundred thousand, not less.", ("two hundred thousand", 200_000)),
    ],
)
def test_round_amount_said_aloud(text: str, expected: tuple[str, int]) -> None:
    mentions = find_money(text, Context(region="NE"))
    assert [(m.text, m.value["amount"], m.value["currency"], m.confidence) for m in mentions] == [
        (*expected, "XOF", 0.6)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Il y a cent mille habitants à Agadez.",
        "Entre 20 000 à 30 000 migrants passent chaque année.",
        "Entre 20 000 et 30 000 migrants passent chaque année.",
        "Il a vendu trois sacs de mil, payé rien.",
        "Il a marché 15 000 km pour rien.",
        "On était 1 500.",  # not a round thousand-multiple >= 10,000
        "reçu le dossier 25000.",  # plain digits: a reference, not a round amount said aloud
    ],
)
def test_round_amount_rule_leaves_counts(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chacun apporte 50mil pour le passeur", [("50mil", 50_000, "XOF")]),
        ("He asked for one point five million naira", [("one point five million naira", 1_500_000, "NGN")]),
        ("He paid N1.2m in Lagos", [("N1.2m", 1_200_000, "NGN")]),
        ("It cost GH¢ 8,000 to Accra", [("GH¢ 8,000", 8000, "GHS")]),
    ],
)
def test_more_written_forms(text: str, expected: list) -> None:
    assert _found(text) == expected


def test_currency_from_region_when_none_written() -> None:
    assert _found("payé 150 000 chacun", "NG") == [("150 000", 150_000, "NGN")]
    mentions = find_money("payé 150 000 chacun", Context())
    assert [(m.value, m.confidence) for m in mentions] == [({"amount": 150_000, "currency": None}, 0.5)]


def test_written_currency_beats_region() -> None:
    assert _found("payé 150 000 F", "NG") == [("150 000 F", 150_000, "XOF")]
    assert _found("500 FCFA", "TD") == [("500 FCFA", 500, "XAF")]  # FCFA in Chad is the CEMAC franc


def test_dinars_resolved_by_region_then_places_then_default() -> None:
    assert _found("500 dinars", "DZ") == [("500 dinars", 500, "DZD")]
    assert _found("À Tamanrasset il a payé 500 dinars", None) == [("500 dinars", 500, "DZD")]
    mentions = find_money("il a payé 500 dinars", Context())
    assert [(m.value["currency"], m.confidence) for m in mentions] == [("LYD", 0.8)]


def test_confidence_levels() -> None:
    text = "payé 150 000 F, puis 200 000 chacun"
    assert [m.confidence for m in find_money(text, Context(region="ML"))] == [1.0, 0.7]


def test_helpers() -> None:
    assert currency_after("150 000 francs CFA", 7) == (18, "francs CFA")
    assert currency_after("150 000 pour", 7) is None
    assert currency_before("€2,500", 1) == (0, "€")
    assert parse_amount("2.500,50") == 2500.5
    assert parse_amount("150 000") == 150_000
    assert parse_amount("abc") is None


def test_data_file_names_its_source() -> None:
    data = yaml.safe_load(DATA.read_text("utf-8"))
    assert "ISO 4217" in data["source"]
    codes = {c["code"] for c in data["currencies"]}
    assert {"XOF", "XAF", "EUR", "LYD", "NGN", "GHS", "MAD", "DZD", "USD", "GMD"} <= codes
    assert all(len(c["code"]) == 3 and c["code"].isupper() for c in data["currencies"])


# --- generated amounts ---------------------------------------------------------------------------------

AFTER = [("F", "XOF"), ("FCFA", "XOF"), ("F CFA", "XOF"), ("francs", "XOF"), ("euros", "EUR"), ("€", "EUR")]
AFTER += [("LD", "LYD"), ("DH", "MAD"), ("naira", "NGN"), ("cedis", "GHS"), ("dollars", "USD")]
BEFORE = [("€", "EUR"), ("$", "USD"), ("N", "NGN"), ("GH₵ ", "GHS"), ("USD ", "USD")]
AMOUNTS = st.integers(min_value=100, max_value=999_999_999)


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@settings(max_examples=300, deadline=None)
@given(
    n=AMOUNTS,
    sep=st.sampled_from([" ", ".", "\u00a0", "\u202f", ",", ""]),
    currency=st.sampled_from(AFTER),
    region=st.sampled_from(["ML", "NE", "LY", None]),
)
def test_generated_digit_amounts_after(
    n: int, sep: str, currency: tuple[str, str], region: str | None
) -> None:
    raw = f"{_grouped(n, sep)} {currency[0]}"
    text = f"Le passeur a dit : {raw} chacun, tu envoies au 76 12 34 56."
    assert _found(text, region) == [(raw, n, currency[1])]


@settings(max_examples=200, deadline=None)
@given(n=AMOUNTS, sep=st.sampled_from([",", " ", ""]), currency=st.sampled_from(BEFORE))
def test_generated_digit_amounts_before(n: int, sep: str, currency: tuple[str, str]) -> None:
    raw = f"{currency[0]}{_grouped(n, sep)}"
    text = f"She said the fee is {raw}, then 21:04 on 13/04/2025."
    assert _found(text, "NG") == [(raw, n, currency[1])]


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=2, max_value=999_999_999))
def test_generated_amounts_in_words(n: int) -> None:
    millions, rest = divmod(n, 1_000_000)
    if millions and 1 <= rest <= 9:
        n += 10  # keep clear of the "un million cinq" speech reading
    words = french(n)
    assert _found(f"Il m'a envoyé {words} francs hier.") == [(f"{words} francs", n, "XOF")]
    words = english(n)
    assert _found(f"He sent {words} naira yesterday.") == [(f"{words} naira", n, "NGN")]
