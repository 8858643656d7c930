"""The conversation of one intercepted call: greeting, the business of the event, small talk, goodbye.

Scenes come from the phrase grammars data/train/calls_fr.yaml and calls_en.yaml. The two files have the
same shape (same sections, scenes and beats in the same order), so a call between a French and an English
speaker can say each beat in either language: each speaks his own, both switch to one after a request, or
both keep to the call's language. A beat is ``{A: [...]}`` or ``{B: [...]}`` (A is the caller, who speaks
first), ``{A?: …}`` when optional, or ``{"?": [beats…]}`` for an optional exchange said whole or not at all.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from filiere.data import DATA_DIR, load_yaml
from filiere.train.grammar import Missing, choose, tidy
from filiere.train.scenario import Call, Scenario
from filiere.train.talk import Talk, relation

LANGUAGES = ("fr", "en")
SECTIONS = ("openings", "trouble", "smalltalk", "closings", "switch", "scenes")
SHORT = 45  # characters: a line this short is often said with a name or an interjection
_FIRST_STOP = re.compile(r" ?[.?!]")


@dataclass
class Turn:
    side: str  # "A" (caller) or "B" (callee)
    text: str
    language: str


@cache
def grammar(language: str) -> dict[str, Any]:
    path = DATA_DIR / "train" / f"calls_{language}.yaml"
    return load_yaml(path.read_text(encoding="utf-8"))


def scene_key(scenario: Scenario, call: Call) -> str:
    """The scene list for the call's event, as said by these two roles ("order/to_guide", "debt/sms")."""
    kind = scenario.event(call.topic).kind if call.topic else "generic"
    caller, callee = scenario.people[call.caller], scenario.people[call.callee]
    scenes = grammar("fr")["scenes"]
    for key in (
        f"{kind}/sms" if call.sms else None,
        f"{kind}/to_{callee.role}",
        f"{kind}/from_{caller.role}",
        kind,
    ):
        if key and key in scenes:
            return key
    return "generic/sms" if call.sms else "generic"


class Conversation:
    def __init__(self, scenario: Scenario, call: Call, rng: random.Random):
        self.scenario = scenario
        self.call = call
        self.rng = rng
        self.talk = Talk(scenario, call, rng, {lang: grammar(lang)["words"] for lang in LANGUAGES})
        caller, callee = scenario.people[call.caller], scenario.people[call.callee]
        self.speaks = {"A": caller.language, "B": callee.language}
        self.mode = "same" if caller.language == callee.language else self._draw_mode()
        self.switched_to: str | None = None
        self.turns: list[Turn] = []
        self.optional = 0.25 if call.duration < 60 else 0.7 if call.duration > 240 else 0.5

    def _draw_mode(self) -> str:
        roll = self.rng.random()
        return "each" if roll < 0.4 else "call" if roll < 0.65 else "switch"

    def language(self, side: str) -> str:
        if self.mode == "same":
            return self.speaks[side]
        if self.mode == "call":
            return self.call.language
        if self.mode == "switch" and self.switched_to:
            return self.switched_to
        return self.speaks[side] if self.mode == "each" else self.speaks["A"]

    # --- plan ----------------------------------------------------------------------------------------
    def run(self) -> list[Turn]:
        if self.call.sms:
            self.scene("scenes", scene_key(self.scenario, self.call))
            return self.turns
        caller, callee = self.scenario.people[self.call.caller], self.scenario.people[self.call.callee]
        self.scene("openings", relation(caller, callee))
        long_call = self.call.duration > 150
        if self.turns[-1].side == "B" and self.rng.random() < 0.12:
            self.scene("trouble")
        if self.mode == "switch":
            self.switch()
        if self.turns[-1].side == "B" and self.rng.random() < (0.45 if long_call else 0.15):
            self.scene("smalltalk")
        self.scene("scenes", scene_key(self.scenario, self.call))
        if long_call and self.turns[-1].side == "B" and self.rng.random() < 0.3:
            self.scene("smalltalk")
        if self.rng.random() < 0.9:
            self.scene("closings")
        return self.turns

    def switch(self) -> None:
        """The one who speaks the other language asks to talk in his; both go on in it."""
        asker = "B" if self.speaks["B"] != self.speaks["A"] else "A"
        language = self.speaks[asker]
        lines = grammar(language)["switch"]
        self.talk.speaker, self.talk.lang = asker, language
        self.say(asker, language, lines, lively=False)
        self.switched_to = language

    def scene(self, section: str, key: str | None = None) -> None:
        pool = grammar("fr")[section]
        scenes = pool[key] if key is not None else pool
        index = self.rng.randrange(len(scenes))
        self.beats(section, key, index, list(range(len(scenes[index]))), [])

    def beats(self, section: str, key: str | None, index: int, positions: list[int], path: list[int]) -> None:
        for position in positions:
            beat = self._beat(section, key, index, [*path, position], "fr")
            (mark, _value) = next(iter(beat.items()))
            if mark == "?":
                if self.rng.random() >= self.optional:
                    continue
                saved = (list(self.turns), set(self.talk.named))
                try:
                    self.beats(section, key, index, list(range(len(beat["?"]))), [*path, position])
                except Missing:
                    self.turns, self.talk.named = saved[0], saved[1]
                continue
            side = mark[0]
            if mark.endswith("?") and self.rng.random() >= self.optional:
                continue
            language = self.language(side)
            lines = self._beat(section, key, index, [*path, position], language)[mark]
            self.talk.speaker, self.talk.lang = side, language
            try:
                self.say(side, language, lines if isinstance(lines, list) else [lines], section != "openings")
            except Missing:
                if path:  # inside an optional exchange: drop the whole exchange
                    raise

    def _beat(self, section: str, key: str | None, index: int, path: list[int], language: str) -> dict:
        pool = grammar(language)[section]
        node: Any = (pool[key] if key is not None else pool)[index]
        for depth, position in enumerate(path):
            node = node[position]
            if depth < len(path) - 1:
                node = node["?"]
        return node

    def say(self, side: str, language: str, lines: list[str], lively: bool = True) -> None:
        """Add one line for `side`; short lines sometimes get a name or an interjection (`lively`; never
        while the callers are still finding out who is on the line)."""
        phrases = grammar(language)["phrases"]
        self.talk.addressed = False
        text = tidy(choose(lines, self.rng, self.talk.slot, phrases), language)
        if not text:
            return
        if lively and self.turns and len(text) < SHORT and self.rng.random() < 0.45:
            text = self.enliven(text, language)
        if self.turns and self.turns[-1].side == side:
            last = self.turns[-1]
            self.turns[-1] = Turn(side, f"{last.text} {text}", last.language)
        else:
            self.turns.append(Turn(side, text, language))

    def enliven(self, text: str, language: str) -> str:
        """Short lines get what people add to them: the other's name, or an "Eh !" before."""
        if self.talk.addressed or self.rng.random() < 0.3:
            if self.rng.random() < 0.5:
                return text
            return f"{self.rng.choice(grammar(language)['phrases']['tics'])} {text}"
        match = _FIRST_STOP.search(text)
        if match is None:
            return text
        name = self.talk.slot("you")
        return f"{text[: match.start()]}, {name}{text[match.start() :]}"


def converse(scenario: Scenario, call: Call, rng: random.Random) -> tuple[list[Turn], set[str]]:
    """The turns of `call` (the caller's first) and the ids of the people named in them."""
    conversation = Conversation(scenario, call, rng)
    turns = conversation.run()
    if not turns or turns[0].side != "A":
        raise ValueError(f"call {call.id}: the dialogue must open with the caller")
    return turns, conversation.talk.named
