"""Scoring a trainee's answer sheet against a key: matching people, roles, route, offences, feedback."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from filiere.train.answers import blank_sheet, validate_answers
from filiere.train.score import WEIGHTS, score_answers

KEY_PATH = Path(__file__).parent / "data" / "key.json"


@pytest.fixture
def key() -> dict[str, Any]:
    return json.loads(KEY_PATH.read_text(encoding="utf-8"))


def perfect(key: dict[str, Any]) -> dict[str, Any]:
    """The answer a flawless trainee writes, from the key itself."""
    names = {m["id"]: m["name"] for m in key["members"]}
    return {
        "trainee": "Adjudant Moussa",
        "case": "",
        "members": [
            {
                "name": m["name"],
                "aliases": m["aliases"],
                "phones": m["phones"],
                "role": m["role"],
                "evidence": [],
            }
            for m in key["members"]
        ],
        "key_player": names[key["key_player"]],
        "route": list(key["route"]),
        "offences": [
            {
                "suspect": names[o["suspect"]],
                "offences": [x["offence"] for x in o["offences"]],
                "aggravating": sorted({a for x in o["offences"] for a in x["aggravating"]}),
                "evidence": [],
            }
            for o in key["offences"]
        ],
    }


def member(sheet: dict[str, Any], name: str) -> dict[str, Any]:
    return next(m for m in sheet["members"] if m["name"] == name)


def items(result: dict[str, Any], kind: str, pid: Any = ..., ok: bool | None = None) -> list[dict[str, Any]]:
    return [
        i
        for i in result["items"]
        if i["item"] == kind and (pid is ... or i["id"] == pid) and (ok is None or i["ok"] == ok)
    ]


def test_perfect_answer_scores_one_and_every_item_is_right(key) -> None:
    result = score_answers(perfect(key), key)
    assert result["score"] == 1.0
    assert (result["members"], result["roles"], result["route"], result["offences"]) == (1.0, 1.0, 1.0, 1.0)
    assert result["key_player"] is True
    assert all(i["ok"] for i in result["items"]) and result["warnings"] == []
    assert len(items(result, "member")) == len(key["members"])
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("sheet", ["blank", "empty"])
def test_blank_answer_scores_zero_and_cites_what_to_read(key, sheet: str) -> None:
    answers = blank_sheet(key) if sheet == "blank" else {}
    result = score_answers(answers, key)
    assert result["score"] == 0.0
    assert (result["members"], result["roles"], result["route"], result["offences"]) == (0.0, 0.0, 0.0, 0.0)
    assert result["key_player"] is False
    assert not any(i["ok"] for i in result["items"])
    missed = items(result, "member", "M01")[0]
    assert missed["evidence"][:2] == ["PV-0107_ecoute_2025-05-19.txt", "PV-0101_ecoute_2025-05-06.txt"]
    assert "Le Vieux" in missed["message_en"] and "Organiser" in missed["message_en"]
    assert "Membre manqué" in missed["message_fr"] and "Organisateur" in missed["message_fr"]


def test_swapped_roles_cost_the_roles_score_and_cite_what_each_did(key) -> None:
    answers = perfect(key)
    member(answers, "Moussa ISSOUFOU")["role"] = "guide"
    member(answers, "Ibrahim AG ALI")["role"] = "Passeur"  # a field word for transporter
    result = score_answers(answers, key)
    assert result["members"] == 1.0
    assert result["roles"] == pytest.approx(7 / 9, abs=1e-3)
    wrong = items(result, "role", "M04", ok=False)[0]
    assert (wrong["expected"], wrong["given"]) == ("transporter", "guide")
    assert "PV-0108_ecoute_2025-05-21.txt" in wrong["evidence"]  # the checkpoint he drove through
    assert "Transporter" in wrong["message_en"] and "Guide" in wrong["message_en"]
    assert items(result, "role", "M08", ok=False)[0]["given"] == "transporter"
    assert 0.9 < result["score"] < 1.0


def test_missed_member_lowers_recall_and_cites_their_files(key) -> None:
    answers = perfect(key)
    answers["members"] = [m for m in answers["members"] if m["name"] != "Adamou GARBA"]
    answers["offences"] = [o for o in answers["offences"] if o["suspect"] != "Adamou GARBA"]
    result = score_answers(answers, key)
    recall = 8 / 9
    assert result["members"] == pytest.approx(2 * recall / (1 + recall), abs=1e-3)
    assert result["roles"] == pytest.approx(8 / 9, abs=1e-3)
    missed = items(result, "member", "M07")[0]
    assert not missed["ok"] and missed["evidence"] == ["PV-0108_ecoute_2025-05-21.txt"]
    offence = items(result, "offence", "M07")[0]
    assert not offence["ok"] and offence["evidence"] == ["PV-0108_ecoute_2025-05-21.txt"]


def test_victim_listed_as_member_is_a_false_member(key) -> None:
    answers = perfect(key)
    answers["members"].append({"name": "Mariam Traore", "role": "exploiter", "phones": []})
    result = score_answers(answers, key)
    precision = 9 / 10
    assert result["members"] == pytest.approx(2 * precision / (1 + precision), abs=1e-3)
    false = items(result, "member", "T003")[0]
    assert not false["ok"] and false["given"] == "Mariam Traore"
    assert "victim" in false["message_en"] and "victime" in false["message_fr"]
    assert "PV-AUD-003_TRAORE.txt" in false["evidence"]
    assert result["roles"] == 1.0  # the real exploiter keeps her right role


def test_migrant_unknown_person_and_relative_are_told_apart(key) -> None:
    answers = perfect(key)
    answers["members"] = [m for m in answers["members"] if m["name"] != "Souleymane BAGAYOKO"]
    answers["members"] += [
        {"name": "KONATE Seydou"},
        {"name": "Hamidou Tchiroma"},
        # the subscriber of M03's line put forward as the user: the subscriber is not the user
        {"name": "Aissata Bagayoko", "phones": ["97 30 88 81"], "role": "recruiter"},
    ]
    result = score_answers(answers, key)
    assert items(result, "member", "T001")[0]["message_en"].startswith('"KONATE Seydou" is a migrant')
    unknown = next(i for i in items(result, "member", None) if i["given"] == "Hamidou Tchiroma")
    assert not unknown["ok"] and "matches no member" in unknown["message_en"]
    relative = items(result, "member", "R01")[0]
    assert "subscriber" in relative["message_en"] and "Souleymane BAGAYOKO" in relative["message_en"]
    assert "abonnes_Moov_NE.csv" in relative["evidence"]
    assert not items(result, "member", "M03")[0]["ok"]


def test_phone_only_match_in_national_and_international_forms(key) -> None:
    answers = perfect(key)
    member(answers, "Aboubacar AG HAMADA").update(name="", aliases=[], phones=["96 44 21 70"])
    member(answers, "Issa KEÏTA").update(name="", aliases=[], phones=["00223 65 67 71 96"])
    result = score_answers(answers, key)
    assert result["members"] == 1.0 and result["roles"] == 1.0
    found = items(result, "member", "M01")[0]
    assert found["ok"] and "96 44 21 70" in found["message_en"] and "numéro" in found["message_fr"]
    assert items(result, "member", "M02", ok=True)


def test_a_national_number_is_read_in_the_case_country_not_elsewhere(key) -> None:
    answers = {"members": [{"phones": ["65 67 71 96"], "role": "recruiter"}]}  # Malian number, Niger case
    result = score_answers(answers, key)
    assert result["members"] == 0.0


def test_nickname_only_match(key) -> None:
    answers = perfect(key)
    member(answers, "Ibrahim AG ALI").update(name="Boussole", aliases=[], phones=[])
    member(answers, "Aboubacar AG HAMADA").update(name="", aliases=["vieux"], phones=[])
    member(answers, "Moussa ISSOUFOU").update(name="le Pilote", aliases=[], phones=[])
    answers["key_player"] = "LE VIEUX"
    result = score_answers(answers, key)
    assert result["members"] == 1.0 and result["key_player"] is True
    found = items(result, "member", "M08")[0]
    assert found["ok"] and "nickname" in found["message_en"] and "surnom" in found["message_fr"]
    assert items(result, "member", "M04", ok=True) and items(result, "member", "M01", ok=True)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("issa keita", "M02"),
        ("KEITA Issa", "M02"),
        ("ag hamada aboubacar", "M01"),
        ("Salem Ben-Omar", "M06"),
        ("Zeïnab MOHAMED", "M09"),  # accent added, one letter dropped
        ("Ibrahim Ag Ali dit Boussole", "M08"),
        ("Mariam TRAORÉ", None),  # a victim
        ("Issa", "M02"),  # a bare given name: the weakest link, still a link when no one else has it
        ("DIALLO Issa", None),  # same given name, other family
    ],
)
def test_names_match_across_accents_case_and_order(key, written: str, expected: str | None) -> None:
    result = score_answers({"members": [{"name": written}]}, key)
    matched = [i["id"] for i in items(result, "member", ok=True)]
    assert matched == ([expected] if expected else [])


def test_one_key_member_matches_one_answer_the_other_is_a_duplicate(key) -> None:
    answers = perfect(key)
    answers["members"].append({"name": "", "phones": ["+227 96 44 21 70"], "role": "organiser"})
    result = score_answers(answers, key)
    assert result["members"] < 1.0
    duplicate = next(i for i in items(result, "member", None) if i["given"] == "+227 96 44 21 70")
    assert "same person" in duplicate["message_en"] and "Aboubacar AG HAMADA" in duplicate["message_en"]


def test_wrong_key_player_cites_the_orders_given(key) -> None:
    answers = perfect(key)
    answers["key_player"] = "Djo"
    result = score_answers(answers, key)
    assert result["key_player"] is False
    item = items(result, "key_player")[0]
    assert item["evidence"][0] == "PV-0107_ecoute_2025-05-19.txt" and item["given"] == "Djo"
    answers["key_player"] = "0022790118254"  # his second number
    assert score_answers(answers, key)["key_player"] is True


def test_route_spellings_and_order(key) -> None:
    answers = perfect(key)
    answers["route"] = ["bamako", "NIAMEY", "Agadès", "Dirkou", "Seguedine", "Tummo", "Sabha"]
    assert score_answers(answers, key)["route"] == 1.0
    answers["route"] = list(reversed(key["route"]))
    result = score_answers(answers, key)
    assert 0.0 < result["route"] < 0.5
    assert "out of order" in items(result, "route")[0]["message_en"]
    answers["route"] = ["Bamako", "Niamey", "Agadez", "Séguédine", "Toummo", "Sebha", "Tripoli"]
    result = score_answers(answers, key)
    route = items(result, "route")[0]
    assert 0.7 < result["route"] < 1.0
    assert "Dirkou" in route["message_en"] and "Tripoli" in route["message_en"]
    assert route["evidence"] == ["PV-0108_ecoute_2025-05-21.txt"]  # what happened at Dirkou


def test_offences_missed_tip_false_tip_and_aggravating(key) -> None:
    answers = perfect(key)
    organiser = answers["offences"][0]
    organiser["offences"] = ["SOM"]
    organiser["aggravating"] = ["endangering_lives", "organised_group"]  # inhuman treatment missed
    transporter = next(o for o in answers["offences"] if o["suspect"] == "Moussa ISSOUFOU")
    transporter["offences"] = ["SOM", "TIP"]
    result = score_answers(answers, key)
    assert 0.7 < result["offences"] < 1.0
    tip = next(i for i in items(result, "offence", "M01", ok=False) if i["expected"]["offence"] == "TIP")
    assert tip["evidence"] == ["PV-0112_ecoute_2025-06-10.txt", "PV-AUD-003_TRAORE.txt"]
    assert "TIP (trafficking in persons)" in tip["message_en"]
    som = next(i for i in items(result, "offence", "M01", ok=False) if i["expected"]["offence"] == "SOM")
    assert "inhuman or degrading treatment" in som["message_en"]
    false = next(i for i in items(result, "offence", "M04", ok=False) if i["expected"] is None)
    assert "not shown" in false["message_en"] and "PV-0107_ecoute_2025-05-19.txt" in false["evidence"]


def test_trafficking_charged_in_a_smuggling_case_is_explained(key) -> None:
    key["trafficking"] = False
    for entry in key["offences"]:
        entry["offences"] = [o for o in entry["offences"] if o["offence"] == "SOM"]
    key["offences"] = [e for e in key["offences"] if e["offences"]]
    answers = perfect(key)
    answers["offences"].append({"suspect": "Le Vieux", "offences": ["traite"], "aggravating": []})
    result = score_answers(validate_answers(answers), key)
    item = next(iter(items(result, "offence", "M01", ok=False)))
    assert "no file of this case shows exploitation" in item["message_en"]
    assert "trafic illicite de migrants n'est pas la traite" in item["message_fr"]


def test_unknown_suspect_counts_against_offences(key) -> None:
    answers = perfect(key)
    answers["offences"].append({"suspect": "Hamidou Tchiroma", "offences": ["SOM"], "aggravating": []})
    result = score_answers(answers, key)
    assert result["offences"] < 1.0
    assert "no member of the network" in items(result, "offence", None)[0]["message_en"]


def test_sheet_written_by_a_program_with_odd_values_is_scored_not_refused(key) -> None:
    answers = perfect(key)
    member(answers, "Rakia ABDOU")["role"] = "unknown"
    answers["offences"][0]["offences"] = ["SOM", "XYZ"]
    result = score_answers(answers, key)
    assert result["roles"] == pytest.approx(8 / 9, abs=1e-3) and result["offences"] < 1.0


def test_scoring_is_deterministic_and_leaves_the_inputs_alone(key) -> None:
    answers = perfect(key)
    answers["members"].append({"name": "Mariam TRAORÉ"})
    before = copy.deepcopy((answers, key))
    first = score_answers(answers, key)
    assert json.dumps(first, sort_keys=True) == json.dumps(score_answers(answers, key), sort_keys=True)
    assert (answers, key) == before


def test_case_mismatch_is_a_warning(key) -> None:
    answers = perfect(key)
    answers["case"] = "seed 9 — level 1"
    warning = score_answers(answers, key)["warnings"][0]
    assert "seed 9" in warning["message_en"] and "seed 3" in warning["message_fr"]
    answers["case"] = blank_sheet(key)["case"]
    assert score_answers(answers, key)["warnings"] == []
