"""The scenario model: deterministic, plausible, and with every role and kind of person the issue asks for."""

from __future__ import annotations

import dataclasses

import phonenumbers
import pytest

from filiere.extract.gazetteer import place
from filiere.train.draw import draw_scenario, heard
from filiere.train.scenario import routes


def _plain(scenario) -> dict:
    return dataclasses.asdict(scenario)


@pytest.mark.parametrize("language", ["fr", "en", "mixed"])
def test_same_seed_same_scenario_other_seed_other_one(language: str) -> None:
    assert _plain(draw_scenario(5, "medium", language)) == _plain(draw_scenario(5, "medium", language))
    assert _plain(draw_scenario(5, "medium", language)) != _plain(draw_scenario(6, "medium", language))


def test_every_route_place_is_in_the_gazetteer() -> None:
    for route in routes():
        ids = [route[k]["place"] for k in ("origin", "transit", "hub", "abroad")]
        ids += [route["checkpoint"], route["beyond"], *route["desert"]]
        ids += [leg[end] for leg in route["legs"] for end in ("from", "to")]
        assert all(place(i) is not None for i in ids), route["id"]


@pytest.mark.parametrize("seed", range(6))
def test_members_have_the_roles_of_a_network_and_valid_numbers(seed: int) -> None:
    scenario = draw_scenario(seed, "medium", ["fr", "en", "mixed"][seed % 3])
    roles = [m.role for m in scenario.members()]
    assert roles.count("recruiter") == 2 and roles.count("organiser") == 1
    assert {"transporter", "ghetto_keeper", "financier", "corrupt_official", "guide"} <= set(roles)
    assert ("exploiter" in roles) == scenario.trafficking
    recruiter_countries = {m.country for m in scenario.members() if m.role == "recruiter"}
    assert len(recruiter_countries) == 2, "recruiters in two countries"
    for number in scenario.lines:
        assert phonenumbers.is_valid_number(phonenumbers.parse(number)), number
    organiser = scenario.people[scenario.key_player]
    assert organiser.role == "organiser" and len(organiser.phones) == 2 and organiser.nicknames


def test_travellers_include_minors_and_victims_when_trafficking() -> None:
    cases = [draw_scenario(seed, "medium", "fr") for seed in range(8)]
    assert any(p.minor for s in cases for p in s.travellers())
    trafficking = [s for s in cases if s.trafficking]
    assert trafficking and all(any(p.exploitation for p in s.travellers()) for s in trafficking)
    kinds = {e.kind for s in trafficking for e in s.events}
    assert {
        "recruitment",
        "payment",
        "departure",
        "checkpoint",
        "arrival",
        "debt",
        "forced_work",
        "escape",
    } <= kinds
    assert kinds & {"breakdown", "thirst"}


def test_some_member_lines_are_registered_to_relatives() -> None:
    relatives = [
        (s, line)
        for s in (draw_scenario(seed, "medium", "fr") for seed in range(6))
        for line in s.lines.values()
        if line.subscriber and line.subscriber.startswith("R")
    ]
    assert relatives
    for scenario, line in relatives:
        relative = scenario.people[line.subscriber]
        assert relative.relative_of == line.user and relative.family == scenario.people[line.user].family


def test_calls_tie_actors_of_events_and_some_are_intercepted() -> None:
    scenario = draw_scenario(2, "medium", "fr")
    assert sum(c.intercepted for c in scenario.calls) == 30
    for call in scenario.calls:
        assert call.caller_line in scenario.people[call.caller].phones
        assert call.callee_line in scenario.people[call.callee].phones
    assert heard(scenario, 7) and all(
        scenario.people[pid].role in ("victim", "migrant") for pid, _ in heard(scenario, 7)
    )
