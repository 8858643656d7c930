"""When to chase a request: the next follow-up date after each step, and which steps may follow which.

Central authorities rarely refuse outright; requests stall. A request sent and never acknowledged, or
acknowledged and never executed, is the usual way evidence from abroad is lost, so every open request
carries the date its next follow-up is due. The intervals below are the unit's default practice (a
reminder a month after sending, two months after acknowledgement; a week and two weeks when urgent) and
never run past the time limit the request itself gave. The officer can set any other date.
"""

from __future__ import annotations

import datetime as dt

from filiere.days import optional_day
from filiere.errors import FiliereError
from filiere.i18n import _

STATUSES = ("draft", "sent", "acknowledged", "executed", "refused")
CLOSED = frozenset({"executed", "refused"})
NEXT = {
    "draft": ("sent",),
    "sent": ("acknowledged", "executed", "refused"),  # execution may come without an acknowledgement
    "acknowledged": ("executed", "refused"),
    "executed": (),
    "refused": (),
}
FOLLOW_UP_DAYS = {"sent": 30, "acknowledged": 60}
URGENT_FOLLOW_UP_DAYS = {"sent": 7, "acknowledged": 14}


def status_label(status: str) -> str:
    return {
        "draft": _("draft"),
        "sent": _("sent"),
        "acknowledged": _("acknowledged"),
        "executed": _("executed"),
        "refused": _("refused"),
    }[status]


def check_transition(current: str, new: str) -> None:
    """Refuse a step that cannot follow the current one, naming the ones that can."""
    if new not in STATUSES:
        raise FiliereError(
            _("unknown status {status}; use one of: {choices}").format(
                status=new, choices=", ".join(STATUSES)
            )
        )
    if new not in NEXT[current]:
        allowed = ", ".join(NEXT[current]) or _("none, the request is closed")
        raise FiliereError(
            _("a request that is {current} cannot become {new}; next steps: {allowed}").format(
                current=status_label(current), new=status_label(new), allowed=allowed
            )
        )


def next_due(status: str, on: dt.date, urgent: bool, deadline: dt.date | None) -> dt.date | None:
    """The day the next follow-up is due after something happened `on` with the request in `status`;
    None for a draft or a closed request."""
    days = (URGENT_FOLLOW_UP_DAYS if urgent else FOLLOW_UP_DAYS).get(status)
    if days is None:
        return None
    due = on + dt.timedelta(days=days)
    if deadline and on < deadline < due:
        return deadline
    return due


def _trimmed(text: str | dt.date | None) -> str | dt.date | None:
    """Spaces around a typed day are dropped; a day of spaces only stays, and is refused as not a date."""
    return (text.strip() or text) if isinstance(text, str) else text


def parse_day(text: str | dt.date | None, what: str, today: dt.date | None = None) -> dt.date:
    """A YYYY-MM-DD day (today when None), never in the future: events are recorded after they happen."""
    today = today or dt.date.today()
    day = optional_day(_trimmed(text), what) or today
    if day > today:
        raise FiliereError(_("{what}: {day} is in the future").format(what=what, day=day.isoformat()))
    return day


def parse_due(text: str | dt.date | None) -> dt.date | None:
    """A follow-up date the officer sets (may be in the future); None when not given."""
    return optional_day(_trimmed(text), "--due")
