"""Plan the operator CDR files of a case before any row is written: one file per operator holding member
lines (the requisitioned lines), the period, each line's contact book (other members, travellers and
their families, popular and personal noise numbers), its cells near home, and the story calls it carries.

Everything is small (books of a few thousand entries at most) and held as numpy arrays, so the row
generator in cdr.py only draws indexes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from filiere.extract.gazetteer import place
from filiere.train.cdr_layouts import Layout, layout_data, layout_for
from filiere.train.cdr_pool import (
    POPULAR,
    Pool,
    imei_for,
    imsi_for,
    member_lines,
    mnc_for,
    split_e164,
    total_rows,
)
from filiere.train.scenario import Scenario, rng_for

ROLE_VOLUME = {"organiser": 3.0, "financier": 2.5, "recruiter": 2.0, "ghetto_keeper": 2.0, "transporter": 1.5}
SECOND_SIM_VOLUME = 0.4
# Who, besides members, calls the travellers and who calls their families at home.
CALLS_TRAVELLERS = ("organiser", "recruiter", "ghetto_keeper", "transporter", "guide")
CALLS_FAMILIES = ("organiser", "financier", "recruiter")
CELLS_PER_TOWN = 6


@dataclass(frozen=True)
class Period:
    first_day: date
    days: int

    def seconds(self, when: datetime) -> int:
        return int((when - datetime.combine(self.first_day, datetime.min.time())).total_seconds())


class CellBook:
    """Cell names of one operator, town by town, drawn once per town."""

    def __init__(self, scenario: Scenario, operator: str, country: str, layout: Layout):
        self.scenario, self.operator, self.country, self.layout = scenario, operator, country, layout
        self.names: list[str] = []
        self.towns: dict[str, list[int]] = {}

    def of(self, town: str) -> list[int]:
        if town not in self.towns:
            rng = rng_for(self.scenario.seed, f"cells:{self.operator}:{town}")
            lac = rng.randrange(1000, 9999)
            mcc = layout_data()["mcc"][self.country]
            mnc = mnc_for(self.operator, self.country)
            found = []
            for _ in range(CELLS_PER_TOWN):
                ci = rng.randrange(10000, 65535)
                if self.layout.cell == "lac_ci":
                    name = f"{lac}-{ci}"
                elif self.layout.cell == "cgi":
                    name = f"{mcc}-{mnc}-{lac}-{ci}"
                else:
                    name = f"{town_code(town)}-{ci % 10000:04d}"
                found.append(len(self.names))
                self.names.append(name)
            self.towns[town] = found
        return self.towns[town]


@dataclass
class FilePlan:
    operator: str
    country: str
    layout: Layout
    subjects: np.ndarray  # pool indexes of the requisitioned lines of this operator
    users: list[str]
    volume: np.ndarray  # cumulative share of the rows per subject
    book_cum: np.ndarray  # subject s's book: values in (s, s + 1]
    book_contact: np.ndarray
    book_member: np.ndarray
    fallback: np.ndarray  # per subject: the number called instead of a member on a story day
    cellbook: CellBook
    home_start: np.ndarray
    home_len: np.ndarray
    home_cells: np.ndarray
    imeis: list[str]
    imsis: list[str]
    weight: float  # share of the background rows
    story: dict[str, np.ndarray] = field(default_factory=dict)
    topics: set[str] = field(default_factory=set)
    background: int = 0

    @property
    def cells(self) -> list[str]:
        return self.cellbook.names

    @property
    def story_rows(self) -> int:
        return len(self.story["stamp"])


def period_of(scenario: Scenario) -> Period:
    """The requisition period: two weeks before the first call to a week after the last."""
    first = min([scenario.start, *(c.when.date() for c in scenario.calls)]) - timedelta(days=14)
    last = max([scenario.start, *(c.when.date() for c in scenario.calls)]) + timedelta(days=7)
    return Period(first, (last - first).days + 1)


def town_code(place_id: str) -> str:
    """ "AGD" for Agadez, "SBH" for Sebha: the first letter and the next consonants of the name."""
    found = place(place_id)
    text = unicodedata.normalize("NFKD", found.name if found else place_id)
    letters = [c for c in text.upper() if "A" <= c <= "Z"]
    consonants = [c for c in letters[1:] if c not in "AEIOUY"]
    return "".join([*letters[:1], *consonants][:3]).ljust(3, "X")


def _pair_counts(scenario: Scenario) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for call in scenario.calls:
        key = tuple(sorted((call.caller, call.callee)))
        counts[key] = counts.get(key, 0) + 1
    return counts


def _book(scenario: Scenario, pool: Pool, number: str, rng, rows_hint: int) -> list[tuple[int, float, bool]]:
    """(pool index, weight, is a member line) for one requisitioned line."""
    line = scenario.lines[number]
    person = scenario.people[line.user]
    second_sim = person.phones.index(number) > 0
    country = split_e164(number)[0]
    index = {n: i for i, n in enumerate(pool.e164[: pool.lines])}
    pairs = _pair_counts(scenario)
    book: list[tuple[int, float, bool]] = []
    members = [n for n in member_lines(scenario) if scenario.lines[n].user != person.id]
    weights = [1 + 3 * pairs.get(tuple(sorted((person.id, scenario.lines[n].user))), 0) for n in members]
    share = 0.7 if second_sim else 0.12
    book += [(index[n], share * w / sum(weights), True) for n, w in zip(members, weights, strict=True)]
    others = sorted(
        n
        for n, li in scenario.lines.items()
        if (scenario.people[li.user].role in ("victim", "migrant") and person.role in CALLS_TRAVELLERS)
        or (scenario.people[li.user].role == "family" and person.role in CALLS_FAMILIES)
    )
    if others and not second_sim:
        book += [(index[n], 0.08 / len(others), False) for n in others]
    # a few numbers everyone in the country calls (a shop, a garage), a few each, not a hub
    popular = rng.sample(pool.noise[country][:POPULAR], k=1 if second_sim else 3)
    book += [(i, (0.3 if second_sim else 0.1) / len(popular), False) for i in popular]
    if not second_sim:
        own = pool.noise[country][POPULAR:]
        personal = rng.sample(own, k=min(len(own), max(10, min(2000, rows_hint // 150))))
        foreign = [i for c in sorted(pool.noise) if c != country for i in pool.noise[c][POPULAR:]]
        personal += rng.sample(foreign, k=min(len(foreign), len(personal) // 10))
        zipf = [1 / (r + 1) for r in range(len(personal))]
        book += [(i, 0.7 * z / sum(zipf), False) for i, z in zip(personal, zipf, strict=True)]
    return book


def plan_files(scenario: Scenario, pool: Pool, rows: int | None) -> tuple[list[FilePlan], Period]:
    """One plan per operator with member lines, story calls placed, background rows allocated."""
    period = period_of(scenario)
    by_operator: dict[str, list[str]] = {}
    for number in member_lines(scenario):
        by_operator.setdefault(scenario.lines[number].operator, []).append(number)
    total = max(total_rows(scenario, rows), len(scenario.calls))
    volumes = {n: _volume(scenario, n) for n in member_lines(scenario)}
    plans = []
    for operator in sorted(by_operator):
        numbers = by_operator[operator]
        hints = [int(total * volumes[n] / sum(volumes.values())) for n in numbers]
        plans.append(_plan(scenario, pool, operator, numbers, [volumes[n] for n in numbers], hints))
    _place_story(scenario, pool, plans, period)
    _allocate(plans, [p.weight for p in plans], total - len(scenario.calls))
    return plans, period


def _volume(scenario: Scenario, number: str) -> float:
    """How much a line is used, relative: the organiser's trip SIM little, his main line most."""
    person = scenario.people[scenario.lines[number].user]
    return SECOND_SIM_VOLUME if person.phones.index(number) else ROLE_VOLUME.get(person.role, 1.0)


def _plan(
    scenario: Scenario,
    pool: Pool,
    operator: str,
    numbers: list[str],
    volumes: list[float],
    hints: list[int],
) -> FilePlan:
    country = split_e164(numbers[0])[0]
    layout = layout_for(operator)
    rng = rng_for(scenario.seed, f"cdr-plan:{operator}")
    cells = CellBook(scenario, operator, country, layout)
    index = {n: i for i, n in enumerate(pool.e164[: pool.lines])}
    cum, contacts, member_flags, fallback, starts, lens, home = [], [], [], [], [], [], []
    for s, number in enumerate(numbers):
        book = _book(scenario, pool, number, rng, hints[s])
        weights = np.array([w for _i, w, _m in book])
        running = np.cumsum(weights) / weights.sum()
        running[-1] = 1.0
        cum.append(s + running)
        contacts += [i for i, _w, _m in book]
        member_flags += [m for _i, _w, m in book]
        fallback.append(next(i for i, _w, _m in book if i >= pool.lines))
        town_cells = cells.of(scenario.people[scenario.lines[number].user].town)
        chosen = rng.sample(town_cells, k=rng.randint(2, 4))
        starts.append(len(home))
        lens.append(len(chosen))
        home += chosen
    share = np.cumsum(volumes) / sum(volumes)
    share[-1] = 1.0
    return FilePlan(
        operator=operator,
        country=country,
        layout=layout,
        subjects=np.array([index[n] for n in numbers], dtype=np.int64),
        users=[scenario.lines[n].user for n in numbers],
        volume=share,
        book_cum=np.concatenate(cum),
        book_contact=np.array(contacts, dtype=np.int64),
        book_member=np.array(member_flags, dtype=bool),
        fallback=np.array(fallback, dtype=np.int64),
        cellbook=cells,
        home_start=np.array(starts, dtype=np.int64),
        home_len=np.array(lens, dtype=np.int64),
        home_cells=np.array(home, dtype=np.int64),
        imeis=[imei_for(scenario.seed, scenario.lines[n].user) for n in numbers],
        imsis=[imsi_for(scenario.seed, scenario.lines[n], country) for n in numbers],
        weight=sum(volumes),
    )


def _place_story(scenario: Scenario, pool: Pool, plans: list[FilePlan], period: Period) -> None:
    """Each story call goes to the file of the caller's operator, seen from the caller's line."""
    index = {n: i for i, n in enumerate(pool.e164[: pool.lines])}
    events = {e.id: e for e in scenario.events}
    by_operator = {p.operator: p for p in plans}
    rows: dict[str, list[tuple]] = {p.operator: [] for p in plans}
    for call in scenario.calls:
        incoming = scenario.lines[call.caller_line].operator not in by_operator
        own, other = (
            (call.callee_line, call.caller_line) if incoming else (call.caller_line, call.callee_line)
        )
        plan = by_operator[scenario.lines[own].operator]
        s = int(np.flatnonzero(plan.subjects == index[own])[0])
        cell = int(plan.home_cells[plan.home_start[s]])
        ev = events.get(call.topic or "")
        found = place(ev.place) if ev else None
        if ev and found and found.country == plan.country and scenario.lines[own].user in ev.actors:
            town_cells = plan.cellbook.of(ev.place)
            cell = town_cells[int(call.id[1:]) % len(town_cells)]
        rows[plan.operator].append(
            (period.seconds(call.when), s, index[other], incoming, call.sms, call.duration, cell)
        )
        if call.topic:
            plan.topics.add(call.topic)
    for plan in plans:
        found = sorted(rows[plan.operator], key=lambda r: r[0])
        columns = list(zip(*found, strict=True)) if found else [[] for _ in range(7)]
        names = ("stamp", "handset", "contact", "incoming", "sms", "duration", "cell")
        dtypes = (np.int64, np.int64, np.int64, bool, bool, np.int64, np.int64)
        plan.story = {n: np.array(c, dtype=t) for n, c, t in zip(names, columns, dtypes, strict=True)}
        plan.story["subject"] = plan.subjects[plan.story["handset"]]


def _allocate(plans: list[FilePlan], weights: list[float], background: int) -> None:
    """Background rows per file, proportional to the files' volumes, summing exactly to `background`."""
    total = sum(weights)
    exact = [background * w / total for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(plans)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: background - sum(counts)]:
        counts[i] += 1
    for plan, count in zip(plans, counts, strict=True):
        plan.background = count
