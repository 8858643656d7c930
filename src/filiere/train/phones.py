"""Phone numbers for generated people: valid for the country's numbering plan, and written the many ways
intercept clerks and operators write them ("96 44 21 70", "00227 96442170", "+227-96-44-21-70")."""

from __future__ import annotations

import random

import phonenumbers

# Mobile prefixes per country calling code (the start of the national significant number) and its length.
MOBILE_PLANS: dict[str, tuple[tuple[str, ...], int]] = {
    "ML": (("76", "77", "78", "79", "66", "65", "70", "75"), 8),
    "NE": (("96", "97", "98", "99", "90", "91", "93", "94", "88", "89"), 8),
    "BF": (("70", "71", "72", "76", "78", "60", "61", "65"), 8),
    "SN": (("77", "78", "76", "70"), 9),
    "NG": (("803", "806", "813", "816", "703", "706", "805", "807", "815", "905"), 10),
    "GH": (("24", "54", "55", "20", "50", "27"), 9),
    "LY": (("91", "92", "94"), 9),
    "DZ": (("55", "66", "77", "69"), 9),
    "MR": (("22", "36", "46"), 8),
}

OPERATORS: dict[str, tuple[str, ...]] = {
    "ML": ("Orange Mali", "Moov Africa Malitel"),
    "NE": ("Airtel Niger", "Moov Africa Niger", "Zamani Telecom"),
    "BF": ("Orange Burkina", "Moov Africa Burkina", "Telecel Faso"),
    "SN": ("Orange Sénégal", "Free Sénégal", "Expresso"),
    "NG": ("MTN Nigeria", "Airtel Nigeria", "Glo Mobile"),
    "GH": ("MTN Ghana", "Telecel Ghana", "AirtelTigo"),
    "LY": ("Libyana", "Al Madar"),
    "DZ": ("Mobilis", "Djezzy", "Ooredoo Algérie"),
    "MR": ("Mauritel", "Mattel", "Chinguitel"),
}


def draw_number(rng: random.Random, country: str, taken: set[str]) -> str:
    """A valid, unused mobile number of `country` in E.164."""
    prefixes, length = MOBILE_PLANS[country]
    code = phonenumbers.country_code_for_region(country)
    for _attempt in range(1000):
        prefix = rng.choice(prefixes)
        national = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix)))
        number = f"+{code}{national}"
        if number in taken:
            continue
        parsed = phonenumbers.parse(number)
        if phonenumbers.is_valid_number(parsed):
            taken.add(number)
            return number
    raise RuntimeError(f"no valid mobile number found for {country}")


def national_digits(e164: str) -> str:
    return str(phonenumbers.parse(e164).national_number)


def written(e164: str, rng: random.Random, home: str) -> str:
    """The number as a clerk in `home` country would write it: national and grouped at home, with the
    international prefix abroad, in one of the usual styles."""
    parsed = phonenumbers.parse(e164)
    national = str(parsed.national_number)
    code = str(parsed.country_code)
    region = phonenumbers.region_code_for_number(parsed)
    if region == home and rng.random() < 0.8:
        if len(national) == 8:
            return grouped(national)
        if rng.random() < 0.5:
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        return national if region not in ("NG", "GH") else "0" + national
    style = rng.randrange(4)
    if style == 0:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if style == 1:
        return f"00{code} {national}"
    if style == 2:
        return f"+{code}{national}"
    return f"00{code} {grouped(national)}"


def grouped(national: str) -> str:
    """Digits in pairs, an odd-length number opening with a group of three ("816 74 06 81")."""
    head = 3 if len(national) % 2 else 2
    rest = national[head:]
    return " ".join([national[:head], *(rest[i : i + 2] for i in range(0, len(rest), 2))])


def operator_of(rng: random.Random, country: str) -> str:
    return rng.choice(OPERATORS[country])
