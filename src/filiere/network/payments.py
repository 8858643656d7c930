"""The case's payments in one list: those told in sentences (a money mention, its parties read from the
sentence) and those stored as records (read from a FollowTheMoney file: the `payments` table).

The timeline, the network's payment edges and the FtM export all read this list, so a payment imported
from another tool shows where a payment found in a hearing shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from filiere.extract.language import fold_text
from filiere.network.payment_parties import payment_parties
from filiere.store.tables import payments

SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")


@dataclass(frozen=True)
class Payment:
    key: (
        tuple  # stable in the case: ("text", evidence, page, sentence start, n) or ("stored", evidence, line)
    )
    time: Any  # date, ISO text or None
    payer: str | None  # a name as written in the sentence or the record
    payee: str | None
    amount: float | None
    currency: str | None
    evidence: int
    channel: str | None = None
    purpose: str | None = None  # the sentence that tells the payment, or the record's purpose
    payer_phone: str | None = None  # E.164, stored payments only
    payee_phone: str | None = None


def text_payments(by_sentence: dict, dates: dict, pages: dict) -> list[Payment]:
    """One payment per money mention; payer and payee only when the sentence says who (payment_parties)."""
    found_payments = []
    for (evidence_id, page_no, start), found in sorted(by_sentence.items()):
        channel = next((text for kind, text, _v in found if kind == "channel"), None)
        page = pages.get((evidence_id, page_no))
        # a speaker label is not a party: "KOJO : Tu as reçu 100 000" (Kojo speaks, "tu" receives)
        labels = {
            t for k, t, v in found if k == "person" and isinstance(v, dict) and v.get("kind") == "speaker"
        }
        names = [text for kind, text, _v in found if kind == "person" and text not in labels]
        sentence = None
        if page is not None:
            end = SENTENCE_END.search(page, start)
            sentence = page[start : end.end() if end else len(page)]
        payer, payee = None, None
        if sentence is not None and names and any(kind == "money" for kind, _t, _v in found):
            payer, payee = payment_parties(sentence, names)
        money = [value for kind, _text, value in found if kind == "money" and isinstance(value, dict)]
        for n, value in enumerate(money):
            found_payments.append(
                Payment(
                    ("text", evidence_id, page_no, start, n),
                    dates.get(evidence_id),
                    payer,
                    payee,
                    value.get("amount"),
                    value.get("currency"),
                    evidence_id,
                    channel,
                    sentence.strip() if sentence else None,
                )
            )
    return found_payments


def stored_payments(conn: Connection, case_id: int) -> list[Payment]:
    """Payments read from records (FtM Payment entities), in the order of their files and lines."""
    rows = conn.execute(
        select(payments)
        .where(payments.c.case_id == case_id)
        .order_by(payments.c.evidence_id, payments.c.line)
    )
    return [
        Payment(
            ("stored", r.evidence_id, r.line),
            r.paid_at,
            r.payer_name,
            r.payee_name,
            r.amount,
            r.currency,
            r.evidence_id,
            r.channel,
            r.purpose,
            r.payer_phone,
            r.payee_phone,
        )
        for r in rows
    ]


class PeopleIndex:
    """Find the network node of a payment's party: by its number first (the user of the line), then by
    any of a person's names written the same way (folded)."""

    def __init__(self, people: dict[str, dict[str, Any]], numbers: dict[str, str]):
        self.people = people
        self.numbers = numbers
        self.by_name: dict[str, str] = {}
        for node, person in sorted(people.items(), key=lambda item: item[1]["entity"]):
            for name in (person["name"], *person["aliases"]):
                self.by_name.setdefault(fold_text(name or "").strip(), node)

    def node(self, name: str | None, phone: str | None = None) -> str | None:
        by_phone = self.numbers.get(phone or "")
        if by_phone in self.people:
            return by_phone
        folded = fold_text(name or "").strip()
        return self.by_name.get(folded) if folded else None
