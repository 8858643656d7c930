"""Generated operator CDRs and subscriber lists: deterministic, every story call present, real ingest with
zero errors, relatives as subscribers, the organiser's dual-SIM handset, streaming in chunks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from filiere.ingest.cdr import cdr_layout, iter_cdr
from filiere.model.phones import normalise_phone
from filiere.store.tables import calls, subscribers
from filiere.train import cdr as cdr_module
from filiere.train.cdr import CHUNK_ROWS, cdr_row_count, render_cdr
from filiere.train.cdr_layouts import RowFormat
from filiere.train.cdr_pool import noise_numbers
from filiere.train.draw import draw_scenario
from filiere.train.scenario import Scenario
from filiere.train.subscribers import other_spelling, render_subscribers

ROWS = 1500


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return draw_scenario(1, "small", "mixed")  # case in Niger; a member's SIM registered to a relative


@pytest.fixture(scope="module")
def rendered(scenario: Scenario, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("evidence")
    records = render_cdr(scenario, out, rows=ROWS) + render_subscribers(scenario, out)
    return out, records


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_same_seed_same_bytes_other_seed_other_bytes(scenario: Scenario, rendered, tmp_path: Path) -> None:
    out, _records = rendered
    render_cdr(draw_scenario(1, "small", "mixed"), tmp_path / "again", rows=ROWS)
    render_subscribers(draw_scenario(1, "small", "mixed"), tmp_path / "again")
    assert _files(tmp_path / "again") == _files(out)
    render_cdr(draw_scenario(2, "small", "mixed"), tmp_path / "other", rows=ROWS)
    assert _files(tmp_path / "other") != {k: v for k, v in _files(out).items() if k.startswith("cdr_")}


def test_records_count_rows_shows_and_people(scenario: Scenario, rendered) -> None:
    out, records = rendered
    cdr = [r for r in records if r.kind == "cdr"]
    assert len(cdr) >= 2 and sum(r.records for r in cdr) == ROWS
    assert set().union(*(r.shows for r in cdr)) == {c.topic for c in scenario.calls if c.topic}
    assert {m.id for m in scenario.members()} <= set().union(*(r.people for r in cdr))
    for record in cdr:
        first = (out / record.name).read_bytes().split(b"\n", 1)[0]
        assert first.startswith(b"# ") and (b"seed 1 " in first or b"graine 1 " in first)
        stamps = [row.started_at for row in iter_cdr(cdr_layout(out / record.name))]
        assert len(stamps) == record.records and stamps == sorted(stamps)


def test_fewer_rows_than_calls_still_writes_every_call(scenario: Scenario, tmp_path: Path) -> None:
    records = render_cdr(scenario, tmp_path, rows=5)
    assert sum(r.records for r in records) == len(scenario.calls) == cdr_row_count(scenario, 5)


def test_rows_are_streamed_in_chunks(scenario: Scenario, tmp_path: Path, monkeypatch) -> None:
    sizes: list[int] = []
    original = RowFormat.text

    def spy(self: RowFormat, rows: dict) -> str:
        sizes.append(len(rows["stamp"]))
        return original(self, rows)

    monkeypatch.setattr(RowFormat, "text", spy)
    records = render_cdr(scenario, tmp_path, rows=200_000)
    assert sum(r.records for r in records) == sum(sizes) == 200_000
    assert max(sizes) <= CHUNK_ROWS + len(scenario.calls) < 200_000
    sizes.clear()
    render_cdr(scenario, tmp_path / "small", rows=200_000, chunk_rows=5_000)
    assert max(sizes) <= 5_000 + len(scenario.calls) and len(sizes) > 40


def test_organiser_sims_share_one_handset(scenario: Scenario, rendered) -> None:
    out, _records = rendered
    boss = scenario.people[scenario.key_player]
    assert len(boss.phones) == 2
    handsets = []
    for number in boss.phones:
        slug = cdr_module._slug(scenario.lines[number].operator)
        (path,) = out.glob(f"cdr_{slug}_*.csv")
        imeis = Counter(
            row.imei
            for row in iter_cdr(cdr_layout(path))
            if number
            in {normalise_phone(row.caller_raw or "", "NE"), normalise_phone(row.callee_raw or "", "NE")}
        )
        handsets.append(imeis.most_common(1)[0][0])
    assert handsets[0] == handsets[1]


def test_ingest_with_zero_errors_and_every_story_call(scenario: Scenario, rendered, cli, workspace) -> None:
    out, records = rendered
    cli("case", "create", "c", "--country", scenario.case_country)
    report = cli("ingest", "--case", "c", "--no-extract", "--json", str(out)).json()
    assert report["errors"] == [] and report["added"] == len(records)
    assert report["records"] == sum(r.records for r in records)
    kinds = {e["original_name"]: e["kind"] for e in cli("evidence", "list", "--case", "c", "--json").json()}
    assert kinds == {r.name: r.kind for r in records}
    with workspace.engine.connect() as conn:
        stored = {
            (a, b, str(when)[:19], seconds, kind)
            for a, b, when, seconds, kind in conn.execute(
                select(
                    calls.c.caller_e164,
                    calls.c.callee_e164,
                    calls.c.started_at,
                    calls.c.duration_s,
                    calls.c.call_type,
                )
            )
        }
        listed = {row.number_e164: row for row in conn.execute(select(subscribers))}
    for call in scenario.calls:
        key = (call.caller_line, call.callee_line, f"{call.when:%Y-%m-%d %H:%M:%S}", call.duration)
        assert (*key, "sms" if call.sms else "voice") in stored, call
    numbers = {n for row in stored for n in row[:2]}
    assert numbers <= set(scenario.lines) | set(noise_numbers(scenario, ROWS))  # every number read right
    assert not set(noise_numbers(scenario, ROWS)) & set(scenario.lines)
    # subscribers: a member's line registered to a relative names the relative
    relatives = [line for line in scenario.lines.values() if line.subscriber != line.user]
    in_case = [line for line in relatives if line.number in listed]
    assert in_case
    for line in in_case:
        relative = scenario.people[line.subscriber]
        assert listed[line.number].name == f"{relative.family.upper()} {relative.given}"
        assert relative.role == "relative"
    boss = scenario.people[scenario.key_player]
    first, second = (listed[n] for n in boss.phones)
    assert first.name == f"{boss.family.upper()} {boss.given}"
    assert second.name == f"{boss.family.upper()} {other_spelling(boss.given)}" != first.name
    assert second.id_document.startswith("Passeport EXO-")


@pytest.mark.parametrize(
    ("given", "other"), [("Aboubacar", "Aboubakar"), ("Issoufou", "Issufu"), ("Cheikh", "Cheick")]
)
def test_other_spelling(given: str, other: str) -> None:
    assert other_spelling(given) == other
