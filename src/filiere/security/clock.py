"""Times of the security tables: naive UTC datetimes (as the other tables), with an injectable `now`."""

from __future__ import annotations

from datetime import UTC, datetime


def utc(now: datetime | None = None) -> datetime:
    """`now` (or the current time) as a naive UTC datetime; an aware `now` is converted first."""
    if now is None:
        return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    if now.tzinfo is not None:
        now = now.astimezone(UTC).replace(tzinfo=None)
    return now
