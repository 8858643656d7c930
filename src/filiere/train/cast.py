"""Draw the cast of a scenario: the network's members with their roles, nicknames and SIMs (some
registered to a relative), and the travellers of each convoy (some minors, some exploited)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from filiere.resolve.name_parts import name_group as _group_of
from filiere.train.phones import draw_number, operator_of
from filiere.train.scenario import ENGLISH_COUNTRIES, Line, Person, Size, name_pools

TRAVELLING = ("migrant", "victim", "family")


def _spelling_group(name: str) -> str:
    """Spellings of one name are one name ("Abubakar", "Boubacar"), as the resolver reads them."""
    group, _listed = _group_of(name.lower())
    return group or name.lower()


TRAVELLER_COUNTRIES = {"ML": ("ML", "BF", "SN"), "NG": ("NG", "GH"), "GH": ("GH", "NG"), "BF": ("BF", "ML")}


class CastDrawer:
    """Draws people without repeating a full name, a nickname or a number within one case."""

    def __init__(self, rng: random.Random, language: str, start: date):
        self.rng = rng
        self.language = language
        self.start = start
        self.people: dict[str, Person] = {}
        self.lines: dict[str, Line] = {}
        self.numbers: set[str] = set()
        self.full_names: set[str] = set()
        self.given_used: set[str] = set()  # given names of members and relatives
        self.traveller_given: set[str] = set()
        self.family_used: set[str] = set()  # words of members' and relatives' family names
        self.nicknames_used: set[str] = set()

    def speaks(self, country: str) -> str:
        if self.language != "mixed":
            return self.language
        return "en" if country in ENGLISH_COUNTRIES else "fr"

    def person(
        self,
        pid: str,
        role: str,
        country: str,
        town: str,
        *,
        sex: str | None = None,
        age: tuple[int, int] = (24, 58),
        **extra: Any,
    ) -> Person:
        pools = name_pools()["countries"][country]
        sex = sex or ("f" if role in ("financier", "exploiter") else "m")
        for _attempt in range(200):
            given = self.rng.choice(pools["male" if sex == "m" else "female"])
            family_pool = pools["family"] + pools.get("tuareg_family", []) * (role == "organiser")
            family = self.rng.choice(family_pool)
            # a member's given name is nobody else's (given or family) in the case, so "Moussa" on the phone
            # means one person: an exercise must be solvable from the evidence (travellers may share names)
            name = _spelling_group(given)  # spellings of one name count as one ("Abubakar", "Boubacar")
            clash = name in self.given_used or (
                role not in TRAVELLING
                and (
                    name in self.traveller_given
                    or given in self.family_used
                    or _spelling_group(family) in self.given_used
                )
            )
            if f"{given} {family}" not in self.full_names and not clash and given != family:
                break
        self.full_names.add(f"{given} {family}")
        if role in TRAVELLING:
            self.traveller_given.add(_spelling_group(given))
        else:
            self.given_used.add(_spelling_group(given))
            self.family_used.update(family.split())
        years = self.rng.randint(*age)
        birth = self.start - timedelta(days=365 * years + self.rng.randrange(365))
        person = Person(pid, given, family, sex, country, town, birth, role, self.speaks(country), **extra)
        self.people[pid] = person
        return person

    def nickname(self, person: Person, language: str) -> None:
        choices = [
            n.format(given=person.given)
            for n in name_pools()["nicknames"][person.role][language]
            if n.format(given=person.given) not in self.nicknames_used
        ]
        if choices:
            chosen = self.rng.choice(choices)
            self.nicknames_used.add(chosen)
            person.nicknames.append(chosen)

    def line(
        self,
        person: Person,
        country: str,
        *,
        subscriber: str | None = "self",
        days_old: int = 900,
        tapped: bool = False,
    ) -> Line:
        number = draw_number(self.rng, country, self.numbers)
        activated = self.start - timedelta(days=self.rng.randint(20, days_old))
        owner = person.id if subscriber == "self" else subscriber
        line = Line(number, person.id, owner, operator_of(self.rng, country), activated, tapped)
        self.lines[number] = line
        person.phones.append(number)
        return line


def draw_members(drawer: CastDrawer, route: dict[str, Any], size: Size, trafficking: bool) -> None:
    """The network: who does what, where, on which SIMs."""
    hub, origin, transit, abroad = route["hub"], route["origin"], route["transit"], route["abroad"]
    checkpoint_country = hub["country"]
    rng = drawer.rng
    plan: list[tuple[str, str, str, str]] = [
        ("organiser", hub["country"], hub["place"], "boss"),
        ("recruiter", origin["country"], origin["place"], ""),
        ("recruiter", transit["country"], transit["place"], ""),
        ("transporter", hub["country"], hub["place"], ""),
        ("financier", hub["country"], hub["place"], ""),
        ("ghetto_keeper", abroad["country"], abroad["place"], ""),
        ("corrupt_official", checkpoint_country, route["checkpoint"], ""),
    ]
    if size.guide:
        plan.append(("guide", hub["country"], hub["place"], ""))
    if size.second_transporter:
        plan.append(("transporter", abroad["country"], abroad["place"], "truck"))
    if size.forger:
        plan.append(("forger", origin["country"], origin["place"], ""))
    if trafficking:
        plan.append(("exploiter", abroad["country"], route.get("beyond_country", abroad["country"]), ""))
    relatives = 0
    for index, (role, country, town, _note) in enumerate(plan, start=1):
        member = drawer.person(
            f"M{index:02d}",
            role,
            country,
            town if role != "exploiter" else abroad["place"],
            age=(45, 66) if role == "organiser" else (23, 55),
        )
        nick_count = 2 if role == "organiser" else int(rng.random() < 0.75)
        for _ in range(nick_count):
            drawer.nickname(member, _nickname_language(drawer, member))
        registered_to = "self"
        if role in ("recruiter", "transporter", "guide") and relatives < 2 and rng.random() < 0.5:
            relatives += 1
            relative = drawer.person(
                f"R{relatives:02d}", "relative", country, town, age=(30, 70), relative_of=member.id
            )
            relative.family = member.family  # a brother or a mother: the family name is shared
            registered_to = relative.id
        drawer.line(member, country, subscriber=registered_to, tapped=role in ("organiser", "financier"))
        if role == "organiser":
            # the second SIM, bought recently and registered under another spelling, only for trips
            drawer.line(member, country, days_old=120, tapped=True)


def _nickname_language(drawer: CastDrawer, member: Person) -> str:
    """In a mixed case the organiser's second nickname comes from the other language."""
    if drawer.language == "mixed" and member.role == "organiser" and member.nicknames:
        return "en" if member.language == "fr" else "fr"
    return member.language


def draw_travellers(drawer: CastDrawer, route: dict[str, Any], size: Size, trafficking: bool) -> None:
    rng = drawer.rng
    origin = route["origin"]
    countries = TRAVELLER_COUNTRIES.get(origin["country"], (origin["country"],))
    if drawer.language == "mixed":
        # people join the convoy in the transit country too: French speakers beside English speakers
        countries = (*countries, route["transit"]["country"], route["hub"]["country"])
    count = 0
    for convoy in range(1, size.convoys + 1):
        for _ in range(rng.randint(*size.migrants_per_convoy)):
            count += 1
            country = countries[0] if rng.random() < 0.7 else rng.choice(countries)
            minor = rng.random() < 0.15
            sex = "f" if rng.random() < 0.3 else "m"
            age = (14, 17) if minor else (18, 34)
            traveller = drawer.person(
                f"T{count:03d}",
                "migrant",
                country,
                origin["place"],
                sex=sex,
                age=age,
                minor=minor,
                convoy=convoy,
            )
            if trafficking and rng.random() < (0.7 if sex == "f" or minor else 0.1):
                traveller.role = "victim"
                kinds = route["exploitation"]
                traveller.exploitation = (
                    kinds[0] if sex == "f" and "sexual_exploitation" in kinds else (rng.choice(kinds))
                )
            if rng.random() < 0.6:
                family = drawer.person(
                    f"F{count:03d}",
                    "family",
                    country,
                    origin["place"],
                    age=(38, 65),
                    relative_of=traveller.id,
                )
                family.family = traveller.family
                drawer.line(family, country)
            if rng.random() < 0.4:
                drawer.line(traveller, country)
