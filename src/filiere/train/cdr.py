"""`render_cdr(scenario, out_dir, rows)`: the operators' answers to a CDR requisition, one CSV per operator
holding member lines, streamed at any size.

Every call and SMS of the scenario is a row (in the caller's operator's file), among background traffic:
calls with other members on days without a story call between them, with travellers and their families,
with popular and personal noise numbers. Rows are drawn chunk by chunk with a seeded numpy generator (a
chunk is a run of minutes holding at most `chunk_rows` rows), so ten million rows never sit in memory
and the same seed writes the same bytes.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np

from filiere.train.cdr_layouts import MAX_DURATION, RowFormat
from filiere.train.cdr_plan import FilePlan, Period, plan_files
from filiere.train.cdr_pool import Pool, noise_numbers, number_pool, total_rows
from filiere.train.files import FileRecord, generated_banner
from filiere.train.scenario import Scenario, rng_for

__all__ = ["CHUNK_ROWS", "cdr_row_count", "noise_numbers", "render_cdr"]

CHUNK_ROWS = 65_536
SMS_SHARE = 0.22
INCOMING_SHARE = 0.45
# Calls per hour of the day, relative (night is quiet, evenings busy).
DIURNAL = np.array([2, 1, 1, 1, 1, 2, 5, 8, 10, 10, 9, 9, 10, 9, 8, 8, 9, 10, 11, 12, 12, 10, 7, 4], float)


def render_cdr(
    scenario: Scenario, out_dir: Path, rows: int | None = None, *, chunk_rows: int = CHUNK_ROWS
) -> list[FileRecord]:
    """Write the CDR files into `out_dir`; `rows` rows in all (default: the size's), at least every call."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pool = number_pool(scenario, rows)
    plans, period = plan_files(scenario, pool, rows)
    story_keys = _story_keys(scenario, pool, period)
    month = max(c.when for c in scenario.calls).strftime("%Y-%m") if scenario.calls else "0000-00"
    records = []
    for plan in plans:
        if plan.background + plan.story_rows == 0:
            continue
        name = f"cdr_{_slug(plan.operator)}_{month}.csv"
        written, seen = _write(scenario, plan, pool, period, story_keys, out_dir / name, chunk_rows)
        people = {scenario.lines[pool.e164[i]].user for i in np.flatnonzero(seen)}
        records.append(FileRecord(name, "cdr", shows=set(plan.topics), people=people, records=written))
    return records


def cdr_row_count(scenario: Scenario, rows: int | None = None) -> int:
    """Rows render_cdr writes in all: `rows` (or the size's), raised to the number of calls if below."""
    return max(total_rows(scenario, rows), len(scenario.calls))


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "_".join("".join(c if c.isalnum() else " " for c in folded).split())


def _story_keys(scenario: Scenario, pool: Pool, period: Period) -> np.ndarray:
    """(pair of lines, day) of every story call, so background calls between them avoid those days."""
    index = {n: i for i, n in enumerate(pool.e164[: pool.lines])}
    keys = [
        _pair_day(index[c.caller_line], index[c.callee_line], period.seconds(c.when) // 86400, len(pool.e164))
        for c in scenario.calls
    ]
    return np.unique(np.array(keys, dtype=np.int64))


def _pair_day(a, b, day, size: int):
    low, high = np.minimum(a, b), np.maximum(a, b)
    return (low * size + high) * 4096 + day


def _write(
    scenario: Scenario,
    plan: FilePlan,
    pool: Pool,
    period: Period,
    story_keys: np.ndarray,
    path: Path,
    chunk_rows: int,
) -> tuple[int, np.ndarray]:
    layout = plan.layout
    rng = np.random.default_rng(rng_for(scenario.seed, f"cdr-rows:{plan.operator}").getrandbits(128))
    minutes = period.days * 1440
    per_day = rng.gamma(6.0, 1 / 6.0, period.days)
    weights = (per_day[:, None] * np.repeat(DIURNAL, 60)[None, :]).ravel()
    counts = rng.multinomial(plan.background, weights / weights.sum())
    cum = np.cumsum(counts)
    numbers = pool.written(layout.numbers, plan.country, scenario.case_country)
    fmt = RowFormat(layout, numbers, period.first_day, period.days, plan.cells, plan.imeis, plan.imsis)
    story = plan.story
    seen = np.zeros(pool.lines, dtype=bool)
    written = 0
    with open(path, "w", encoding=layout.encoding, newline="") as out:
        out.write("# " + generated_banner(layout.language, scenario.seed) + layout.newline)
        out.write(layout.header_line)
        start = 0
        while start < minutes:
            before = int(cum[start - 1]) if start else 0
            end = max(start + 1, int(np.searchsorted(cum, before + chunk_rows, side="right")))
            end = min(end, minutes)
            chunk = _background(rng, plan, pool, start, end, counts, story_keys)
            lo, hi = np.searchsorted(story["stamp"], [start * 60, end * 60])
            if hi > lo:
                chunk = {k: np.concatenate([v, story[k][lo:hi]]) for k, v in chunk.items()}
                order = np.argsort(chunk["stamp"], kind="stable")
                chunk = {k: v[order] for k, v in chunk.items()}
            if len(chunk["stamp"]):
                out.write(fmt.text(chunk))
                written += len(chunk["stamp"])
                seen[chunk["subject"]] = True
                contacts = chunk["contact"]
                seen[contacts[contacts < pool.lines]] = True
            start = end
    return written, seen


def _background(
    rng: np.random.Generator,
    plan: FilePlan,
    pool: Pool,
    start: int,
    end: int,
    counts: np.ndarray,
    story_keys: np.ndarray,
) -> dict[str, np.ndarray]:
    """The background rows of minutes [start, end), time-ordered."""
    minute = np.repeat(np.arange(start, end, dtype=np.int64), counts[start:end])
    k = len(minute)
    stamp = np.sort(minute * 60 + rng.integers(0, 60, k))
    handset = np.minimum(np.searchsorted(plan.volume, rng.random(k), side="right"), len(plan.subjects) - 1)
    entry = np.searchsorted(plan.book_cum, handset + rng.random(k), side="right")
    entry = np.minimum(entry, len(plan.book_contact) - 1)
    contact = plan.book_contact[entry]
    subject = plan.subjects[handset]
    member = plan.book_member[entry]
    if member.any():
        keys = _pair_day(subject[member], contact[member], stamp[member] // 86400, len(pool.e164))
        clash = np.zeros(k, dtype=bool)
        clash[np.flatnonzero(member)[np.isin(keys, story_keys)]] = True
        contact[clash] = plan.fallback[handset[clash]]
    sms = rng.random(k) < SMS_SHARE
    voice = np.clip(rng.lognormal(np.log(70.0), 0.95, k), 3, MAX_DURATION).astype(np.int64)
    pick = np.minimum(rng.geometric(0.5, k) - 1, plan.home_len[handset] - 1)
    return {
        "stamp": stamp,
        "handset": handset,
        "contact": contact,
        "incoming": rng.random(k) < INCOMING_SHARE,
        "sms": sms,
        "duration": np.where(sms, 0, voice),
        "cell": plan.home_cells[plan.home_start[handset] + pick],
        "subject": subject,
    }
