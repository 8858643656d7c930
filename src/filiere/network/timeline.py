"""The case timeline: calls, text messages, payments, movements and events in one dated list.

Inputs are small tuples the caller maps its rows onto (so this module needs no database). Times may be
datetimes, dates or text ("2025-03-04 21:04:33", "2025-03-04T21:04", "04/03/2025 à 21h04", "4 mars 2025");
a date without a clock time stays a date ("2025-03-04") and sorts before the timed items of that day.
Items whose time is missing or unreadable have `time` None and come last, in the order given (calls,
payments, movements, events). Equal times keep a fixed order: event, movement, call, sms, payment, then by
evidence id, then as given.
Summaries are written in the interface language (gettext).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from filiere.i18n import _
from filiere.ingest.datetimes import parse_datetime

KINDS = ("event", "movement", "call", "sms", "payment")


class CallRow(NamedTuple):
    time: Any  # datetime | date | str | None
    caller: str | None  # a name, or the number when nobody is known to use it
    callee: str | None
    evidence: int
    duration: int | None = None  # seconds
    kind: str = "call"  # "call" or "sms"


class PaymentRow(NamedTuple):
    time: Any
    payer: str | None
    payee: str | None
    amount: float | None
    currency: str | None
    evidence: int
    channel: str | None = None  # "Orange Money", "Western Union", "hawala", "cash"...


class MovementRow(NamedTuple):
    time: Any
    who: str | None
    origin: str | None
    destination: str | None
    evidence: int


class EventRow(NamedTuple):
    time: Any
    summary: str
    evidence: int


@dataclass(frozen=True)
class TimelineItem:
    time: str | None  # ISO 8601: "2025-03-04T21:04:33" or "2025-03-04"; None when unknown
    kind: str  # call | sms | payment | movement | event
    summary: str
    evidence: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def iso_time(value: Any) -> str | None:
    """An ISO date or date-time for `value`, or None when there is none or it cannot be read."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).isoformat(timespec="seconds")
    except ValueError:
        pass
    parsed = parse_datetime(text)
    if parsed is None:
        return None
    day, clock = parsed
    return day.isoformat() if clock is None else datetime.combine(day, clock).isoformat(timespec="seconds")


def _who(name: str | None) -> str:
    return name.strip() if name and name.strip() else _("unknown")


def _duration(seconds: int | None) -> str:
    if seconds is None or seconds < 0:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _amount(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return _("an unknown amount")
    number = f"{amount:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f")
    return f"{number} {currency}".strip() if currency else number


def _call(row: CallRow) -> TimelineItem:
    kind = "sms" if str(row.kind).lower() == "sms" else "call"
    names = {"caller": _who(row.caller), "callee": _who(row.callee)}
    if kind == "sms":
        summary = _("SMS from {caller} to {callee}").format(**names)
    elif _duration(row.duration):
        summary = _("Call from {caller} to {callee} ({duration})").format(
            **names, duration=_duration(row.duration)
        )
    else:
        summary = _("Call from {caller} to {callee}").format(**names)
    return TimelineItem(iso_time(row.time), kind, summary, row.evidence)


def _payment(row: PaymentRow) -> TimelineItem:
    values = {"amount": _amount(row.amount, row.currency), "payer": _who(row.payer), "payee": _who(row.payee)}
    if row.channel:
        summary = _("Payment of {amount} from {payer} to {payee} via {channel}").format(
            **values, channel=row.channel
        )
    else:
        summary = _("Payment of {amount} from {payer} to {payee}").format(**values)
    return TimelineItem(iso_time(row.time), "payment", summary, row.evidence)


def _movement(row: MovementRow) -> TimelineItem:
    who, origin, destination = _who(row.who), row.origin, row.destination
    if origin and destination:
        summary = _("{who} travels from {origin} to {destination}").format(
            who=who, origin=origin, destination=destination
        )
    elif destination:
        summary = _("{who} arrives in {destination}").format(who=who, destination=destination)
    elif origin:
        summary = _("{who} leaves {origin}").format(who=who, origin=origin)
    else:
        summary = _("{who} moves").format(who=who)
    return TimelineItem(iso_time(row.time), "movement", summary, row.evidence)


def _event(row: EventRow) -> TimelineItem:
    return TimelineItem(iso_time(row.time), "event", str(row.summary), row.evidence)


def build_timeline(
    calls: Iterable[CallRow | tuple] = (),
    payments: Iterable[PaymentRow | tuple] = (),
    movements: Iterable[MovementRow | tuple] = (),
    events: Iterable[EventRow | tuple] = (),
) -> list[TimelineItem]:
    """Every item in time order; undated items last, in the order given."""
    items = [_call(CallRow(*row)) for row in calls]
    items += [_payment(PaymentRow(*row)) for row in payments]
    items += [_movement(MovementRow(*row)) for row in movements]
    items += [_event(EventRow(*row)) for row in events]
    dated = [(n, item) for n, item in enumerate(items) if item.time is not None]
    undated = [item for item in items if item.time is None]
    dated.sort(
        key=lambda pair: (
            _sort_time(pair[1].time or ""),
            KINDS.index(pair[1].kind),
            pair[1].evidence,
            pair[0],
        )
    )
    return [item for _n, item in dated] + undated


def _sort_time(iso: str) -> str:
    """The local wall-clock part, so that "…T10:00:00+01:00" and "…T10:00:00" compare as written."""
    return iso[:19]
