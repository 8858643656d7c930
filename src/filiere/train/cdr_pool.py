"""The numbers a generated CDR shows: the scenario's lines, then 'noise' subscribers (shops, relatives,
anyone) of the countries where the network has lines, and the handsets (IMEI) and SIMs (IMSI) behind
the requisitioned lines.

Noise numbers are drawn per country from their own stream, so a bigger CDR only adds numbers after the
ones a smaller CDR of the same seed has: the first numbers of a country are its most called ones, and the
subscriber list can name them whatever the row count.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import phonenumbers

from filiere.train.cdr_layouts import layout_data
from filiere.train.phones import MOBILE_PLANS, OPERATORS, draw_number
from filiere.train.scenario import SIZE_TABLE, Line, Scenario, rng_for

MIN_NOISE, MAX_NOISE, ROWS_PER_NOISE = 150, 20_000, 60
POPULAR = 8  # per country: the shop, the brother, the mosque's imam... called by every line there


@cache
def _code_countries() -> dict[str, str]:
    return {str(phonenumbers.country_code_for_region(c)): c for c in MOBILE_PLANS}


def split_e164(e164: str) -> tuple[str, str, str]:
    """(country, calling code, national digits) of a generated number."""
    for size in (1, 2, 3):
        country = _code_countries().get(e164[1 : 1 + size])
        if country:
            return country, e164[1 : 1 + size], e164[1 + size :]
    raise ValueError(f"no country for {e164}")


def total_rows(scenario: Scenario, rows: int | None) -> int:
    return SIZE_TABLE[scenario.size].cdr_rows if rows is None else rows


def member_lines(scenario: Scenario) -> list[str]:
    return sorted(n for n, line in scenario.lines.items() if scenario.people[line.user].is_member)


def noise_counts(scenario: Scenario, rows: int | None = None) -> dict[str, int]:
    """Noise numbers per country: most in the case's country, some in each country with a member line."""
    total = min(MAX_NOISE, max(MIN_NOISE, total_rows(scenario, rows) // ROWS_PER_NOISE))
    countries = sorted({split_e164(n)[0] for n in member_lines(scenario)} | {scenario.case_country})
    weights = {c: 3 if c == scenario.case_country else 1 for c in countries}
    return {c: max(POPULAR * 3, total * w // sum(weights.values())) for c, w in weights.items()}


def noise_numbers(scenario: Scenario, rows: int | None = None) -> list[str]:
    """Every noise number the CDR of `rows` rows (default: the size's) may show, E.164, sorted.

    None of them belongs to the network: truth.json can list them as numbers to leave out."""
    return sorted(n for numbers in _noise(scenario, rows).values() for n in numbers)


def _noise(scenario: Scenario, rows: int | None) -> dict[str, list[str]]:
    out = {}
    for country, count in noise_counts(scenario, rows).items():
        rng = rng_for(scenario.seed, f"cdr-noise:{country}")
        taken = set(scenario.lines)
        out[country] = [draw_number(rng, country, taken) for _ in range(count)]
    return out


def popular_numbers(scenario: Scenario, country: str) -> list[str]:
    """The most called noise numbers of `country` (in every CDR of this seed that has the country)."""
    rng = rng_for(scenario.seed, f"cdr-noise:{country}")
    taken = set(scenario.lines)
    return [draw_number(rng, country, taken) for _ in range(POPULAR)]


@dataclass(frozen=True)
class Pool:
    """All numbers of one CDR rendering: scenario lines first (sorted), then noise per country."""

    e164: list[str]
    country: list[str]
    cc: list[str]
    nsn: list[str]
    lines: int  # the first `lines` numbers are scenario lines
    noise: dict[str, list[int]]  # country -> indexes of its noise numbers, most called first

    def written(self, style: str, home: str, case_country: str) -> list[str]:
        from filiere.train.cdr_layouts import written_number

        return [
            written_number(c, cc, nsn, style, home, case_country)
            for c, cc, nsn in zip(self.country, self.cc, self.nsn, strict=True)
        ]


def number_pool(scenario: Scenario, rows: int | None) -> Pool:
    e164 = sorted(scenario.lines)
    lines = len(e164)
    noise: dict[str, list[int]] = {}
    for country, numbers in _noise(scenario, rows).items():
        noise[country] = list(range(len(e164), len(e164) + len(numbers)))
        e164.extend(numbers)
    parts = [split_e164(n) for n in e164]
    return Pool(e164, [p[0] for p in parts], [p[1] for p in parts], [p[2] for p in parts], lines, noise)


def imei_for(seed: int, person_id: str) -> str:
    """One handset per person (the organiser's two SIMs sit in one dual-SIM phone): TAC, serial, Luhn."""
    rng = rng_for(seed, f"imei:{person_id}")
    body = rng.choice(layout_data()["tacs"]) + f"{rng.randrange(10**6):06d}"
    total = 0
    for i, ch in enumerate(reversed(body)):
        digit = int(ch) * (2 if i % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return body + str((10 - total % 10) % 10)


def mnc_for(operator: str, country: str) -> str:
    return f"{OPERATORS[country].index(operator) + 1:02d}"


def imsi_for(seed: int, line: Line, country: str) -> str:
    rng = rng_for(seed, f"imsi:{line.number}")
    return layout_data()["mcc"][country] + mnc_for(line.operator, country) + f"{rng.randrange(10**10):010d}"
