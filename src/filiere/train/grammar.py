"""A small phrase grammar for generated dialogue: choices, shared phrases and slots in one template string.

Templates are data (data/train/calls_*.yaml) and read like the sentence they produce:
``"[J'ai trouvé|J'ai ramassé] {n_people} à <busstation>."``

- ``[a|b|c]`` says one of a, b, c (nested freely; ``[, bon|]`` is an optional word);
- ``<name>`` says one phrase of the shared list ``phrases: name:``;
- ``{slot}`` is filled by the caller (a name, an amount, a place). A slot that has nothing to say raises
  `Missing` (no minor in the convoy, no guide in a small case): the alternative that needed it is dropped
  and another one is tried, so templates can mention optional facts without conditionals.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

__all__ = ["Missing", "choose", "expand", "parse", "tidy"]


class Missing(Exception):
    """A slot (or every alternative of a choice) has nothing to say in this call."""


@dataclass(frozen=True)
class Choice:
    options: tuple[tuple, ...]


@dataclass(frozen=True)
class Slot:
    name: str


@dataclass(frozen=True)
class Ref:
    name: str


_TOKEN = re.compile(r"\[|\]|\||\{[a-z_0-9]+\}|<[a-z_0-9]+>|[^\[\]|{<]+|[{<]")


@cache
def parse(template: str) -> tuple:
    """The template as a tuple of nodes: str, Choice, Slot, Ref. Raises ValueError on unbalanced []."""
    tokens = _TOKEN.findall(template)
    seq, pos = _parse_seq(tokens, 0, template)
    if pos != len(tokens):
        raise ValueError(f"unbalanced ']' or '|' in template {template!r}")
    return seq


def _parse_seq(tokens: list[str], pos: int, template: str) -> tuple[tuple, int]:
    nodes: list = []
    while pos < len(tokens):
        token = tokens[pos]
        if token in ("]", "|"):
            break
        if token == "[":
            options = []
            pos += 1
            while True:
                option, pos = _parse_seq(tokens, pos, template)
                options.append(option)
                if pos >= len(tokens):
                    raise ValueError(f"unclosed '[' in template {template!r}")
                if tokens[pos] == "]":
                    pos += 1
                    break
                pos += 1  # "|"
            nodes.append(Choice(tuple(options)))
            continue
        if token.startswith("{") and token.endswith("}") and len(token) > 2:
            nodes.append(Slot(token[1:-1]))
        elif token.startswith("<") and token.endswith(">") and len(token) > 2:
            nodes.append(Ref(token[1:-1]))
        else:
            nodes.append(token)
        pos += 1
    return tuple(nodes), pos


def expand(
    template: str,
    rng: random.Random,
    slot: Callable[[str], str],
    phrases: Mapping[str, Sequence[str]],
) -> str:
    """One sentence from `template`; raises Missing when no alternative can be said."""
    out: list[str] = []
    _expand(parse(template), rng, slot, phrases, out)
    return "".join(out)


def _expand(seq: tuple, rng: random.Random, slot, phrases, out: list[str]) -> None:
    for node in seq:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Slot):
            out.append(slot(node.name))
        elif isinstance(node, Choice):
            out.append(_first_that_works([lambda o=o: o for o in node.options], rng, slot, phrases))
        else:
            options = phrases.get(node.name)
            if not options:
                raise KeyError(f"no phrase list <{node.name}>")
            out.append(choose(options, rng, slot, phrases))


def _first_that_works(options: list, rng: random.Random, slot, phrases) -> str:
    for index in rng.sample(range(len(options)), len(options)):
        parts: list[str] = []
        try:
            _expand(options[index](), rng, slot, phrases, parts)
        except Missing:
            continue
        return "".join(parts)
    raise Missing


def choose(
    templates: Sequence[str],
    rng: random.Random,
    slot: Callable[[str], str],
    phrases: Mapping[str, Sequence[str]],
) -> str:
    """One of `templates`, expanded; those whose slots are missing are passed over."""
    return _first_that_works([lambda t=t: parse(t) for t in templates], rng, slot, phrases)


_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_COMMA = re.compile(r" +([,.])")
_FR_ELISION = re.compile(r"\b([dDjJ]|[qQ]u)e ([AEIOUÉÈÊÎÏÔaeiouéèêîïô])")
_FR_CONTRACTION = re.compile(r"\b([dD]e|à|À) (Le|Les|le(?= petite? )) ")
_EN_BEFORE_MARK = re.compile(r" +([?!])")
_DOUBLE_STOP = re.compile(r"([?!])\.")
_SENTENCE = re.compile(r"(^|(?<!\.)[.?!] )([a-zà-ÿ])")


def tidy(text: str, language: str) -> str:
    """Spacing, French elision and contraction ("de Agadez" -> "d'Agadez", "à Le Vieux" -> "au Vieux"),
    capitals at sentence starts (a nickname such as "le Vieux" may open a sentence)."""
    text = _SPACES.sub(" ", text).strip()
    text = _BEFORE_COMMA.sub(r"\1", text)
    if language == "en":
        text = _EN_BEFORE_MARK.sub(r"\1", text)
    if language == "fr":
        text = _FR_CONTRACTION.sub(_contract, text)
        text = _FR_ELISION.sub(lambda m: f"{m[1]}'{m[2]}", text)
    text = _DOUBLE_STOP.sub(r"\1", text)
    text = _SENTENCE.sub(lambda m: m[1] + m[2].upper(), text)
    return text.replace(" ,", ",")


def _contract(match: re.Match[str]) -> str:
    prep, article = match[1], match[2].lower()
    capital = prep[0].isupper()
    word = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}[
        (prep.lower(), article)
    ]
    return (word.capitalize() if capital else word) + " "
