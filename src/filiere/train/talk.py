"""What the slots of a call's templates say: people as the speakers name them, amounts, days, places.

One `Talk` per call knows the scenario, the event the call is about and who is speaking; `slot(name)`
returns the words for `{name}` in the current speaker's language, drawn afresh each time so that the
same fact is said several ways ("150 000 F", "cent cinquante mille", "150 mille"). Slots that have
nothing to say raise `Missing` (no minor in the convoy, a role the case has not drawn, a person who is on
the line himself). Every person whose name or nickname is said is remembered in `named`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from filiere.train.grammar import Missing
from filiere.train.phones import written
from filiere.train.scenario import Call, Event, Person, Scenario
from filiere.train.words import number_words

# Slot name -> (role, index among the people of that role), in the order the story draws them.
ROLE_SLOTS = {
    "boss": ("organiser", 0),
    "cashier": ("financier", 0),
    "rec1": ("recruiter", 0),
    "rec2": ("recruiter", 1),
    "driver": ("transporter", 0),
    "truck": ("transporter", 1),
    "guide": ("guide", 0),
    "keeper": ("ghetto_keeper", 0),
    "official": ("corrupt_official", 0),
    "exploiter": ("exploiter", 0),
    "forger": ("forger", 0),
}
MODES = {"bus": "bus", "car": "bus", "Toyota Hilux": "pickup", "camion": "truck", "pirogue": "pirogue"}


def relation(caller: Person, callee: Person) -> str:
    """'up' when calling the boss, 'down' when the boss calls, 'peer' otherwise (the official included)."""
    if callee.role == "organiser" and caller.role != "corrupt_official":
        return "up"
    if caller.role == "organiser" and callee.role != "corrupt_official":
        return "down"
    return "peer"


class Talk:
    def __init__(self, scenario: Scenario, call: Call, rng: random.Random, words: dict[str, dict]):
        self.scenario = scenario
        self.call = call
        self.event: Event = scenario.event(call.topic) if call.topic else scenario.events[0]
        self.rng = rng
        self.words = words  # language -> the `words:` block of its grammar
        self.people = scenario.people
        self.sides = {"A": self.people[call.caller], "B": self.people[call.callee]}
        self.speaker = "A"
        self.lang = "fr"
        self.named: set[str] = set()
        self.addressed = False  # the current line already calls the other by a name
        self.fixed: dict[tuple[str, str], Any] = {}  # (language, what) -> a choice kept for the whole call
        self.member_names = {n for m in scenario.members() for n in (m.given, *m.nicknames)}
        travellers = [self.people[p] for p in self.event.people if p in self.people]
        self.group = travellers or [p for p in scenario.travellers() if p.convoy == self.event.convoy]
        self._slots: dict[str, Callable[[], str]] = {
            "you": self.you,
            "me": lambda: self.self_name(self.sides[self.speaker]),
            "my_town": lambda: self.scenario.place_name(self.sides[self.speaker].town),
            "your_town": lambda: self.scenario.place_name(self.sides[self.other].town),
            "greet": self.greet,
            "n": lambda: self.count(len(self.group)),
            "n_people": self.n_people,
            "n_goods": lambda: self.pick("goods")["count"].replace("{n}", self.count(len(self.group))),
            "goods": lambda: self.keep("goods")["plural"],
            "one_good": lambda: self.keep("goods")["one"],
            "girls": self.girls,
            "minor": lambda: self.name_of(self.minor()),
            "minor_age": lambda: self.age(self.minor()),
            "minor_he": lambda: self.pronoun(self.minor()),
            "traveller": lambda: self.name_of(self.traveller(0)),
            "traveller2": lambda: self.name_of(self.traveller(1)),
            "trav_he": lambda: self.pronoun(self.traveller(0)),
            "trav_his": lambda: self.pick_from(self.word("his")[self.traveller(0).sex]),
            "payer": self.payer,
            "payer_of": self.payer_of,
            "work": self.work,
            "amount": lambda: self.money(self.need(self.event.amount)),
            "total": lambda: self.money(self.need(self.event.amount) * len(self.group)),
            "per_head": lambda: self.money(self.need(self.event.amount) // max(1, len(self.group))),
            "channel": lambda: self.need(self.event.channel if self.event.channel != "cash" else None),
            "days": self.days,
            "dead": lambda: self.count(self.need(self.event.details.get("dead"))),
            "nodead": lambda: "" if not self.event.details.get("dead") else self.missing(),
            "when": lambda: self.day(self.event.when),
            "leave": self.leave,
            "hour": lambda: self.hour(self.event.when),
            "vehicle": self.vehicle,
            "here": lambda: self.scenario.place_name(self.event.place),
            "next_stop": lambda: self.scenario.place_name(self.need(self.event.details.get("to"))),
            "rank": lambda: self.pick_from(self.word("ranks")),
        }
        for key in ("origin", "transit", "hub", "abroad"):
            self._slots[key] = lambda key=key: self.scenario.place_name(self.scenario.route[key]["place"])
        self._slots["checkpoint"] = lambda: self.scenario.place_name(self.scenario.route["checkpoint"])
        self._slots["beyond"] = lambda: self.scenario.place_name(self.need(self.scenario.route.get("beyond")))
        self._slots["desert"] = lambda: self.scenario.place_name(self.desert())
        for slot, (role, index) in ROLE_SLOTS.items():
            self._slots[slot] = lambda r=role, i=index: self.name_of(self.third(r, i))
            self._slots[f"{slot}_d"] = lambda r=role, i=index: self.described(self.third(r, i))
            self._slots[f"{slot}_phone"] = lambda r=role, i=index: self.phone(self.third(r, i))

    # --- plumbing ----------------------------------------------------------------------------------
    @property
    def other(self) -> str:
        return "B" if self.speaker == "A" else "A"

    def slot(self, name: str) -> str:
        if name not in self._slots:
            raise KeyError(f"unknown slot {{{name}}}")
        return self._slots[name]()

    def word(self, key: str) -> Any:
        return self.words[self.lang][key]

    def pick_from(self, options: list) -> Any:
        return self.rng.choice(options)

    def pick(self, key: str) -> Any:
        return self.rng.choice(self.word(key))

    def keep(self, key: str) -> Any:
        """One choice of `key` for the whole call in this language (the code word the network uses)."""
        if (self.lang, key) not in self.fixed:
            self.fixed[(self.lang, key)] = self.pick(key)
        return self.fixed[(self.lang, key)]

    @staticmethod
    def need(value: Any) -> Any:
        if not value:
            raise Missing
        return value

    @staticmethod
    def missing() -> str:
        raise Missing

    # --- people ------------------------------------------------------------------------------------
    def third(self, role: str, index: int) -> Person:
        found = self.scenario.by_role(role)
        if len(found) <= index or found[index].id in (self.call.caller, self.call.callee):
            raise Missing
        return found[index]

    def name_of(self, person: Person) -> str:
        """A name or nickname as the network says it: the first nickname most often."""
        self.named.add(person.id)
        if not person.is_member and person.given in self.member_names:
            return f"{person.given} {person.family}"  # "Kofi" alone would read as the recruiter Kofi
        if not person.is_member:
            small = self.word("small")[person.sex]
            return f"{small} {person.given}" if person.minor and self.rng.random() < 0.3 else person.given
        forms = [*person.nicknames * 2, person.given]
        if self.rng.random() < 0.08:
            return f"{person.given} {person.family}"
        return self.rng.choice(forms)

    def described(self, person: Person) -> str:
        """ "le chauffeur Rabé", "Tantie, la dame de l'argent": a name with what the person does."""
        pattern = self.pick_from(self.word("descriptors")[person.role])
        return pattern.replace("{name}", self.name_of(person))

    def you(self) -> str:
        self.addressed = True
        return self.address(self.sides[self.other])

    def address(self, person: Person) -> str:
        """How the speaker calls the other one: nickname, given name, or a word of respect."""
        roll = self.rng.random()
        if roll < 0.5 and person.nicknames:
            nick = self.rng.choice(person.nicknames)
            for article in self.word("articles"):
                if nick.startswith(article + " "):
                    bare = nick[len(article) + 1 :]
                    keep = 0.3 if self.lang == "fr" else 0.0  # "Alors, le Vieux ?" but "Old Man, …"
                    return f"{article.lower()} {bare}" if self.rng.random() < keep else bare
            return nick
        if roll < 0.8:
            return person.given
        rel = relation(self.sides[self.speaker], person) if person is not self.sides[self.speaker] else "peer"
        kind = {"up": "up", "down": "down", "peer": "peer"}[rel]
        if person.role == "corrupt_official":
            kind = "official"
        return self.pick_from(self.word("address")[f"{kind}_{person.sex}"])

    def self_name(self, person: Person) -> str:
        return person.called if self.rng.random() < 0.6 else person.given

    def phone(self, person: Person) -> str:
        self.named.add(person.id)
        return (
            written(person.phones[0], self.rng, self.scenario.case_country)
            if person.phones
            else self.missing()
        )

    def minor(self) -> Person:
        minors = [p for p in self.group if p.minor]
        return self.need(minors)[0]

    def traveller(self, index: int) -> Person:
        if len(self.group) <= index:
            raise Missing
        return self.group[index]

    def pronoun(self, person: Person) -> str:
        return self.word("pronouns")[person.sex]

    def age(self, person: Person) -> str:
        years = self.event.when.year - person.birth.year
        if (self.event.when.month, self.event.when.day) < (person.birth.month, person.birth.day):
            years -= 1
        said = number_words(years, self.lang) if self.rng.random() < 0.7 else str(years)
        return self.pick_from(self.word("age")).replace("{age}", said)

    def girls(self) -> str:
        count = sum(1 for p in self.group if p.sex == "f")
        return self.pick_from(self.word("girls")).replace("{n}", self.count(self.need(count)))

    def payer(self) -> str:
        payer_id = self.event.details.get("payer")
        payer = self.people.get(payer_id) if payer_id else None
        traveller = self.traveller(0)
        kin = self.word("kin")[payer.sex if payer else "m"]
        words = self.pick_from(kin).replace("{his}", self.word("his")[traveller.sex][0])
        if payer and self.rng.random() < 0.35:
            self.named.add(payer.id)
            return f"{words} {payer.given}"
        return words

    def days(self) -> str:
        count = self.need(self.event.details.get("days_stranded"))
        unit = self.word("days_count")["one" if count == 1 else "many"]
        said = self.count(count) if count > 1 else ("un" if self.lang == "fr" else "one")
        return unit.replace("{n}", said)

    def payer_of(self) -> str:
        """ "le père de Moussa", "Blessing's mother": the payer named through the traveller."""
        payer_id = self.event.details.get("payer")
        payer = self.people.get(payer_id) if payer_id else None
        pattern = self.pick_from(self.word("kin_of")[payer.sex if payer else "m"])
        return pattern.replace("{t}", self.name_of(self.traveller(0)))

    def work(self) -> str:
        kind = self.event.details.get("exploitation") or next(
            (p.exploitation for p in self.group if p.exploitation), None
        )
        return self.pick_from(self.word("work")[self.need(kind)])

    def n_people(self) -> str:
        sexes = {p.sex for p in self.group}
        kind = "male" if sexes == {"m"} and self.rng.random() < 0.6 else "any"
        return self.pick_from(self.word("people")[kind]).replace("{n}", self.count(len(self.group)))

    # --- numbers, money, time ----------------------------------------------------------------------
    def count(self, n: int) -> str:
        return number_words(n, self.lang) if n < 20 and self.rng.random() < 0.6 else str(n)

    def money(self, value: int) -> str:
        currency = self.event.currency or "XOF"
        table = self.word("money")
        forms = {
            "digits": _grouped(value, " "),
            "dotted": _grouped(value, "."),
            "comma": _grouped(value, ","),
        }
        forms["words"] = number_words(value, self.lang)
        if value % 1000 == 0 and value >= 1000:
            forms["thousands"] = str(value // 1000)
        if value >= 1_000_000 and value % 100_000 == 0:
            forms["millions"] = f"{value / 1_000_000:g}".replace(".", "," if self.lang == "fr" else ".")
        usable = [f for f in table.get(currency, table["default"]) if _fits(f, forms)]
        chosen = self.rng.choice(usable)
        for key, text in forms.items():
            chosen = chosen.replace("{" + key + "}", text)
        return chosen

    def greet(self) -> str:
        hour = self.call.when.hour
        part = "morning" if 4 <= hour < 12 else "day" if hour < 17 else "evening" if hour < 22 else "night"
        return self.pick_from(self.word("greet")[part])

    def day(self, when: datetime) -> str:
        delta = (when.date() - self.call.when.date()).days
        days = self.word("days")
        weekday = days["weekdays"][when.weekday()]
        evening = when.hour >= 18 or when.hour < 4
        key = {0: "today", 1: "tomorrow", 2: "after_tomorrow", -1: "yesterday", -2: "before_yesterday"}.get(
            delta
        )
        if key is None:
            key = "next" if 0 < delta < 7 else "last" if -7 < delta < 0 else "date"
        options = list(days[key])
        if evening and f"{key}_evening" in days:
            options += days[f"{key}_evening"]
        text = self.pick_from(options)
        month = days["months"][when.month - 1]
        return text.replace("{weekday}", weekday).replace("{d}", str(when.day)).replace("{month}", month)

    def leave(self) -> str:
        raw = self.need(self.event.details.get("leave"))
        return self.day(datetime.fromisoformat(raw).replace(hour=self.event.when.hour))

    def hour(self, when: datetime) -> str:
        hour = when.hour if when.minute < 45 else (when.hour + 1) % 24
        pattern = self.pick_from(self.word("hours"))
        shown = hour if self.lang == "fr" else (hour % 12 or 12)
        return pattern.replace("{h}", str(shown))

    def vehicle(self) -> str:
        mode = MODES.get(self.need(self.event.vehicle), "pickup")
        return self.pick_from(self.word("vehicles")[mode])

    def desert(self) -> str:
        if self.event.kind in ("breakdown", "thirst"):
            return self.event.place
        return self.scenario.route["desert"][0]


def _grouped(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator)


def _fits(pattern: str, forms: dict[str, str]) -> bool:
    return all(key in forms for key in re.findall(r"\{([a-z]+)\}", pattern))
