"""The language of one request, and dates, numbers and sizes written the way that language writes them.

`?lang=fr|en` chooses (and is remembered in a cookie), else the cookie, else the browser's Accept-Language,
else English. Each request gets its own language: the server answers French and English at once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from babel.units import format_unit
from fastapi import Request

from filiere.i18n import LANGUAGES, supported

COOKIE = "lang"  # the name the API and the chart pages read too


def request_language(request: Request) -> str:
    """The language this request is answered in."""
    asked = supported(request.query_params.get("lang")) or supported(request.cookies.get(COOKIE))
    return asked or accepted_language(request.headers.get("accept-language", ""))


def accepted_language(header: str) -> str:
    """The first of LANGUAGES in an Accept-Language header by preference ("fr-FR,fr;q=0.9,en;q=0.8")."""
    choices = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = supported(tag)
        if code and quality > 0:
            choices.append((-quality, position, code))
    return min(choices)[2] if choices else "en"


def when(value: Any, language: str) -> str:
    """A date or date-time ("2025-03-04", "2025-03-04T21:04:00", a datetime) in the language's medium form;
    text that is neither comes back as it is, and nothing as an empty string."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):  # the date in full, the clock to the minute
        return (
            f"{format_date(value, 'medium', locale=language)}, {format_time(value, 'short', locale=language)}"
        )
    if isinstance(value, date):
        return format_date(value, "medium", locale=language)
    return str(value)


def number(value: Any, language: str) -> str:
    """1234567.5 -> "1,234,567.5" (en) or "1 234 567,5" (fr)."""
    if value is None:
        return ""
    return format_decimal(value, locale=language)


def size(value: int | None, language: str) -> str:
    """A file size in bytes as "12 kB" / "12 ko"."""
    if value is None:
        return ""
    for unit, scale in (("gigabyte", 1e9), ("megabyte", 1e6), ("kilobyte", 1e3)):
        if value >= scale:
            return format_unit(round(value / scale, 1), f"digital-{unit}", "short", locale=language)
    return format_unit(value, "digital-byte", "short", locale=language)


__all__ = ["COOKIE", "LANGUAGES", "accepted_language", "number", "request_language", "size", "when"]
