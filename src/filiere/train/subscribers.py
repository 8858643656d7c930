"""`render_subscribers(scenario, out_dir)`: the national operators' answer to a subscriber requisition for
the lines of the case's country seen in the case, with the traps investigators meet: a member's SIM
registered to his brother or mother, and the organiser's trip SIM registered under another spelling of
his name with a passport. A few of the most called noise numbers are listed too.

Layouts, documents, addresses and spellings are data (data/train/subscribers.yaml).
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from filiere.data import DATA_DIR, load_yaml
from filiere.extract.gazetteer import place
from filiere.security import csvsafe
from filiere.train.cdr_pool import popular_numbers, split_e164
from filiere.train.files import FileRecord, generated_banner
from filiere.train.phones import operator_of
from filiere.train.scenario import ENGLISH_COUNTRIES, Line, Scenario, name_pools, rng_for


@cache
def subscriber_data() -> dict[str, Any]:
    return load_yaml((DATA_DIR / "train" / "subscribers.yaml").read_text(encoding="utf-8"))


def other_spelling(given: str) -> str:
    """The same given name spelt another way, by the first rewrite of the data that changes it."""
    for pattern, replacement in subscriber_data()["spellings"]:
        changed = re.sub(pattern, replacement, given)
        if changed != given and changed:
            return changed
    return given + "e"


def render_subscribers(scenario: Scenario, out_dir: Path) -> list[FileRecord]:
    """Write the subscriber list into `out_dir` (one file for all the case country's operators)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    language = "en" if scenario.case_country in ENGLISH_COUNTRIES else "fr"
    spec = subscriber_data()["layouts"][language]
    month = max(c.when for c in scenario.calls).strftime("%Y-%m") if scenario.calls else "0000-00"
    rows: list[tuple[str, list[str]]] = []  # (operator, cells) to sort by operator
    people: set[str] = set()
    for number in sorted(scenario.lines):
        line = scenario.lines[number]
        if split_e164(number)[0] != scenario.case_country:
            continue
        people.add(line.user)
        if line.subscriber:
            people.add(line.subscriber)
        rows.append((line.operator, _line_row(scenario, line, language, spec)))
    rows += _noise_rows(scenario, language, spec)
    rows.sort(key=lambda r: (r[0], r[1][0]))
    name = spec["file"].format(month=month)
    with open(out_dir / name, "w", encoding="utf-8", newline="") as handle:
        handle.write("# " + generated_banner(language, scenario.seed) + "\n")
        writer = csvsafe.writer(handle, delimiter=spec["delimiter"], lineterminator="\n")
        writer.writerow(spec["header"])
        writer.writerows(cells for _operator, cells in rows)
    return [FileRecord(name, "subscribers", people=people, records=len(rows))]


def _line_row(scenario: Scenario, line: Line, language: str, spec: dict[str, Any]) -> list[str]:
    country, code, national = split_e164(line.number)
    holder = scenario.people.get(line.subscriber or "")
    if holder is None:  # nobody the operator knows: the SIM was sold without papers
        return [code + national, "", "", "", "", line.activated.strftime(spec["date"]), line.operator, ""]
    given, document = holder.given, _document(scenario.seed, holder.id, country, language, "id")
    if holder.id == line.user and holder.phones.index(line.number) > 0:
        # the trip SIM: bought with a passport, the clerk wrote the name as he heard it
        given = other_spelling(holder.given)
        document = _document(scenario.seed, holder.id, country, language, "passport")
    return [
        code + national,
        holder.family.upper(),
        given,
        *document,
        line.activated.strftime(spec["date"]),
        line.operator,
        _address(scenario, holder.id, holder.town, language),
    ]


def _document(seed: int, key: str, country: str, language: str, which: str) -> tuple[str, str]:
    rng = rng_for(seed, f"document:{which}:{key}")
    kinds = subscriber_data()["documents"][language]
    kind = "passport" if which == "passport" else ("voter" if rng.random() < 0.15 else "national")
    template = kinds[kind]
    number = re.sub(
        r"\{d(\d+)\}",
        lambda m: "".join(str(rng.randrange(10)) for _ in range(int(m[1]))),
        template["number"],
    )
    return template["type"], number.replace("{country}", country)


def _address(scenario: Scenario, key: str, town: str, language: str) -> str:
    rng = rng_for(scenario.seed, f"address:{key}")
    data = subscriber_data()["addresses"][language]
    words = {k: rng.choice(v) for k, v in sorted(data.items()) if k != "patterns"}
    return rng.choice(data["patterns"]).format(
        town=scenario.place_name(town), number=rng.randint(1, 240), **{k[:-1]: v for k, v in words.items()}
    )


def _noise_rows(scenario: Scenario, language: str, spec: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """A few of the most called noise numbers, with made-up holders who are nobody in the case."""
    country = scenario.case_country
    count = subscriber_data()["noise_rows"][scenario.size]
    rng = rng_for(scenario.seed, "subscribers:noise")
    pools = name_pools()["countries"][country]
    taken = {(p.given, p.family) for p in scenario.people.values()}
    member_families = {p.family for p in scenario.people.values() if p.is_member or p.role == "relative"}
    member_given = {
        p.given for p in scenario.people.values() if p.is_member
    }  # a member's given name is his alone
    towns = _towns(scenario)
    rows = []
    for number in popular_numbers(scenario, country)[:count]:
        _country, code, national = split_e164(number)
        for _attempt in range(100):
            sex = "f" if rng.random() < 0.4 else "m"
            given = rng.choice(pools["male" if sex == "m" else "female"])
            family = rng.choice(pools["family"])
            if (given, family) not in taken and family not in member_families and given not in member_given:
                break
        taken.add((given, family))
        operator = operator_of(rng_for(scenario.seed, f"subscribers:operator:{number}"), country)
        activated = scenario.start - timedelta(days=rng.randint(200, 3000))
        cells = [
            code + national,
            family.upper(),
            given,
            *_document(scenario.seed, number, country, language, "id"),
            activated.strftime(spec["date"]),
            operator,
            _address(scenario, number, rng.choice(towns), language),
        ]
        rows.append((operator, cells))
    return rows


def _towns(scenario: Scenario) -> list[str]:
    """Places of the route in the case's country (where its noise subscribers live)."""
    found = [p for p in scenario.route_places() if (hit := place(p)) and hit.country == scenario.case_country]
    found += [p.town for p in scenario.people.values() if p.country == scenario.case_country]
    return sorted(set(found)) or [scenario.route["hub"]["place"]]
