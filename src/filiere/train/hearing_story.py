"""What one heard traveller tells, as questions and answers: the events of the scenario they lived, in the
order they lived them, with the members named the way travellers know them (a nickname, a given name,
sometimes a full name with "qu'on appelle" / "known as"), and their roles showing through what they did.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from filiere.train.hearing_grammar import Expander, Slots, phrasebook
from filiere.train.phones import written
from filiere.train.scenario import EVENT_KINDS, Event, Person, Scenario, name_pools

# The order a traveller lives the events of one convoy (several events can fall on one day).
KIND_ORDER = tuple(kind for kind in EVENT_KINDS if kind != "commission")
# Slot key of each member a traveller may name -> (role, index among members of that role).
MEMBER_KEYS = {
    "rec": ("recruiter", 0),
    "relay": ("recruiter", 1),
    "boss": ("organiser", 0),
    "cash": ("financier", 0),
    "driver": ("transporter", 0),
    "truck": ("transporter", 1),
    "guide": ("guide", 0),
    "official": ("corrupt_official", 0),
    "keeper": ("ghetto_keeper", 0),
    "madam": ("exploiter", 0),
    "forger": ("forger", 0),
}
# Episode -> (member key, chance) of the witness giving that member's phone number in it.
NUMBER_CHANCE = {
    "recruitment": ("rec", 0.35),
    "handover": ("relay", 0.25),
    "ghetto": ("boss", 0.12),
    "payment_family": ("cash", 0.55),
    "payment_self": ("cash", 0.55),
    "order": ("driver", 0.2),
    "arrival": ("keeper", 0.25),
}


@dataclass
class Told:
    """The statement of one hearing: an opening paragraph (or none), the turns, what it shows."""

    opening: str
    turns: list[tuple[str, str]]
    shows: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)


class MemberRef:
    """How one witness names one member during one hearing: introduced once, then a short name."""

    def __init__(self, person: Person, teller: Teller):
        self.person = person
        self.teller = teller
        self.introduced = False
        self.number_given = False
        rng = teller.rng
        nicks = person.nicknames
        if person.role == "corrupt_official":
            self.style = "nick" if nicks and rng.random() < 0.4 else "anonymous"
        elif nicks:
            roll = rng.random()
            self.style = (
                "nick" if roll < 0.35 else "full" if roll < 0.75 else "given" if roll < 0.9 else "full_plain"
            )
        else:
            self.style = "given" if rng.random() < 0.65 else "full_plain"
        self.nick = rng.choice(nicks) if nicks else ""
        self.rank = rng.choice(name_pools()["ranks"][teller.language])
        if self.style == "anonymous":
            self.handle = teller.words(self.own_slots()).pick(teller.book["intro"]["anonymous_handle"]) or ""
        else:
            self.handle = self.nick if self.style in ("nick", "full") else person.given

    def own_slots(self) -> Slots:
        p, fr, female = self.person, self.teller.language == "fr", self.person.sex == "f"
        values = {"nick": self.nick, "given": p.given, "FAMILY": p.family.upper(), "rank": self.rank}
        if fr:
            values |= {"un": "une" if female else "un", "homme": "femme" if female else "homme"}
            values |= {"e": "e" if female else "", "celui": "celle" if female else "celui"}
        else:
            values |= {"man": "woman" if female else "man", "he": "she" if female else "he"}
        return Slots(values)

    def name(self) -> str:
        if self.introduced:
            return self.handle
        self.introduced = True
        if self.style != "anonymous":
            self.teller.named.add(self.person.id)
        return self.teller.words(self.own_slots()).pick(self.teller.book["intro"][self.style]) or self.handle

    def number(self) -> str:
        self.number_given = True
        self.teller.named.add(self.person.id)
        return written(self.person.phones[0], self.teller.rng, self.teller.scenario.case_country)

    def forms(self) -> dict[str, str]:
        female = self.person.sex == "f"
        if self.teller.language == "fr":
            return {
                "il": "elle" if female else "il",
                "e": "e" if female else "",
                "lui": "elle" if female else "lui",
                "le": "la" if female else "le",
                "un": "une" if female else "un",
                "homme": "femme" if female else "homme",
                "celui": "celle" if female else "celui",
            }
        return {
            "he": "she" if female else "he",
            "him": "her" if female else "him",
            "his": "her" if female else "his",
            "man": "woman" if female else "man",
        }


class Teller:
    def __init__(self, scenario: Scenario, person: Person, rng: random.Random):
        self.scenario = scenario
        self.person = person
        self.rng = rng
        self.language = person.language
        self.book = phrasebook(self.language)
        self.named: set[str] = {person.id}
        self.offer: set[str] = set()
        self.styles = {cur: rng.randrange(len(s)) for cur, s in sorted(self.book["amounts"].items())}
        self.members: dict[str, MemberRef] = {}
        for key, (role, index) in MEMBER_KEYS.items():
            found = scenario.by_role(role)
            if len(found) > index and found[index].phones:
                self.members[key] = MemberRef(found[index], self)
        self.base = self._base_values()

    # --- words -------------------------------------------------------------------------------------------
    def words(self, slots: Slots) -> Expander:
        return Expander(self.book["rules"], self.rng, slots, self.language == "fr")

    def slots(self, extra: dict[str, str]) -> Slots:
        slots = Slots(self.base | extra)
        for key, ref in self.members.items():
            slots.dynamic[key] = (lambda: True, ref.name)
            slots.dynamic[f"{key}_h"] = (lambda ref=ref: ref.introduced, lambda ref=ref: ref.handle)
            slots.dynamic[f"{key}_num"] = (
                lambda key=key, ref=ref: key in self.offer and not ref.number_given,
                ref.number,
            )
            for form, value in ref.forms().items():
                slots.values[f"{key}_{form}"] = value
        return slots

    def place(self, place_id: str) -> str:
        return self.scenario.place_name(place_id)

    def number_words(self, count: int) -> str:
        words = self.book["numbers"]
        return words[count] if count < len(words) and self.rng.random() < 0.6 else str(count)

    def day(self, when: datetime | date) -> str:
        month = self.book["months"][when.month - 1]
        if self.language == "fr":
            return f"{'1er' if when.day == 1 else when.day} {month}"
        return f"{when.day} {month}" if self.rng.random() < 0.5 else f"{month} {when.day}"

    def money(self, amount: int, currency: str) -> str:
        styles = self.book["amounts"].get(currency, ["{n} " + currency])
        style = styles[self.styles.get(currency, 0) % len(styles)]
        sep = " " if self.language == "fr" else ","
        n = f"{amount:,}".replace(",", sep)
        if "{k}" in style and amount % 1000:
            style = styles[0]
        return style.format(n=n, k=f"{amount // 1000:,}".replace(",", sep))

    def _base_values(self) -> dict[str, str]:
        s, p, route = self.scenario, self.person, self.scenario.route
        abroad_country = route["abroad"]["country"]
        country = self.book["countries"][abroad_country]
        values = {
            "e": "e" if p.sex == "f" and self.language == "fr" else "",
            "origin": self.place(route["origin"]["place"]),
            "transit": self.place(route["transit"]["place"]),
            "hub": self.place(route["hub"]["place"]),
            "abroad": self.place(route["abroad"]["place"]),
            "checkpoint": self.place(route["checkpoint"]),
            "beyond": self.place(route["beyond"]),
            "dest": country["name"],
            "dest_in": country["in"],
            "home": self.place(birthplace(s, p)),
            "occupation": occupation(s, p),
            "fem" if p.sex == "f" else "masc": "",
            "minor" if p.minor else "adult": "",
            "victim" if p.role == "victim" else "migrant": "",
            "age": str(age_at(p, s.start)),
            "birth_year": str(p.birth.year),
        }
        return values

    # --- the hearing -------------------------------------------------------------------------------------
    def answer(self, episode: dict[str, Any], slots: Slots) -> tuple[str, str] | None:
        words = self.words(slots)
        question = words.pick(episode["q"])
        if question is None:
            return None
        question = words.tidy(question)
        reply = words.answer(episode["a"])
        return (question, reply) if reply else None

    def episode(self, name: str, extra: dict[str, str]) -> list[tuple[str, str]]:
        episode = self.book["episodes"][name]
        key, chance = NUMBER_CHANCE.get(name, (None, 0.0))
        self.offer = {key} if key and self.rng.random() < chance else set()
        slots = self.slots(extra)
        turns = []
        first = self.answer(episode, slots)
        if first:
            turns.append(first)
        self.offer = set()
        for more in episode.get("more", []):
            if turns and self.rng.random() < more["p"]:
                extra_turn = self.answer(more, self.slots(extra))
                if extra_turn:
                    turns.append(extra_turn)
        return turns

    def event_values(self, ev: Event) -> tuple[str, dict[str, str]]:
        """The episode that tells `ev`, and the slots it needs."""
        values: dict[str, str] = {"date": self.day(ev.when), "count": self.number_words(len(ev.people))}
        name = ev.kind
        if ev.amount is not None and ev.currency:
            values["amount"] = self.money(ev.amount, ev.currency)
        if ev.vehicle:
            indefinite, definite = self.book["vehicles"].get(ev.vehicle, [ev.vehicle, ev.vehicle])
            values |= {"a_vehicle": indefinite, "the_vehicle": definite}
        if ev.kind == "departure":
            values["to"] = self.place(ev.details.get("to", ev.place))
            values["count"] = self.number_words(len(ev.people))
        elif ev.kind == "order":
            values["count"] = self.number_words(int(ev.details.get("count", len(ev.people))))
        elif ev.kind == "documents":
            fake = fake_birth_year(self.scenario, self.person)
            real_age = age_at(self.person, ev.when.date())
            values |= {"fake_year": str(fake), "fake_age": str(real_age + self.person.birth.year - fake)}
        elif ev.kind == "checkpoint":
            values.pop("amount", None)
            if ev.amount and self.rng.random() < 0.5:
                values["bribe"] = self.money(ev.amount, ev.currency or "XOF")
        elif ev.kind in ("breakdown", "thirst"):
            days = int(ev.details.get("days_stranded", 1))
            values["desert"] = self.place(ev.place)
            values["days"] = self.days(days)
            values["dead" if ev.details.get("dead") else "nodead"] = ""
        elif ev.kind == "debt":
            values["debt"] = values.pop("amount", "")
        elif ev.kind == "forced_work":
            name = (
                f"forced_work_{self.person.exploitation or ev.details.get('exploitation') or 'forced_labour'}"
            )
        elif ev.kind == "payment":
            name = self.payment_values(ev, values)
        return name, values

    def payment_values(self, ev: Event, values: dict[str, str]) -> str:
        channel = ev.channel or "cash"
        channel_word = self.book.get("channels", {}).get(channel, channel)
        values["channel"] = channel_word
        values["by_channel"] = ("par " if self.language == "fr" else "by ") + channel_word
        if self.person.id not in ev.people:
            other = self.scenario.people[ev.people[0]]
            values["other"] = other.given
            self.named.add(other.id)
            return "payment_other"
        payer_id = ev.details.get("payer")
        if not payer_id:
            return "payment_self"
        payer = self.scenario.people[payer_id]
        relation = self.rng.choice(self.book["relations"][payer.sex])
        values |= {
            "payer": f"{relation} {payer.given}",
            "payer_short": relation if self.rng.random() < 0.5 else payer.given,
            "payer_il": ("elle" if payer.sex == "f" else "il") if self.language == "fr" else "",
        }
        if self.language == "en":
            values["payer_il"] = "she" if payer.sex == "f" else "he"
        self.named.add(payer.id)
        return "payment_family"

    def days(self, days: int) -> str:
        unit = ("jour", "jours") if self.language == "fr" else ("day", "days")
        words = self.book["numbers"]
        count = words[days] if days < len(words) else str(days)
        return f"{count} {unit[0] if days == 1 else unit[1]}"


def told_events(scenario: Scenario, person: Person, last: Event, rng: random.Random) -> list[Event]:
    """The events the witness lived up to `last`, and one payment of a fellow traveller they saw."""
    own = [
        ev
        for ev in scenario.events
        if person.id in ev.people and ev.kind != "commission" and ev.when <= last.when
    ]
    seen = [
        ev
        for ev in scenario.events
        if ev.kind == "payment"
        and ev.convoy == person.convoy
        and person.id not in ev.people
        and ev.when <= last.when
    ]
    if seen and rng.random() < 0.5:
        own.append(rng.choice(seen))
    return sorted(own, key=lambda ev: (KIND_ORDER.index(ev.kind), person.id not in ev.people, ev.when, ev.id))


def tell(scenario: Scenario, person: Person, last: Event, rng: random.Random) -> Told:
    teller = Teller(scenario, person, rng)
    opening = ""
    if person.minor:
        slots = teller.slots({})
        words = teller.words(slots)
        guardian = words.pick(teller.book["guardians"]) or ""
        slots.values |= {"guardian": guardian, "guardian_cap": guardian[:1].upper() + guardian[1:]}
        opening = words.answer(teller.book["episodes"]["minor_intro"])
    told = Told(opening, [])
    if rng.random() < 0.8:
        told.turns += teller.episode("background", {})
    for ev in told_events(scenario, person, last, rng):
        name, values = teller.event_values(ev)
        turns = teller.episode(name, values)
        if turns:
            told.turns += turns
            told.shows.add(ev.id)
    if rng.random() < 0.7:
        told.turns += teller.episode("closing", {})
    told.people = set(teller.named)
    return told


def age_at(person: Person, day: date) -> int:
    years = day.year - person.birth.year
    return years - ((day.month, day.day) < (person.birth.month, person.birth.day))


def fake_birth_year(scenario: Scenario, person: Person) -> int:
    """The birth year on a minor's forged card, the same in every file that mentions it."""
    return person.birth.year - random.Random(f"{scenario.seed}:fake-year:{person.id}").randint(2, 4)


def birthplace(scenario: Scenario, person: Person) -> str:
    """A town of the person's country (their home town), the same for one person in every file."""
    from filiere.extract.gazetteer import gazetteer

    towns = sorted(
        p.id
        for p in gazetteer().places.values()
        if p.country == person.country and p.kind in ("city", "town")
    )
    if not towns:
        return person.town
    return random.Random(f"{scenario.seed}:birthplace:{person.id}").choice(towns)


def occupation(scenario: Scenario, person: Person) -> str:
    jobs = phrasebook(person.language)["occupations"]
    key = f"{'minor' if person.minor else 'adult'}_{person.sex}"
    return random.Random(f"{scenario.seed}:occupation:{person.id}").choice(jobs[key])
