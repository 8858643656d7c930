"""The scorer on tiny hand-made predictions, the markup helpers, and the validity of the labelled set."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from filiere.extract.evaluate import (
    context_of,
    evaluate,
    from_markup,
    load_eval_set,
    same_value,
    to_markup,
)
from filiere.extract.mention import TYPES, Context, Mention

EVAL_DIR = Path(__file__).resolve().parents[1] / "data" / "eval"
FILES = ("extract_fr.jsonl", "extract_en.jsonl")

# "Abdou a payé 150 000 F à Agadez demain." — offsets: Abdou 0-5, 150 000 F 13-22, Agadez 25-31, demain 32-38
TEXT = "Abdou a payé 150 000 F à Agadez demain."
RECORD = {
    "id": "t-1",
    "lang": "fr",
    "style": "note",
    "country": "NE",
    "doc_date": "2025-03-11",
    "text": TEXT,
    "entities": [
        {"start": 0, "end": 5, "type": "person", "text": "Abdou"},
        {
            "start": 13,
            "end": 22,
            "type": "money",
            "text": "150 000 F",
            "value": {"amount": 150000, "currency": "XOF"},
        },
        {"start": 25, "end": 31, "type": "place", "text": "Agadez"},
        {"start": 32, "end": 38, "type": "date", "text": "demain", "value": "2025-03-12"},
    ],
}


def mention(kind: str, start: int, end: int, value: object = None, text: str = TEXT) -> Mention:
    return Mention(kind, start, end, text[start:end], value)


def gold_mentions(record: dict, ctx: Context | None = None) -> list[Mention]:
    return [Mention(e["type"], e["start"], e["end"], e["text"], e.get("value")) for e in record["entities"]]


def constant(mentions: list[Mention]):
    return lambda text, ctx: mentions


# --- the scorer ---------------------------------------------------------------------------------------


def test_perfect_prediction_scores_one_everywhere() -> None:
    result = evaluate(constant(gold_mentions(RECORD)), [RECORD])
    assert result["texts"] == 1 and result["gold"] == 4
    for kind in ("person", "money", "place", "date"):
        row = result["types"][kind]
        assert (row["tp"], row["fp"], row["fn"], row["f1"]) == (1, 0, 0, 1.0)
        assert row["partial"]["f1"] == 1.0
    assert result["types"]["money"]["value"] == {"n": 1, "correct": 1, "accuracy": 1.0}
    assert result["types"]["date"]["value"]["accuracy"] == 1.0
    assert result["types"]["phone"]["value"] == {"n": 0, "correct": 0, "accuracy": None}
    assert result["micro"] == {**result["micro"], "tp": 4, "fp": 0, "fn": 0, "f1": 1.0}
    assert result["errors"] == []
    # a type absent from gold and predictions is vacuously perfect, not a division error
    assert result["types"]["vehicle"]["f1"] == 1.0


def test_empty_prediction_finds_nothing() -> None:
    result = evaluate(constant([]), [RECORD])
    assert result["micro"]["tp"] == 0 and result["micro"]["fn"] == 4 and result["micro"]["fp"] == 0
    assert result["micro"]["precision"] == 0.0 and result["micro"]["recall"] == 0.0
    assert result["micro"]["f1"] == 0.0
    assert result["types"]["money"]["value"]["n"] == 0
    assert sorted(e["gold"] for e in result["errors"]) == ["150 000 F", "Abdou", "Agadez", "demain"]
    assert {e["kind"] for e in result["errors"]} == {"missed"}


def test_off_by_one_span_is_wrong_exactly_but_right_partially() -> None:
    predicted = [
        mention("person", 0, 5),
        mention("money", 13, 20, {"amount": 150000, "currency": "XOF"}),  # "150 000" without the F
        mention("place", 24, 31),  # " Agadez" with the space before it
    ]
    result = evaluate(constant(predicted), [RECORD])
    money = result["types"]["money"]
    assert (money["tp"], money["fp"], money["fn"]) == (0, 1, 1)
    assert (money["partial"]["tp"], money["partial"]["fp"], money["partial"]["fn"]) == (1, 0, 0)
    assert money["value"] == {"n": 1, "correct": 1, "accuracy": 1.0}
    micro = result["micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (1, 2, 3)
    assert micro["precision"] == pytest.approx(1 / 3) and micro["recall"] == pytest.approx(1 / 4)
    assert micro["f1"] == pytest.approx(2 / 7)
    assert (micro["partial"]["tp"], micro["partial"]["fp"], micro["partial"]["fn"]) == (3, 0, 1)
    boundary = [e for e in result["errors"] if e["kind"] == "boundary"]
    assert {(e["gold"], e["predicted"]) for e in boundary} == {
        ("150 000 F", "150 000"),
        ("Agadez", " Agadez"),
    }


def test_wrong_type_counts_against_both_types() -> None:
    predicted = [mention("person", 0, 5), mention("organization", 25, 31)]  # Agadez called an organisation
    result = evaluate(constant(predicted), [RECORD])
    assert result["types"]["place"]["fn"] == 1 and result["types"]["place"]["tp"] == 0
    org = result["types"]["organization"]
    assert (org["tp"], org["fp"], org["fn"], org["precision"], org["f1"]) == (0, 1, 0, 0.0, 0.0)
    assert org["partial"]["fp"] == 1  # overlap of another type is never a partial match
    errors = [e for e in result["errors"] if e["gold"] == "Agadez"]
    assert errors == [{**errors[0], "kind": "type", "type": "place", "predicted_type": "organization"}]
    assert not [e for e in result["errors"] if e["kind"] == "spurious"]


def test_wrong_value_and_duplicates() -> None:
    predicted = [
        mention("money", 13, 22, {"amount": 15000, "currency": "XOF"}),
        mention("money", 13, 22, {"amount": 150000, "currency": "XOF"}),  # the same span twice
        mention("date", 32, 38, "2025-03-13"),
    ]
    result = evaluate(constant(predicted), [RECORD])
    money = result["types"]["money"]
    assert (money["tp"], money["fp"], money["fn"]) == (1, 1, 0)
    assert money["value"] == {"n": 1, "correct": 0, "accuracy": 0.0}  # the first of the pair is matched
    assert result["types"]["date"]["value"]["accuracy"] == 0.0
    kinds = Counter(e["kind"] for e in result["errors"])
    assert kinds["value"] == 2 and kinds["spurious"] == 1


def test_one_long_prediction_cannot_match_two_gold_spans() -> None:
    text = "Moussa Keita et Issa Bello"
    record = {**RECORD, "text": text, "entities": [
        {"start": 0, "end": 12, "type": "person", "text": "Moussa Keita"},
        {"start": 16, "end": 26, "type": "person", "text": "Issa Bello"},
    ]}  # fmt: skip
    result = evaluate(constant([mention("person", 0, 26, text=text)]), [record])
    partial = result["types"]["person"]["partial"]
    assert (partial["tp"], partial["fp"], partial["fn"]) == (1, 0, 1)
    assert [e["kind"] for e in result["errors"]] == ["boundary", "missed"]


def test_types_filter_ignores_other_types() -> None:
    result = evaluate(constant([mention("money", 13, 22, {"amount": 150000, "currency": "XOF"})]), [RECORD],
                      types=["money"])  # fmt: skip
    assert list(result["types"]) == ["money"]
    assert result["micro"]["f1"] == 1.0 and result["gold"] == 1


def test_mismatched_mention_text_is_reported() -> None:
    bad = Mention("person", 0, 5, "Abdu")
    result = evaluate(constant([bad]), [RECORD], types=["person"])
    assert [e["kind"] for e in result["errors"]] == ["text_mismatch"]
    assert result["types"]["person"]["tp"] == 1  # scored by offsets all the same


def test_context_passed_to_the_extractor() -> None:
    seen: list[Context] = []
    evaluate(lambda text, ctx: seen.append(ctx) or [], [RECORD])
    assert seen == [Context(region="NE", doc_date=date(2025, 3, 11), language="fr")]


def test_same_value_rules() -> None:
    gold = {"amount": 1500000, "currency": "XOF"}
    assert same_value("money", gold, {"amount": 1500000.0, "currency": "XOF"})
    assert not same_value("money", gold, {"amount": 1500000, "currency": "EUR"})
    assert not same_value("money", gold, 1500000)
    assert same_value("date", "2025-03-12", "2025-03-12T22:00")
    assert same_value("date", "2025-03-12", date(2025, 3, 12))
    assert same_value("date", "2025-03-12", {"date": "2025-03-12", "time": "22:00"})
    assert not same_value("date", "2025-03-12", "12/03/2025")
    assert same_value("phone", "+22793076419", "+22793076419")
    assert not same_value("phone", "+22793076419", "93 07 64 19")


@given(st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=30), st.data())
def test_recall_is_the_share_of_gold_found(lengths: list[int], data: st.DataObject) -> None:
    """For any set of non-overlapping gold spans, predicting a subset gives precision 1 and recall k/n."""
    text, entities, position = "", [], 0
    for length in lengths:
        entities.append({"start": position, "end": position + length, "type": "person", "text": "x" * length})
        text += "x" * length + " "
        position += length + 1
    kept = data.draw(st.sets(st.integers(0, len(entities) - 1)))
    record = {**RECORD, "text": text, "entities": entities}
    predicted = [
        Mention("person", e["start"], e["end"], e["text"]) for i, e in enumerate(entities) if i in kept
    ]
    row = evaluate(constant(predicted), [record])["types"]["person"]
    assert (row["tp"], row["fp"], row["fn"]) == (len(kept), 0, len(entities) - len(kept))
    assert row["recall"] == pytest.approx(len(kept) / len(entities))
    assert row["precision"] == (1.0 if kept else 0.0)


# --- markup -------------------------------------------------------------------------------------------


def test_from_markup_computes_offsets_and_values() -> None:
    text, entities = from_markup(
        "[[LE VIEUX|person]] : départ [[jeudi nuit|date|next:thu]], [[150 000 F|money|150000 XOF]] "
        "au [[93 07 64 19|phone|+22793076419]], payé [[mardi|date|last:tue]] ([[hier|date|d-1]]).",
        date(2025, 3, 11),  # a Tuesday
    )
    assert text == "LE VIEUX : départ jeudi nuit, 150 000 F au 93 07 64 19, payé mardi (hier)."
    assert [(text[e["start"] : e["end"]], e.get("value")) for e in entities] == [
        ("LE VIEUX", None),
        ("jeudi nuit", "2025-03-13"),
        ("150 000 F", {"amount": 150000, "currency": "XOF"}),
        ("93 07 64 19", "+22793076419"),
        ("mardi", "2025-03-04"),
        ("hier", "2025-03-10"),
    ]


@pytest.mark.parametrize("bad", ["[[Abdou|persn]]", "[[Abdou|person]", "[[demain|date|d+1]]"])
def test_from_markup_rejects_bad_markup(bad: str) -> None:
    with pytest.raises(ValueError):
        from_markup(bad)  # unknown type, unbalanced, relative date without doc_date


# --- the labelled set ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def eval_set() -> list[dict]:
    return load_eval_set(EVAL_DIR)


def test_set_size_and_balance(eval_set: list[dict]) -> None:
    langs = Counter(r["lang"] for r in eval_set)
    assert len(eval_set) >= 60 and langs["fr"] >= 30 and langs["en"] >= 25 and langs["mixed"] >= 2
    assert {r["style"] for r in eval_set} == {"transcript", "hearing", "report", "note"}
    per_type = Counter(e["type"] for r in eval_set for e in r["entities"])
    assert set(per_type) == set(TYPES)
    assert min(per_type.values()) >= 10
    assert per_type["phone"] >= 30 and per_type["money"] >= 30 and per_type["place"] >= 60
    for name, prefixes in zip(FILES, (("fr", "mx"), ("en", "mx")), strict=True):
        assert all(r["id"].startswith(prefixes) for r in load_eval_set(EVAL_DIR / name)), name


def test_records_are_well_formed(eval_set: list[dict]) -> None:
    ids = [r["id"] for r in eval_set]
    assert len(ids) == len(set(ids))
    for record in eval_set:
        rid = record["id"]
        assert re.fullmatch(r"(fr|en|mx)-\d{3}", rid), rid
        assert record["lang"] in ("fr", "en", "mixed") and (record["lang"] == "mixed") == rid.startswith("mx")
        assert re.fullmatch(r"[A-Z]{2}", record["country"]), rid
        date.fromisoformat(record["doc_date"])
        assert context_of(record).region == record["country"]
        assert record["text"] and record["text"].strip() == record["text"], rid
        assert record["entities"], rid


def test_entity_spans_match_text_and_never_overlap(eval_set: list[dict]) -> None:
    for record in eval_set:
        text, rid = record["text"], record["id"]
        spans = sorted((e["start"], e["end"], e["type"]) for e in record["entities"])
        for e in record["entities"]:
            assert e["type"] in TYPES, (rid, e)
            assert 0 <= e["start"] < e["end"] <= len(text), (rid, e)
            assert text[e["start"] : e["end"]] == e["text"], (rid, e)
            assert e["text"] == e["text"].strip() and e["text"][-1] not in ".,;:", (rid, e)
        for (_s1, e1, t1), (s2, _e2, t2) in pairwise(spans):
            assert e1 <= s2, (rid, t1, t2, text[s2 - 10 : e1 + 10])


def test_entity_values_are_normalised(eval_set: list[dict]) -> None:
    for record in eval_set:
        for e in record["entities"]:
            where = (record["id"], e["text"])
            value = e.get("value")
            if e["type"] == "phone":
                assert isinstance(value, str) and value.startswith("+"), where
                parsed = phonenumbers.parse(value)
                assert phonenumbers.is_valid_number(parsed), where
                assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == value, where
            elif e["type"] == "money":
                assert set(value) == {"amount", "currency"}, where
                assert isinstance(value["amount"], (int, float)) and value["amount"] > 0, where
                assert re.fullmatch(r"[A-Z]{3}", value["currency"]), where
            elif e["type"] == "date":
                assert value is None or date.fromisoformat(value).isoformat() == value, where
            else:
                assert value is None, where


def test_markup_round_trip_over_the_set(eval_set: list[dict]) -> None:
    for record in eval_set:
        text, entities = from_markup(to_markup(record["text"], record["entities"]))
        assert text == record["text"] and entities == record["entities"], record["id"]


def test_files_are_one_json_object_per_line() -> None:
    for name in FILES:
        lines = (EVAL_DIR / name).read_text(encoding="utf-8").splitlines()
        assert lines and all(isinstance(json.loads(line), dict) for line in lines)


def test_oracle_scores_one_and_empty_scores_zero_on_the_set(eval_set: list[dict]) -> None:
    by_text = {r["text"]: gold_mentions(r) for r in eval_set}
    result = evaluate(lambda text, ctx: by_text[text], EVAL_DIR)
    assert result["texts"] == len(eval_set) and result["micro"]["f1"] == 1.0
    assert all(row["value"]["accuracy"] == 1.0 for k, row in result["types"].items() if "value" in row)
    empty = evaluate(lambda text, ctx: [], eval_set)
    assert empty["micro"]["tp"] == 0 and empty["micro"]["fn"] == sum(len(r["entities"]) for r in eval_set)
