"""Phone numbers as investigators meet them, normalised to E.164.

A number is an identifier in its own right, so the raw text is always kept beside the E.164 form.
Operator exports often drop the ``+`` ("22376123456") and transcripts use national forms
("76 12 34 56") that only the case's country can resolve; both are handled here.
"""

from __future__ import annotations

import re

import phonenumbers

_SEPARATORS = re.compile(r"[\s\-./()\u00a0]+")
# Country calling codes of the region (see DOMAIN.md); used to read "22376123456" as international.
REGION_CALLING_CODES = (
    "223",
    "227",
    "226",
    "221",
    "225",
    "233",
    "234",
    "220",
    "224",
    "222",
    "235",
    "213",
    "218",
    "212",
    "216",
    "249",
    "291",
    "39",
    "34",
    "33",
)


def _to_e164(candidate: str, region: str | None) -> str | None:
    try:
        parsed = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(parsed) or phonenumbers.is_possible_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def normalise_phone(raw: str, region: str | None = None) -> str | None:
    """Return the E.164 form of ``raw`` or None when it cannot be read as a phone number.

    ``region`` is the case's ISO country code, used for national forms ("93 07 64 19").
    """
    text = _SEPARATORS.sub("", raw.strip())
    if not text:
        return None
    if text.startswith("+"):
        return _to_e164(text, None)
    if not text.isdigit():
        return None
    if text.startswith("00"):
        return _to_e164("+" + text[2:], None)
    national = _to_e164(text, region) if region else None
    if national is not None and phonenumbers.is_valid_number(phonenumbers.parse(national)):
        return national
    for code in REGION_CALLING_CODES:
        if text.startswith(code) and len(text) > len(code) + 6:
            international = _to_e164("+" + text, None)
            if international is not None:
                return international
    return national


class PhoneNormaliser:
    """Caches normalisation per raw string: a CDR repeats the same few thousand numbers millions of times."""

    def __init__(self, region: str | None):
        self.region = region.upper() if region else None
        self._cache: dict[str, str | None] = {}

    def __call__(self, raw: str | None) -> str | None:
        if not raw:
            return None
        try:
            return self._cache[raw]
        except KeyError:
            value = self._cache[raw] = normalise_phone(raw, self.region)
            if len(self._cache) > 2_000_000:  # bound memory on hostile input with all-distinct numbers
                self._cache.clear()
            return value

    def cache_items(self) -> list[tuple[str, str | None]]:
        """The raw numbers seen so far with their E.164 form (None: not readable as a number)."""
        return list(self._cache.items())
