"""The scenario model of a generated case: who is in the network, who travels, and what happens to whom.

Everything downstream (transcripts, hearings, CDR, statements, truth.json) is rendered from one Scenario,
so the evidence is consistent with the answer by construction. One `random.Random(seed)` drives every
choice, and nothing reads the clock, so the same seed gives the same scenario.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from filiere.data import DATA_DIR, load_yaml
from filiere.extract.gazetteer import place
from filiere.network.roles import CRIMINAL_ROLES

SIZES = ("small", "medium", "large")
LANGUAGES = ("fr", "en", "mixed")
MEMBER_ROLES = CRIMINAL_ROLES  # the roles a generated network member can have: all of them
ENGLISH_COUNTRIES = ("NG", "GH")
# What happens to a convoy, in the order a traveller lives it (story.py draws them; commissions are paid
# to the recruiters on the side).
EVENT_KINDS = (
    "recruitment",
    "documents",
    "departure",
    "handover",
    "ghetto",
    "payment",
    "order",
    "checkpoint",
    "breakdown",
    "thirst",
    "arrival",
    "debt",
    "forced_work",
    "escape",
    "commission",
)
TRIP_KINDS = ("order", "checkpoint", "breakdown", "thirst", "arrival", "debt", "escape")


@dataclass(frozen=True)
class Size:
    convoys: int
    migrants_per_convoy: tuple[int, int]
    transcripts: int
    hearings: int
    cdr_rows: int
    guide: bool
    second_transporter: bool
    forger: bool


SIZE_TABLE = {
    "small": Size(1, (6, 9), 10, 3, 3_000, False, False, False),
    "medium": Size(3, (8, 14), 30, 7, 30_000, True, True, False),
    "large": Size(6, (8, 16), 70, 14, 300_000, True, True, True),
}


@dataclass
class Person:
    """Anyone in the case. `role` is a member role, or victim / migrant / relative / family."""

    id: str
    given: str
    family: str
    sex: str  # "m" | "f"
    country: str  # nationality, ISO 3166 alpha-2
    town: str  # gazetteer id of where they live or work
    birth: date
    role: str
    language: str  # "fr" | "en": what they speak on the phone and in a hearing
    nicknames: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # numbers they use, E.164
    minor: bool = False
    exploitation: str | None = None  # victims only: forced_labour, sexual_exploitation, domestic_servitude
    convoy: int | None = None  # travellers: which convoy
    relative_of: str | None = None  # relatives and families: whose

    @property
    def name(self) -> str:
        """Official form, family name in capitals, as on a hearing record or a subscriber list."""
        return f"{self.given} {self.family.upper()}"

    @property
    def is_member(self) -> bool:
        return self.role in MEMBER_ROLES

    @property
    def called(self) -> str:
        """What the network calls them on the phone: the first nickname, else the given name."""
        return self.nicknames[0] if self.nicknames else self.given


@dataclass
class Line:
    """A SIM: who uses it and to whom it is registered (a relative, or nobody the operator knows)."""

    number: str
    user: str
    subscriber: str | None
    operator: str
    activated: date
    tapped: bool = False


@dataclass
class Event:
    """Something that happened, with who did it and to whom; evidence files show events."""

    id: str
    kind: str  # recruitment, payment, departure, order, checkpoint, breakdown, thirst, arrival, debt,
    #            forced_work, escape, commission, documents, arrest
    when: datetime
    place: str  # gazetteer id
    actors: list[str]  # member ids who act
    people: list[str] = field(default_factory=list)  # travellers concerned
    convoy: int | None = None
    amount: int | None = None
    currency: str | None = None
    channel: str | None = None  # Orange Money, Western Union, cash...
    vehicle: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Call:
    """A phone call or SMS between two lines; intercepted ones become transcripts."""

    id: str
    when: datetime
    caller: str  # person id
    callee: str
    caller_line: str
    callee_line: str
    duration: int  # seconds; 0 for an SMS
    topic: str | None  # event id the call is about
    language: str
    intercepted: bool = False
    sms: bool = False


@dataclass
class Scenario:
    seed: int
    size: str
    language: str
    route: dict[str, Any]
    case_country: str  # the investigating unit's country: national phone forms are read in it
    unit: str
    trafficking: bool
    people: dict[str, Person]
    lines: dict[str, Line]
    events: list[Event]
    calls: list[Call]
    key_player: str
    start: date

    def members(self) -> list[Person]:
        return [p for p in self.people.values() if p.is_member]

    def travellers(self) -> list[Person]:
        return [p for p in self.people.values() if p.role in ("victim", "migrant")]

    def by_role(self, role: str) -> list[Person]:
        return [p for p in self.people.values() if p.role == role]

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)

    def place_name(self, place_id: str) -> str:
        found = place(place_id)
        return found.name if found else place_id

    def route_places(self) -> list[str]:
        """The route as place ids in order of travel."""
        legs = self.route["legs"]
        return [legs[0]["from"], *(leg["to"] for leg in legs)]


@cache
def routes() -> list[dict[str, Any]]:
    return load_yaml((DATA_DIR / "train" / "routes.yaml").read_text(encoding="utf-8"))["routes"]


@cache
def name_pools() -> dict[str, Any]:
    return load_yaml((DATA_DIR / "train" / "people.yaml").read_text(encoding="utf-8"))


def rng_for(seed: int, purpose: str) -> random.Random:
    """A separate stream per purpose, so adding draws to one renderer leaves the others' output alone."""
    return random.Random(f"{seed}:{purpose}")
