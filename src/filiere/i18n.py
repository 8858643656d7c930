"""User-facing text in French and English through gettext.

Source strings are English; the French catalog lives in locale/fr/LC_MESSAGES/filiere.po and is compiled
to .mo by `make locale` (both are committed; a test checks the catalog is complete and up to date).
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "filiere"
LANGUAGES = ("fr", "en")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def default_language() -> str:
    """The language asked for by FILIERE_LANG, else by the system locale (LANG/LC_ALL), else English."""
    for var in ("FILIERE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value[:2].lower() in LANGUAGES:
            return value[:2].lower()
    return "en"


def set_language(language: str | None) -> str:
    """Switch every later `_()` call to `language` ("fr" or "en"); returns the language now in force."""
    global _translations, _language
    language = (language or default_language())[:2].lower()
    if language not in LANGUAGES:
        language = "en"
    _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    _language = language
    return language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)
