"""The financier's money statement of a generated case: what a transfer agency and a mobile-money operator
answer to a requisition (transfers received from families, commissions sent to recruiters, cash
withdrawals, totals). It is the paper trail that ties the families' payments to the network's cashier.
The ingest reads it as a document (kind "document").
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import phonenumbers

from filiere.data import DATA_DIR, load_yaml
from filiere.train.files import FileRecord, generated_banner
from filiere.train.hearings import ascii_name
from filiere.train.scenario import Event, Person, Scenario, rng_for

__all__ = ["render_statements"]

TRANSFER_CHANNELS = ("Western Union", "MoneyGram", "bank transfer")


@cache
def wording() -> dict[str, Any]:
    """The statement's words per language (data/train/statements.yaml)."""
    return load_yaml((DATA_DIR / "train" / "statements.yaml").read_text(encoding="utf-8"))


@dataclass
class Row:
    when: datetime
    cells: tuple[str, ...]
    amount: int
    direction: str  # in | out | cash


def render_statements(scenario: Scenario, out_dir: Path) -> list[FileRecord]:
    """Write the financier's statement into `out_dir` (none when the case has no financier or no money)."""
    cashiers = scenario.by_role("financier")
    money = [e for e in scenario.events if e.kind in ("payment", "commission")]
    if not cashiers or not money:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = rng_for(scenario.seed, "statements")
    writer = StatementWriter(scenario, cashiers[0], rng)
    text = writer.write(money)
    first = min(e.when for e in money)
    family = ascii_name(cashiers[0].family).upper()
    names = {
        "fr": (
            f"releve_transferts_{family}_{first:%Y-%m}.txt",
            f"reponse_requisition_{family}_{first:%Y%m}.txt",
        ),
        "en": (f"statement_transfers_{family}_{first:%Y-%m}.txt", f"production_order_reply_{family}.txt"),
    }
    name = rng.choice(names[writer.language])
    (out_dir / name).write_text(text, encoding="utf-8", newline="\n")
    shows = {e.id for e in money}
    return [FileRecord(name, "document", shows, set(writer.named), records=writer.rows)]


class StatementWriter:
    def __init__(self, scenario: Scenario, cashier: Person, rng: random.Random):
        self.scenario = scenario
        self.cashier = cashier
        self.rng = rng
        self.language = "en" if scenario.language == "en" else "fr"
        self.words = wording()[self.language]
        self.named: set[str] = {cashier.id}
        self.rows = 0
        self.town = scenario.place_name(scenario.route["hub"]["place"])

    def amount(self, value: int) -> str:
        sep = " " if self.language == "fr" else ","
        return f"{value:,}".replace(",", sep) + " F CFA"

    def number(self, e164: str) -> str:
        """National form for a number of the case's country (the ingest reads national forms in it), the
        international form for any other."""
        parsed = phonenumbers.parse(e164)
        if phonenumbers.region_code_for_number(parsed) == self.scenario.case_country:
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    def holder(self, e164: str) -> str:
        line = self.scenario.lines.get(e164)
        if line is None or line.subscriber is None or line.subscriber not in self.scenario.people:
            return self.words["unknown"]
        self.named.add(line.subscriber)
        return _listed(self.scenario.people[line.subscriber])

    def channel_name(self, channel: str) -> str:
        return self.words.get(channel, channel) if channel == "bank transfer" else channel

    def write(self, money: list[Event]) -> str:
        w = self.words
        transfers: list[Row] = []
        wallets: dict[str, list[Row]] = {}
        for ev in money:
            channel = ev.channel or "Orange Money"
            if ev.kind == "payment" and channel in TRANSFER_CHANNELS:
                transfers.append(self.transfer_row(ev, channel))
            elif ev.kind == "payment":
                wallets.setdefault(channel, []).append(self.wallet_in(ev))
            else:
                wallets.setdefault(channel, []).append(self.wallet_out(ev))
        for channel in sorted(wallets):
            wallets[channel] = self.settle(wallets[channel])
        transfers.sort(key=lambda r: r.when)
        every = transfers + [row for rows in wallets.values() for row in rows]
        self.rows = len(every)
        start = min(r.when for r in every).date() - timedelta(days=self.rng.randint(3, 12))
        end = max(r.when for r in every).date() + timedelta(days=self.rng.randint(2, 10))
        ref = f"EXO-REQ-{start.year}-{self.rng.randint(10, 999):03d}"
        card = f"EXO-{self.cashier.country}-{self.rng.randint(1000, 9999)}-{self.rng.randint(1000, 9999)}"
        lines = [generated_banner(self.language, self.scenario.seed)]
        lines.append(w["title"].format(ref=ref, town=self.town))
        lines.append(
            w["holder"].format(
                name=_listed(self.cashier),
                card=card,
                phone=self.number(self.cashier.phones[0]),
                town=self.town,
            )
        )
        lines.append(w["period"].format(start=_day(start), end=_day(end)))
        part = 0
        totals: list[str] = []
        if transfers:
            part += 1
            used = sorted({self.channel_name(r.cells[-1]) for r in transfers})
            lines += ["", w["transfers"].format(n=part, channels=", ".join(used)), ""]
            lines += table(w["transfer_head"], [r.cells[:-1] for r in transfers])
            for channel in sorted({r.cells[-1] for r in transfers}):
                received = sum(r.amount for r in transfers if r.cells[-1] == channel)
                totals.append(
                    w["part_total"].format(amount=self.amount(received), channel=self.channel_name(channel))
                )
        for channel in sorted(wallets):
            part += 1
            rows = wallets[channel]
            number = self.number(self.cashier.phones[0])
            lines += ["", w["wallet"].format(n=part, channel=channel, number=number), ""]
            lines += table(w["wallet_head"], [r.cells for r in rows])
            received = sum(r.amount for r in rows if r.direction == "in")
            if received:
                totals.append(w["part_total"].format(amount=self.amount(received), channel=channel))
        sent = sum(r.amount for rows in wallets.values() for r in rows if r.direction == "out")
        cash = sum(r.amount for rows in wallets.values() for r in rows if r.direction == "cash")
        top = sum(r.amount for rows in wallets.values() for r in rows if r.direction == "topup")
        parts = ", ".join(totals[:-1]) + w["and"] + totals[-1] if len(totals) > 1 else totals[0]
        lines += ["", w["total_in"].format(parts=parts)]
        lines.append(
            w["total_out"].format(amount=self.amount(sent), cash=self.amount(cash), top=self.amount(top))
        )
        lines.append(w["footer"])
        return "\n".join(lines) + "\n"

    def payer(self, ev: Event) -> Person:
        payer_id = ev.details.get("payer") or ev.people[0]
        return self.scenario.people[payer_id]

    def transfer_row(self, ev: Event, channel: str) -> Row:
        payer = self.payer(ev)
        self.named.add(payer.id)
        prefix = {"Western Union": "MTCN", "MoneyGram": "MG", "bank transfer": "VIR"}[channel]
        reference = f"EXO-{prefix}-{self.rng.randint(1000, 9999)}-{self.rng.randint(100, 9999):04d}"
        country = self.words["countries"].get(payer.country, payer.country)
        cells = (
            _day(ev.when.date()),
            reference,
            _listed(payer),
            country,
            self.amount(ev.amount or 0),
            channel,
        )
        return Row(ev.when, cells, ev.amount or 0, "in")

    def wallet_in(self, ev: Event) -> Row:
        w = self.words
        payer = self.payer(ev)
        if payer.phones:
            number, holder, sense = self.number(payer.phones[0]), self.holder(payer.phones[0]), w["in"]
        else:
            place = self.rng.choice(w["places"])
            number, sense = w["agent"].format(town=self.town, place=place), w["cash_in"]
            holder = w["depositor"].format(name=_listed(payer))
            self.named.add(payer.id)
        motive = self.rng.choice(w["motives_in"])
        cells = (
            _day(ev.when.date()),
            f"{ev.when:%H:%M}",
            sense,
            number,
            holder,
            self.amount(ev.amount or 0),
            motive,
        )
        return Row(ev.when, cells, ev.amount or 0, "in")

    def wallet_out(self, ev: Event) -> Row:
        w = self.words
        recruiter = next(
            self.scenario.people[a] for a in ev.actors if self.scenario.people[a].role == "recruiter"
        )
        number = recruiter.phones[0]
        motive = self.rng.choice(w["motives_out"])
        cells = (
            _day(ev.when.date()),
            f"{ev.when:%H:%M}",
            w["out"],
            self.number(number),
            self.holder(number),
            self.amount(ev.amount or 0),
            motive,
        )
        return Row(ev.when, cells, ev.amount or 0, "out")

    def settle(self, rows: list[Row]) -> list[Row]:
        """The account as it ran: the holder tops it up in cash before a transfer it could not cover, and
        takes cash out at agents after money came in, so that the balance never goes below zero."""
        w = self.words
        rows = sorted(rows, key=lambda r: r.when)
        balance = 0
        settled: list[Row] = []
        for row in rows:
            if row.direction == "out" and balance < row.amount:
                top = -(-(row.amount - balance) // 25_000) * 25_000
                when = row.when - timedelta(hours=self.rng.randint(1, 4))
                place = w["agent"].format(town=self.town, place=self.rng.choice(w["places"]))
                holder = w["depositor"].format(name=_listed(self.cashier))
                cells = (
                    _day(when.date()),
                    f"{when:%H:%M}",
                    w["cash_in"],
                    place,
                    holder,
                    self.amount(top),
                    "—",
                )
                settled.append(Row(when, cells, top, "topup"))
                balance += top
            balance += row.amount if row.direction == "in" else -row.amount
            settled.append(row)
        incoming = [r for r in settled if r.direction == "in"]
        for index in range(1, len(incoming), 2):
            when = incoming[index].when + timedelta(days=self.rng.randint(1, 2), hours=self.rng.randint(1, 5))
            room = lowest_balance(settled, when) - 5_000
            value = min(room, self.rng.randrange(50_000, 400_001, 25_000))
            value -= value % 5_000
            if value < 25_000:
                continue
            place = w["agent"].format(town=self.town, place=self.rng.choice(w["places"]))
            cells = (_day(when.date()), f"{when:%H:%M}", w["withdrawal"], place, "—", self.amount(value), "—")
            settled.append(Row(when, cells, value, "cash"))
            settled.sort(key=lambda r: r.when)
        return sorted(settled, key=lambda r: r.when)


def lowest_balance(rows: list[Row], when: datetime) -> int:
    """The lowest the balance stands at `when` or after: what can be withdrawn at `when` without going below
    zero later."""
    balance = 0
    lowest: int | None = None
    for row in sorted(rows, key=lambda r: r.when):
        if row.when > when and lowest is None:
            lowest = balance
        balance += row.amount if row.direction in ("in", "topup") else -row.amount
        if lowest is not None:
            lowest = min(lowest, balance)
    return balance if lowest is None else lowest


def _listed(person: Person) -> str:
    """A name as an operator lists it: family name in capitals first."""
    return f"{person.family.upper()} {person.given}"


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Columns padded to their widest cell, two spaces apart, as an operator's text export; columns of
    numbers are right-aligned, so a number is never followed by a long run of spaces."""
    columns = list(zip(head, *rows, strict=False))
    widths = [max(len(str(cell)) for cell in column) for column in columns]
    right = [
        any(str(cell)[-1:].isdigit() or str(cell).endswith("CFA") for cell in column[1:])
        for column in columns
    ]
    lines = []
    for cells in (head, *rows):
        padded = [
            str(c).rjust(wd) if r else str(c).ljust(wd)
            for c, wd, r in zip(cells, widths, right, strict=False)
        ]
        lines.append("  ".join(padded).rstrip())
    return lines
