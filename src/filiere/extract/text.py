"""Run every extractor over units of text and merge their mentions: the core of `filiere extract`.

A unit is a segment of a page (a dialogue turn with its speaker label, or a paragraph) with its own
language. Rules run per unit; spaCy runs over all units of a batch at once (nlp.pipe), which is where
most of the time goes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from filiere.extract.channels import find_channels
from filiere.extract.dates import find_dates
from filiere.extract.identity_docs import find_identity_docs
from filiere.extract.language import detect_language, fold_text
from filiere.extract.mention import Context, Mention
from filiere.extract.merge import merge_mentions
from filiere.extract.money import find_money
from filiere.extract.person_cleanup import (
    clean_model_person,
    contact_mentions,
    given_name_mentions,
    is_chatter,
    is_record_word,
    relabel_known_persons,
    speaker_labels,
)
from filiere.extract.persons import find_persons
from filiere.extract.phones import find_phones
from filiere.extract.places import find_places
from filiere.extract.vehicles import find_vehicles

RULES: tuple[Callable[[str, Context], list[Mention]], ...] = (
    find_phones,
    find_money,
    find_dates,
    find_places,
    find_vehicles,
    find_identity_docs,
    find_channels,
)


@dataclass
class Unit:
    text: str
    ctx: Context
    speaker: tuple[str, int, int] | None = None  # label and its span within `text`
    language: str = ""
    mentions: list[Mention] = field(default_factory=list)


def rule_mentions(unit: Unit) -> list[Mention]:
    found: list[Mention] = []
    for rule in RULES:
        found.extend(rule(unit.text, unit.ctx))
    speakers = ([unit.speaker] if unit.speaker else []) + speaker_labels(unit.text)
    found.extend(find_persons(unit.text, unit.ctx, speakers))
    found.extend(given_name_mentions(unit.text))
    found.extend(contact_mentions(unit.text))
    return found


def extract_units(units: Sequence[Unit], use_model: bool = True, n_process: int = 1) -> Sequence[Unit]:
    """Fill each unit's language and merged mentions (offsets within the unit's text)."""
    from dataclasses import replace

    for unit in units:
        unit.language = detect_language(unit.text)
        if unit.language in ("fr", "en", "mixed"):
            unit.ctx = replace(unit.ctx, language=unit.language)
        unit.mentions = rule_mentions(unit)
    if use_model:
        from filiere.extract.ner import ner_mentions

        pairs = ((u.text, u.language) for u in units)
        for unit, found in zip(units, ner_mentions(pairs, n_process=n_process), strict=True):
            cleaned = (clean_model_person(m) if m.type == "person" else m for m in found)
            unit.mentions.extend(
                m for m in cleaned if m is not None and not is_record_word(m.text) and not is_chatter(m.text)
            )
        known = {
            fold_text(m.text)
            for u in units
            for m in u.mentions
            if m.type == "person" and not m.source.startswith("spacy")
        }
        for unit in units:
            unit.mentions = relabel_known_persons(unit.mentions, known)
    for unit in units:
        unit.mentions = merge_mentions(unit.mentions)
    return units


def extract_text(text: str, ctx: Context, use_model: bool = True) -> list[Mention]:
    """Mentions of one free text (used by `filiere eval extract` and tests)."""
    return extract_units([Unit(text, ctx)], use_model)[0].mentions
