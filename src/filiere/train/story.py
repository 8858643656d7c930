"""Draw what happens over the weeks of a case, convoy by convoy, and the phone calls around each event.

A convoy is recruited at the origin, handed over in the transit town, waits in the organiser's ghetto at
the hub while families pay, crosses the checkpoint (the official is paid) and the desert or the sea (a
breakdown, thirst), and reaches the ghetto keeper abroad, who holds those who still owe; in trafficking
cases the exploiter takes some of them to work. Each event has the calls its actors would make about it.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from filiere.train.scenario import TRIP_KINDS, Call, Event, Person

CURRENCY = {
    "ML": "XOF",
    "NE": "XOF",
    "BF": "XOF",
    "SN": "XOF",
    "NG": "NGN",
    "GH": "GHS",
    "LY": "LYD",
    "DZ": "DZD",
    "MR": "MRU",
}
FIRST_PART = {"XOF": (50_000, 100_000, 5_000), "NGN": (150_000, 400_000, 10_000), "GHS": (1_500, 4_000, 100)}
HUB_PART = (100_000, 175_000, 5_000)
ABROAD_PART = {"LYD": (300, 900, 50), "DZD": (30_000, 80_000, 5_000), "MRU": (8_000, 20_000, 1_000)}
BRIBE = (20_000, 100_000, 5_000)
COMMISSION = (5_000, 15_000, 1_000)
CHANNELS = {
    "XOF": ("Orange Money", "Moov Money", "Wave", "Western Union"),
    "NGN": ("Western Union", "MoneyGram", "bank transfer"),
    "GHS": ("MTN MoMo", "Western Union"),
}
VEHICLES = {
    "bus": ("car", "bus"),
    "pickup": ("Toyota Hilux", "Land Cruiser"),
    "truck": ("camion", "truck"),
    "pirogue": ("pirogue", "pirogue"),
}


def amount(rng: random.Random, bounds: tuple[int, int, int]) -> int:
    low, high, step = bounds
    return rng.randrange(low, high + 1, step)


class StoryDrawer:
    def __init__(
        self, rng: random.Random, route: dict, people: dict[str, Person], trafficking: bool, start: date
    ):
        self.rng = rng
        self.route = route
        self.people = people
        self.trafficking = trafficking
        self.start = start
        self.events: list[Event] = []
        self.calls: list[Call] = []

    # --- helpers -------------------------------------------------------------------------------------
    def role(self, role: str, index: int = 0) -> Person | None:
        found = [p for p in self.people.values() if p.role == role]
        return found[index] if len(found) > index else None

    def at(self, day: date, hours: tuple[int, int] = (7, 22)) -> datetime:
        return datetime.combine(
            day, time(self.rng.randint(*hours), self.rng.randrange(60), self.rng.randrange(60))
        )

    def event(
        self,
        kind: str,
        day: date,
        place: str,
        actors: list[Person],
        people: list[Person],
        convoy: int,
        **fields,
    ) -> Event:
        ev = Event(
            f"E{len(self.events) + 1:03d}",
            kind,
            self.at(day),
            place,
            [a.id for a in actors],
            [p.id for p in people],
            convoy,
            **fields,
        )
        self.events.append(ev)
        return ev

    def call(
        self,
        ev: Event,
        caller: Person | None,
        callee: Person | None,
        *,
        before: bool = False,
        sms: bool = False,
    ) -> None:
        if caller is None or callee is None or not caller.phones or not callee.phones:
            return
        shift = timedelta(hours=self.rng.randint(1, 30))
        when = ev.when - shift if before else ev.when + timedelta(minutes=self.rng.randint(5, 600))
        caller_line = self._line_for(caller, ev)
        callee_line = self._line_for(callee, ev)
        language = caller.language if self.rng.random() < 0.7 else callee.language
        self.calls.append(
            Call(
                f"C{len(self.calls) + 1:04d}",
                when.replace(microsecond=0),
                caller.id,
                callee.id,
                caller_line,
                callee_line,
                0 if sms else self.rng.randint(25, 420),
                ev.id,
                language,
                sms=sms,
            )
        )

    def _line_for(self, person: Person, ev: Event) -> str:
        """The organiser keeps his second SIM for the trips (order, checkpoint, desert, arrival)."""
        if len(person.phones) > 1 and ev.kind in TRIP_KINDS:
            return person.phones[1]
        return person.phones[0]

    # --- the convoy --------------------------------------------------------------------------------
    def convoy(self, number: int, day: date) -> date:
        rng, route = self.rng, self.route
        boss = self.role("organiser")
        rec_origin, rec_transit = self.role("recruiter", 0), self.role("recruiter", 1)
        driver, truck = self.role("transporter", 0), self.role("transporter", 1)
        guide, cashier = self.role("guide"), self.role("financier")
        keeper, official = self.role("ghetto_keeper"), self.role("corrupt_official")
        forger, exploiter = self.role("forger"), self.role("exploiter")
        group = [p for p in self.people.values() if p.convoy == number]
        origin, transit, hub, abroad = (route[k]["place"] for k in ("origin", "transit", "hub", "abroad"))
        home_currency = CURRENCY[route["origin"]["country"]]
        abroad_currency = route["currency_abroad"]

        first = amount(rng, FIRST_PART.get(home_currency, FIRST_PART["XOF"]))
        ev = self.event(
            "recruitment",
            day,
            origin,
            [rec_origin],
            group,
            number,
            amount=first,
            currency=home_currency,
            channel="cash",
        )
        self.call(ev, rec_origin, boss)
        minors = [p for p in group if p.minor]
        if forger and minors:
            ev = self.event(
                "documents", day + timedelta(days=1), origin, [forger, rec_origin], minors, number
            )
            self.call(ev, rec_origin, forger, before=True)
        day += timedelta(days=rng.randint(2, 4))
        first_leg = route["legs"][0]
        ev = self.event(
            "departure",
            day,
            origin,
            [rec_origin],
            group,
            number,
            vehicle=VEHICLES[first_leg["mode"]][0],
            details={"to": first_leg["to"]},
        )
        self.call(ev, rec_origin, rec_transit)
        day += timedelta(days=rng.randint(1, 2))
        ev = self.event("handover", day, transit, [rec_transit], group, number)
        self.call(ev, rec_transit, boss)
        day += timedelta(days=rng.randint(1, 3))
        ev = self.event("ghetto", day, hub, [boss], group, number)
        self.call(ev, boss, cashier)
        for traveller in rng.sample(group, k=min(len(group), rng.randint(2, 4))):
            family = next((p for p in self.people.values() if p.relative_of == traveller.id), None)
            ev = self.event(
                "payment",
                day + timedelta(days=rng.randint(0, 3)),
                hub,
                [cashier],
                [traveller],
                number,
                amount=amount(rng, HUB_PART),
                currency="XOF",
                channel=rng.choice(CHANNELS.get(home_currency, CHANNELS["XOF"])),
                details={"payer": family.id if family else None},
            )
            self.call(ev, cashier, boss)
        day += timedelta(days=rng.randint(3, 6))
        leg = next(leg for leg in route["legs"] if leg["from"] == hub)
        vehicle = VEHICLES[leg["mode"]][0]
        ev = self.event(
            "order",
            day - timedelta(days=1),
            hub,
            [boss, driver],
            group,
            number,
            vehicle=vehicle,
            details={"count": len(group), "leave": (day).isoformat()},
        )
        self.call(ev, boss, driver)
        if guide:
            self.call(ev, boss, guide)
        bribe = amount(rng, BRIBE)
        ev = self.event(
            "checkpoint",
            day + timedelta(days=1),
            route["checkpoint"],
            [official, driver],
            group,
            number,
            amount=bribe,
            currency="XOF",
            channel="cash",
            vehicle=vehicle,
        )
        self.call(ev, driver, official, before=True)
        self.call(ev, boss, official)
        hardship = rng.choice(["breakdown", "thirst"])
        desert = rng.choice(route["desert"])
        ev = self.event(
            hardship,
            day + timedelta(days=2),
            desert,
            [driver] + ([guide] if guide else []),
            group,
            number,
            vehicle=vehicle,
            details={"days_stranded": rng.randint(1, 3), "dead": int(rng.random() < 0.25)},
        )
        self.call(ev, driver, boss)
        day += timedelta(days=rng.randint(4, 7))
        receivers = [keeper] + ([truck] if truck else [])
        ev = self.event("arrival", day, abroad, receivers, group, number)
        self.call(ev, keeper, boss)
        if truck:
            self.call(ev, truck, keeper, before=True)
        debtors = [p for p in group if p.role == "victim"] or rng.sample(group, k=min(2, len(group)))
        ev = self.event(
            "debt",
            day + timedelta(days=2),
            abroad,
            [keeper],
            debtors,
            number,
            amount=amount(rng, ABROAD_PART[abroad_currency]),
            currency=abroad_currency,
        )
        self.call(ev, keeper, boss)
        self.call(ev, boss, cashier, sms=True)
        if self.trafficking and exploiter:
            victims = [p for p in group if p.role == "victim"]
            if victims:
                ev = self.event(
                    "forced_work",
                    day + timedelta(days=5),
                    abroad,
                    [exploiter, keeper],
                    victims,
                    number,
                    details={"exploitation": victims[0].exploitation},
                )
                self.call(ev, exploiter, keeper)
                self.call(ev, keeper, boss)
                ev = self.event(
                    "escape", day + timedelta(days=rng.randint(15, 30)), abroad, [], victims[:1], number
                )
                self.call(ev, keeper, boss)
        for recruiter in (rec_origin, rec_transit):
            ev = self.event(
                "commission",
                day + timedelta(days=1),
                hub,
                [cashier, recruiter],
                group,
                number,
                amount=amount(rng, COMMISSION) * len(group),
                currency="XOF",
                channel=rng.choice(CHANNELS["XOF"][:3]),
            )
            self.call(ev, cashier, recruiter)
        return day
