"""The timeline: calls, payments, movements and events in one order, missing times last."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from filiere.i18n import _, set_language
from filiere.network.timeline import (
    CallRow,
    EventRow,
    MovementRow,
    PaymentRow,
    TimelineItem,
    build_timeline,
    iso_time,
)


def test_mixed_items_in_time_order_with_missing_times_last() -> None:
    set_language("en")
    calls = [
        CallRow("2025-03-04 21:04:33", "Boubacar", "Ali", 3, 192),
        CallRow(None, "+22790112233", "Ali", 4),  # time unknown
        CallRow(datetime(2025, 3, 2, 8, 15), "Ali", "Boubacar", 3, 40, "sms"),
    ]
    payments = [
        PaymentRow("03/03/2025 à 10h00", "Mariam", "Abdou", 300000, "XOF", 7, "Orange Money"),
        PaymentRow("pas de date", "Kwame", "Abdou", None, None, 8),  # unreadable: treated as missing
    ]
    movements = [MovementRow(date(2025, 3, 4), "Ali", "Agadez", "Dirkou", 9)]
    events = [
        EventRow("2025-03-06T05:30:00", "Interception du convoi à Séguédine", 11),
        ("2025-03-04", "Hearing of Mariam", 12),
    ]
    items = build_timeline(calls, payments, movements, events)
    assert [i.time for i in items] == [
        "2025-03-02T08:15:00",
        "2025-03-03T10:00:00",
        "2025-03-04",
        "2025-03-04",
        "2025-03-04T21:04:33",
        "2025-03-06T05:30:00",
        None,
        None,
    ]
    assert [i.kind for i in items] == [
        "sms",
        "payment",
        "event",
        "movement",
        "call",
        "event",
        "call",
        "payment",
    ]
    assert items[0].summary == "SMS from Ali to Boubacar"
    assert items[1].summary == "Payment of 300\u202f000 XOF from Mariam to Abdou via Orange Money"
    assert items[3].summary == "Ali travels from Agadez to Dirkou"
    assert items[4].summary == "Call from Boubacar to Ali (3 min 12 s)"
    assert items[6].summary == "Call from +22790112233 to Ali" and items[6].evidence == 4
    assert items[7].summary == "Payment of an unknown amount from Kwame to Abdou"
    assert items[0].as_dict() == {
        "time": "2025-03-02T08:15:00",
        "kind": "sms",
        "summary": items[0].summary,
        "evidence": 3,
    }


def test_movement_summaries_with_missing_ends_and_people() -> None:
    set_language("en")
    items = build_timeline(
        movements=[
            MovementRow("2025-01-01", None, None, "Sebha", 1),
            MovementRow("2025-01-02", "Joy", "Tripoli", None, 2),
            MovementRow("2025-01-03", "Joy", None, None, 3),
        ]
    )
    assert [i.summary for i in items] == ["unknown arrives in Sebha", "Joy leaves Tripoli", "Joy moves"]


def test_summaries_follow_the_interface_language() -> None:
    set_language("fr")
    try:
        item = build_timeline(calls=[CallRow("2025-03-04 21:04", "Ali", None, 1)])[0]
        assert item.summary == _("Call from {caller} to {callee}").format(caller="Ali", callee=_("unknown"))
    finally:
        set_language("en")


def test_nothing_gives_an_empty_timeline() -> None:
    assert build_timeline() == []
    assert build_timeline([], [], [], []) == []


def test_equal_times_keep_a_fixed_order() -> None:
    at = "2025-05-01 12:00:00"
    items = build_timeline(
        calls=[CallRow(at, "A", "B", 5), CallRow(at, "A", "B", 2)],
        events=[EventRow(at, "Arrest", 9)],
    )
    assert [(i.kind, i.evidence) for i in items] == [("event", 9), ("call", 2), ("call", 5)]


def test_iso_time_reads_common_forms() -> None:
    assert iso_time("2025-03-04 21:04:33") == "2025-03-04T21:04:33"
    assert iso_time("2025-03-04") == "2025-03-04"
    assert iso_time("4 mars 2025") == "2025-03-04"
    assert iso_time("04/03/2025 21h04") == "2025-03-04T21:04:00"
    assert iso_time("2025-03-04T21:04:33+01:00") == "2025-03-04T21:04:33+01:00"
    assert iso_time("") is None and iso_time(None) is None and iso_time("hier soir") is None


@given(
    st.lists(
        st.one_of(st.none(), st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1))),
        max_size=30,
    )
)
def test_any_times_come_out_sorted_with_none_last(times: list[datetime | None]) -> None:
    calls = [CallRow(t, "A", "B", n) for n, t in enumerate(times)]
    items = build_timeline(calls)
    known = [i.time for i in items if i.time is not None]
    assert known == sorted(known)
    assert [i.time for i in items[len(known) :]] == [None] * (len(items) - len(known))
    assert sorted(i.evidence for i in items) == list(range(len(times)))
    assert all(isinstance(i, TimelineItem) for i in items)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)),
    st.integers(min_value=0, max_value=86_400),
)
def test_a_date_sorts_before_the_timed_items_of_its_day(moment: datetime, seconds: int) -> None:
    day_start = datetime.combine(moment.date(), datetime.min.time())
    later = day_start + timedelta(seconds=min(seconds, 86_399))
    items = build_timeline(calls=[CallRow(later, "A", "B", 1)], events=[EventRow(moment.date(), "x", 2)])
    assert [i.evidence for i in items] == [2, 1]
