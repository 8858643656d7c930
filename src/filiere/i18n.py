"""User-facing text in French and English through gettext.

Source strings are English; the French catalog lives in locale/fr/LC_MESSAGES/filiere.po and is compiled
to .mo by `make locale` (both are committed; a test checks the catalog is complete and up to date).

The command line has one language per process (`set_language`). The web workbench serves French and
English at once, so it asks for a language per request instead: `translator(lang)` gives a `_` for the
templates, and `using_language(lang)` makes every `_()` called inside it (by the analysis modules too)
answer in that language for the current thread or task only (a context variable), leaving the process
language alone.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "filiere"
LANGUAGES = ("fr", "en")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_request_language: ContextVar[str | None] = ContextVar("filiere_language", default=None)


def default_language() -> str:
    """The language asked for by FILIERE_LANG, else by the system locale (LANG/LC_ALL), else English."""
    for var in ("FILIERE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value[:2].lower() in LANGUAGES:
            return value[:2].lower()
    return "en"


def supported(language: str | None) -> str | None:
    """`language` ("fr", "FR", "fr-BE"…) as one of LANGUAGES, or None when it is none of them."""
    code = (language or "").strip()[:2].lower()
    return code if code in LANGUAGES else None


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (loaded once; English is the source text)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[supported(language) or "en"], fallback=True)


def set_language(language: str | None) -> str:
    """Switch every later `_()` call to `language` ("fr" or "en"); returns the language now in force."""
    global _translations, _language
    language = supported(language or default_language()) or "en"
    _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    _language = language
    return language


def current_language() -> str:
    """The language `_()` answers in here: the one of `using_language`, else the process language."""
    return _request_language.get() or _language


@contextmanager
def using_language(language: str | None) -> Iterator[str]:
    """Within the block, `_()` and `ngettext()` answer in `language` (this thread or task only)."""
    token = _request_language.set(supported(language) or "en")
    try:
        yield _request_language.get() or "en"
    finally:
        _request_language.reset(token)


def translator(language: str | None) -> Callable[[str], str]:
    """A `_` bound to `language`, whatever the process language (for templates rendered per request)."""
    return translations(supported(language) or "en").gettext


def ntranslator(language: str | None) -> Callable[[str, str, int], str]:
    """An `ngettext` bound to `language`."""
    return translations(supported(language) or "en").ngettext


def _active() -> gettext.NullTranslations:
    language = _request_language.get()
    return translations(language) if language else _translations


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)
