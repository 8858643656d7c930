"""Days typed by a user (YYYY-MM-DD) in options and forms: one reader, one error message naming the option."""

from __future__ import annotations

import datetime as dt

from filiere.errors import FiliereError
from filiere.i18n import _


def optional_day(text: str | dt.date | None, what: str) -> dt.date | None:
    """The day written in `text`; None when nothing was given. `what` names the option in the error."""
    if text is None or text == "":
        return None
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise FiliereError(
            _("{what}: {text!r} is not a date; write YYYY-MM-DD").format(what=what, text=text)
        ) from exc
