"""Phone numbers in transcripts and hearing records: every written form, and what must never be a phone."""

from __future__ import annotations

from datetime import date

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from filiere.extract.mention import Context
from filiere.extract.phones import find_phones


def _found(text: str, region: str | None = "ML") -> list[tuple[str, str | None]]:
    mentions = find_phones(text, Context(region=region))
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.type == "phone"
    return [(m.text, m.value) for m in mentions]


@pytest.mark.parametrize(
    ("region", "text", "raw", "e164"),
    [
        (
            "ML",
            "son grand frère envoie le reste par Orange Money au 76 45 90 12",
            "76 45 90 12",
            "+22376459012",
        ),
        ("NE", "Ligne écoutée : 93 07 64 19 (Niamey)", "93 07 64 19", "+22793076419"),
        (None, "Appelant : 0022376123456", "0022376123456", "+22376123456"),
        (None, "il a donné le 00 223 76 12 34 56 à Moussa", "00 223 76 12 34 56", "+22376123456"),
        (None, "Numéro : +223-76-12-34-56.", "+223-76-12-34-56", "+22376123456"),
        ("ML", "Rappelle Aunty Fatou au +227 96.12.34.56 ce soir", "+227 96.12.34.56", "+22796123456"),
        ("NE", "le passeur de Sebha, (+218) 92 555 0147, attend", "(+218) 92 555 0147", "+218925550147"),
        ("NE", "export opérateur : 218925550147;", "218925550147", "+218925550147"),
        ("NE", "KADER : c'est le 96123456, tu notes ?", "96123456", "+22796123456"),
        ("NG", "Call the madam on 0803 123 4567 when you land", "0803 123 4567", "+2348031234567"),
        (
            "NE",
            "BABA : Écris : neuf six, douze, trente-quatre, cinquante-six.",
            "neuf six, douze, trente-quatre, cinquante-six",
            "+22796123456",
        ),
        (
            "NE",
            "He said nine six one two three four five six, then hung up.",
            "nine six one two three four five six",
            "+22796123456",
        ),
        (
            None,
            "c'est zéro zéro deux deux sept, quatre-vingt-seize, douze, trente-quatre, cinquante-six",
            "zéro zéro deux deux sept, quatre-vingt-seize, douze, trente-quatre, cinquante-six",
            "+22796123456",
        ),
        (
            "NE",
            "le numéro quatre-vingt-seize douze trente-quatre cinquante-six",
            "quatre-vingt-seize douze trente-quatre cinquante-six",
            "+22796123456",
        ),
        (
            None,
            "plus deux deux sept, neuf six, douze, trente-quatre, cinquante-six",
            "plus deux deux sept, neuf six, douze, trente-quatre, cinquante-six",
            "+22796123456",
        ),
    ],
)
def test_forms(region: str | None, text: str, raw: str, e164: str) -> None:
    assert _found(text, region) == [(raw, e164)]


@pytest.mark.parametrize(
    "text",
    [
        "Le 13/04/2025 à 21h04, appel de 3 minutes.",
        "13.04.2025 21:04:33",
        "2025-04-13T21:04:33",
        "le 13 04 2025",
        "Quatre ont payé 150 000 F chacun",
        "il reste 300 000 FCFA et 1 500 000 francs",
        "payé 150 000 000 en tout",
        "150000000 F",
        "€2,500,000",
        "IMEI : 356938035643809",
        "IMEI 35693803564380",
        "passeport n° 12345678",
        "plaque d'immatriculation 76123456",
        "en 1998 2002 2025",
        "pendant 48 heures, 3 ans, 72h",
        "la réf. 2025/00123/NE",
        "Il y avait un homme, deux femmes et trois enfants.",
    ],
)
def test_not_phones(text: str) -> None:
    assert _found(text) == []


def test_no_region_no_national_numbers() -> None:
    assert _found("appelle le 76 12 34 56", region=None) == []


def test_run_of_digits_is_split() -> None:
    assert _found("payé 300 000 76 12 34 56") == [("76 12 34 56", "+22376123456")]
    assert _found("76 12 34 56 66 12 34 56") == [
        ("76 12 34 56", "+22376123456"),
        ("66 12 34 56", "+22366123456"),
    ]


def test_invalid_number_kept_only_with_international_prefix() -> None:
    mentions = find_phones("composé le +223 12 34 56 78", Context(region="ML"))
    assert [(m.value, m.confidence) for m in mentions] == [("+22312345678", 0.6)]
    assert find_phones("composé le 12 34 56 78", Context(region="ML")) == []


def test_thousands_shape_without_money_is_low_confidence() -> None:
    mentions = find_phones("son numéro sénégalais 771 234 567", Context(region="SN"))
    assert [(m.value, m.confidence) for m in mentions] == [("+221771234567", 0.6)]
    assert find_phones("il a payé 771 234 567 au total", Context(region="SN")) == []


# --- generated numbers ---------------------------------------------------------------------------------

REGIONS = ["ML", "NE", "BF", "SN", "CI", "GH", "NG", "LY", "MA", "GM", "DZ", "TD"]


@st.composite
def phone_numbers(draw: st.DrawFn) -> phonenumbers.PhoneNumber:
    region = draw(st.sampled_from(REGIONS))
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    nsn = phonenumbers.national_significant_number(example)
    head = draw(st.sampled_from([nsn[:2], nsn[:1]]))
    tail = draw(st.text("0123456789", min_size=len(nsn) - len(head), max_size=len(nsn) - len(head)))
    number = phonenumbers.parse(f"+{example.country_code}{head}{tail}")
    assume(phonenumbers.is_valid_number(number))
    return number


def _pairs(digits: str, sep: str) -> str:
    head = len(digits) % 2
    groups = ([digits[:head]] if head else []) + [digits[i : i + 2] for i in range(head, len(digits), 2)]
    return sep.join(groups)


STYLES = [
    lambda n, cc, nsn: phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL),
    lambda n, cc, nsn: phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    lambda n, cc, nsn: f"+{cc}{nsn}",
    lambda n, cc, nsn: f"00{cc}{nsn}",
    lambda n, cc, nsn: f"00 {cc} {_pairs(nsn, ' ')}",
    lambda n, cc, nsn: f"+{cc}-{_pairs(nsn, '-')}",
    lambda n, cc, nsn: f"+{cc} {_pairs(nsn, '.')}",
    lambda n, cc, nsn: f"(+{cc}) {_pairs(nsn, ' ')}",
    lambda n, cc, nsn: f"{cc}{nsn}",
    lambda n, cc, nsn: nsn,
    lambda n, cc, nsn: _pairs(nsn, " "),
]
SENTENCES = [
    "Il a dit d'appeler le {} ce soir.",
    "KADER : Note, c'est {}, tu m'appelles quand tu es à Agadez.",
    "Send the money and call {} after.",
    "{}",
    "Tél. : {} / ligne secondaire inconnue",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(number=phone_numbers(), style=st.sampled_from(STYLES), sentence=st.sampled_from(SENTENCES))
def test_generated_numbers_found(number: phonenumbers.PhoneNumber, style, sentence: str) -> None:
    nsn = phonenumbers.national_significant_number(number)
    raw = style(number, number.country_code, nsn)
    text = sentence.format(raw)
    region = phonenumbers.region_code_for_number(number)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assert _found(text, region) == [(raw, e164)]


DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))
DATE_STYLES = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %m %Y", "%d/%m/%y", "%Y/%m/%d"]
TIME_STYLES = ["%Hh%M", "%H:%M:%S", "%H:%M", "%Hh", "%HH%M"]
CURRENCIES_AFTER = [
    "F",
    "FCFA",
    "F CFA",
    "francs",
    "€",
    "euros",
    "LD",
    "DH",
    "DA",
    "naira",
    "dollars",
    "cedis",
]
CURRENCIES_BEFORE = ["€", "$", "N", "GH₵ ", "USD "]


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@settings(max_examples=300, deadline=None)
@given(
    day=DATES,
    date_style=st.sampled_from(DATE_STYLES),
    seconds=st.integers(0, 86399),
    time_style=st.sampled_from(TIME_STYLES),
    amount=st.integers(1000, 999_999_999),
    sep=st.sampled_from([" ", ".", "\u00a0", ",", ""]),
    after=st.sampled_from(CURRENCIES_AFTER),
    before=st.sampled_from(CURRENCIES_BEFORE),
    region=st.sampled_from(REGIONS),
)
def test_dates_times_amounts_never_phones(
    day: date,
    date_style: str,
    seconds: int,
    time_style: str,
    amount: int,
    sep: str,
    after: str,
    before: str,
    region: str,
) -> None:
    hours, rest = divmod(seconds, 3600)
    clock_text = time_style.replace("%H", f"{hours:02d}").replace("%M", f"{rest // 60:02d}")
    clock_text = clock_text.replace("%S", f"{rest % 60:02d}")
    money = _grouped(amount, sep)
    text = (
        f"Le {day.strftime(date_style)} à {clock_text}, ils ont payé {money} {after} au chauffeur "
        f"et {before}{money} au coxeur, puis le {day.strftime(date_style)} encore {money}{after}."
    )
    assert _found(text, region) == []
