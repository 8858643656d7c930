"""Score an extractor against the hand-labelled evaluation set (tests/data/eval/*.jsonl).

The set is the only honest measure of the rules: it was labelled from the field's styles, not from the
rules. `evaluate` reports, per mention type, exact-span precision/recall/F1, a "partial" variant in which
an overlapping span of the right type counts as found (boundary disagreements are then visible as the gap
between the two), and value accuracy for phones, money and dates, plus micro-averaged totals and a list
of errors to read. The markup helpers let a person add or edit a labelled text without counting offsets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from filiere.extract.mention import TYPES, Context, Mention

VALUE_TYPES = ("phone", "money", "date")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Predict = Callable[[str, Context], Sequence[Mention]]


def load_eval_set(path: str | Path) -> list[dict[str, Any]]:
    """Read one JSON-lines file, or every ``*.jsonl`` in a folder (sorted), into a list of records."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    records: list[dict[str, Any]] = []
    for file in files:
        with file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{file}:{number}: {exc.msg}") from exc
    return records


def context_of(record: dict[str, Any]) -> Context:
    """The Context an extractor gets for a labelled text: the case's country, document date, language."""
    doc_date = date.fromisoformat(record["doc_date"]) if record.get("doc_date") else None
    return Context(region=record.get("country"), doc_date=doc_date, language=record.get("lang", "fr"))


def evaluate(
    predict: Predict,
    path_or_records: str | Path | Iterable[dict[str, Any]],
    *,
    types: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Run ``predict`` on every labelled text and score its mentions against the gold spans.

    ``types`` limits scoring to some types (to measure one extractor alone: its silence on other types
    is then not counted as missed). A predicted span equal to a gold span but of another type counts as a
    false positive of its type and a false negative of the gold type. Duplicate predictions count as
    false positives.
    """
    if isinstance(path_or_records, (str, Path)):
        records = load_eval_set(path_or_records)
    else:
        records = list(path_or_records)
    wanted = set(types) if types is not None else None
    exact: dict[str, list[int]] = {}
    partial: dict[str, list[int]] = {}
    values: dict[str, list[int]] = {}
    by_lang: dict[str, list[int]] = {}
    errors: list[dict[str, Any]] = []
    for record in records:
        text = record["text"]
        gold = [g for g in record["entities"] if wanted is None or g["type"] in wanted]
        predicted = [m for m in predict(text, context_of(record)) if wanted is None or m.type in wanted]
        for mention in predicted:
            if text[mention.start : mention.end] != mention.text:
                errors.append(_error(record, "text_mismatch", None, mention))
        _score_record(record, gold, predicted, exact, partial, values, by_lang, errors)
    seen = set(exact) | set(partial)
    names = [t for t in TYPES if t in seen or wanted is None or t in wanted]
    names += sorted(seen - set(names))
    if wanted is not None:
        names = [t for t in names if t in wanted]
    per_type: dict[str, dict[str, Any]] = {}
    for name in names:
        row = _prf(*exact.get(name, [0, 0, 0]))
        row["partial"] = _prf(*partial.get(name, [0, 0, 0]))
        if name in VALUE_TYPES:
            n, correct = values.get(name, [0, 0])
            row["value"] = {"n": n, "correct": correct, "accuracy": correct / n if n else None}
        per_type[name] = row
    micro = _prf(*(sum(c[i] for c in exact.values()) for i in range(3)))
    micro["partial"] = _prf(*(sum(c[i] for c in partial.values()) for i in range(3)))
    return {
        "texts": len(records),
        "gold": sum(r["tp"] + r["fn"] for r in per_type.values()),
        "types": per_type,
        "micro": micro,
        "by_lang": {lang: _prf(*counts) for lang, counts in sorted(by_lang.items())},
        "errors": errors,
    }


def _score_record(
    record: dict[str, Any],
    gold: list[dict[str, Any]],
    predicted: list[Mention],
    exact: dict[str, list[int]],
    partial: dict[str, list[int]],
    values: dict[str, list[int]],
    by_lang: dict[str, list[int]],
    errors: list[dict[str, Any]],
) -> None:
    lang = by_lang.setdefault(record.get("lang", "?"), [0, 0, 0])
    exact_pairs = _match(gold, predicted, exact_only=True)
    partial_pairs = _match(gold, predicted, exact_only=False)
    for counts, pairs in ((exact, exact_pairs), (partial, partial_pairs)):
        for g in gold:
            counts.setdefault(g["type"], [0, 0, 0])
        for m in predicted:
            counts.setdefault(m.type, [0, 0, 0])
        for gi, g in enumerate(gold):
            counts[g["type"]][0 if gi in pairs else 2] += 1
        matched = set(pairs.values())
        for pi, m in enumerate(predicted):
            if pi not in matched:
                counts[m.type][1] += 1
    lang[0] += len(exact_pairs)
    lang[1] += len(predicted) - len(exact_pairs)
    lang[2] += len(gold) - len(exact_pairs)
    for gi, pi in partial_pairs.items():
        g = gold[gi]
        if g["type"] in VALUE_TYPES and g.get("value") is not None:
            tally = values.setdefault(g["type"], [0, 0])
            tally[0] += 1
            if same_value(g["type"], g["value"], predicted[pi].value):
                tally[1] += 1
            else:
                errors.append(_error(record, "value", g, predicted[pi]))
    exact_pred = set(exact_pairs.values())
    for gi, g in enumerate(gold):
        if gi in exact_pairs:
            continue
        if gi in partial_pairs:
            errors.append(_error(record, "boundary", g, predicted[partial_pairs[gi]]))
            continue
        other = next((m for m in predicted if _overlap(g, m) and m.type != g["type"]), None)
        errors.append(_error(record, "type" if other else "missed", g, other))
    partial_pred = set(partial_pairs.values())
    for pi, m in enumerate(predicted):
        if pi in exact_pred or pi in partial_pred:
            continue
        if any(_overlap(g, m) and g["type"] != m.type for g in gold):
            continue  # already reported as a type error from the gold side
        errors.append(_error(record, "spurious", None, m))


def _overlap(g: dict[str, Any], m: Mention) -> bool:
    return g["start"] < m.end and m.start < g["end"]


def _match(gold: list[dict[str, Any]], predicted: list[Mention], *, exact_only: bool) -> dict[int, int]:
    """One-to-one pairs gold index -> predicted index of the same type; exact spans first, then the
    largest overlaps, so one long prediction cannot be credited for two gold spans."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for pi, m in enumerate(predicted):
            if pi not in used and m.type == g["type"] and (m.start, m.end) == (g["start"], g["end"]):
                pairs[gi] = pi
                used.add(pi)
                break
    if exact_only:
        return pairs
    candidates = []
    for gi, g in enumerate(gold):
        if gi in pairs:
            continue
        for pi, m in enumerate(predicted):
            if pi not in used and m.type == g["type"] and _overlap(g, m):
                size = min(g["end"], m.end) - max(g["start"], m.start)
                candidates.append((-size, gi, pi))
    for _size, gi, pi in sorted(candidates):
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Counts and ratios. With nothing predicted precision is 1.0 only if nothing was missed either;
    with nothing to find recall is 1.0 only if nothing was invented (so an empty type scores 1.0)."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def _error(record: dict[str, Any], kind: str, gold: dict[str, Any] | None, pred: Mention | None) -> dict:
    return {
        "id": record.get("id"),
        "kind": kind,  # missed | spurious | boundary | type | value | text_mismatch
        "type": gold["type"] if gold else pred.type if pred else None,
        "gold": gold["text"] if gold else None,
        "gold_span": [gold["start"], gold["end"]] if gold else None,
        "gold_value": gold.get("value") if gold else None,
        "predicted": pred.text if pred else None,
        "predicted_type": pred.type if pred else None,
        "predicted_span": [pred.start, pred.end] if pred else None,
        "predicted_value": pred.value if pred else None,
    }


def same_value(kind: str, gold: Any, predicted: Any) -> bool:
    """Whether a predicted normalised value equals the gold one (money amounts to the cent; a date or a
    datetime names the same day; phones as E.164 strings)."""
    if kind == "money":
        if not isinstance(predicted, dict):
            return False
        try:
            amount = float(predicted.get("amount"))
        except (TypeError, ValueError):
            return False
        return abs(amount - float(gold["amount"])) < 0.005 and predicted.get("currency") == gold["currency"]
    if kind == "date":
        return _day(predicted) == gold
    return predicted == gold


def _day(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("date", value.get("start"))
    if isinstance(value, (date, datetime)):
        value = value.isoformat()
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


# --- markup: how a person writes a labelled text --------------------------------------------------------

_MARK = re.compile(r"\[\[([^\[\]|]+)\|([a-z]+)(?:\|([^\[\]]*))?\]\]")


def from_markup(marked: str, doc_date: date | None = None) -> tuple[str, list[dict[str, Any]]]:
    """Turn ``"[[Abdou|person]] a payé [[150 000 F|money|150000 XOF]]"`` into text and entities.

    Values: phone ``+22376123456``; money ``150000 XOF``; date ``2025-04-13``, or relative to
    ``doc_date``: ``d+1``, ``d-2``, ``next:thu`` (first Thursday after), ``last:tue`` (last before).
    """
    parts: list[str] = []
    entities: list[dict[str, Any]] = []
    position = 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[position : match.start()]
        parts.append(before)
        length += len(before)
        surface, kind, raw = match.group(1), match.group(2), match.group(3)
        if kind not in TYPES:
            raise ValueError(f"unknown type {kind!r} in {match.group(0)!r}")
        entity: dict[str, Any] = {
            "start": length,
            "end": length + len(surface),
            "type": kind,
            "text": surface,
        }
        if raw:
            entity["value"] = _parse_value(kind, raw.strip(), doc_date)
        entities.append(entity)
        parts.append(surface)
        length += len(surface)
        position = match.end()
    parts.append(marked[position:])
    text = "".join(parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced markup in {marked[:60]!r}")
    return text, entities


def to_markup(text: str, entities: Sequence[dict[str, Any]]) -> str:
    """The inverse of `from_markup` (values written in absolute form), for editing a stored record."""
    out: list[str] = []
    position = 0
    for entity in sorted(entities, key=lambda e: e["start"]):
        out.append(text[position : entity["start"]])
        value = entity.get("value")
        if isinstance(value, dict):
            amount = value["amount"]
            amount = int(amount) if float(amount).is_integer() else amount
            value = f"{amount} {value['currency']}"
        suffix = f"|{value}" if value is not None else ""
        out.append(f"[[{text[entity['start'] : entity['end']]}|{entity['type']}{suffix}]]")
        position = entity["end"]
    out.append(text[position:])
    return "".join(out)


def _parse_value(kind: str, raw: str, doc_date: date | None) -> Any:
    if kind == "money":
        amount, currency = raw.split()
        number = float(amount)
        return {"amount": int(number) if number.is_integer() else number, "currency": currency}
    if kind == "date":
        return _resolve_date(raw, doc_date)
    return raw


def _resolve_date(raw: str, doc_date: date | None) -> str:
    relative = re.fullmatch(r"d([+-]\d+)", raw)
    weekday = re.fullmatch(r"(next|last):(mon|tue|wed|thu|fri|sat|sun)", raw)
    if (relative or weekday) and doc_date is None:
        raise ValueError(f"relative date {raw!r} needs a doc_date")
    if relative and doc_date:
        return (doc_date + timedelta(days=int(relative.group(1)))).isoformat()
    if weekday and doc_date:
        target = _WEEKDAYS.index(weekday.group(2))
        if weekday.group(1) == "next":
            step = (target - doc_date.weekday()) % 7 or 7
        else:
            step = -((doc_date.weekday() - target) % 7 or 7)
        return (doc_date + timedelta(days=step)).isoformat()
    return date.fromisoformat(raw).isoformat()
