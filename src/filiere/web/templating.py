"""The pages' Jinja2 environment and how a page is answered: in the request's language, escaped, with the
language remembered.

Autoescaping is on for every template: evidence text is untrusted and is only ever printed as `{{ text }}`.
Each render gets its own `_`, `ngettext` and locale formatters (a context processor), so one server answers
French and English side by side; `localized` also runs the page's code under `using_language`, so that
texts written by the analysis (timeline summaries, error messages) come in the same language.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from filiere.errors import FiliereError
from filiere.i18n import LANGUAGES, ntranslator, supported, translator, using_language
from filiere.report.labels import TEXT, edge_name, role_name
from filiere.web import language as fmt
from filiere.web.csrf import csrf_token

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
COOKIE_AGE = 365 * 24 * 3600


def _same_page(request: Request, language: str) -> str:
    """This page's path and query with `lang` set (relative: the pages name no host)."""
    url = request.url.include_query_params(lang=language)
    return f"{url.path}?{url.query}"


def page_context(request: Request) -> dict[str, Any]:
    """What every template may use, in the request's language."""
    lang = fmt.request_language(request)
    identity = getattr(request.state, "identity", None)
    return {
        "csrf_token": csrf_token(request),
        "current_user": identity.user if identity else None,
        "lang": lang,
        "_": translator(lang),
        "ngettext": ntranslator(lang),
        "when": lambda value: fmt.when(value, lang),
        "number": lambda value: fmt.number(value, lang),
        "size": lambda value: fmt.size(value, lang),
        "role_name": lambda role: role_name(role or "unknown", lang),
        "edge_name": lambda kind: edge_name(kind, lang),
        "kind_name": lambda kind: TEXT[lang].get(f"kind_{kind}", kind),
        "languages": [(code, LANGUAGE_NAMES[code], _same_page(request, code)) for code in LANGUAGES],
    }


templates = Jinja2Templates(directory=TEMPLATES, context_processors=[page_context])
templates.env.autoescape = True


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The page `template` with `context`; `?lang=` given is remembered in the `lang` cookie."""
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    asked = supported(request.query_params.get("lang"))
    if asked:
        response.set_cookie(fmt.COOKIE, asked, max_age=COOKIE_AGE, samesite="lax", httponly=True)
    return response


def localized(endpoint: Callable[..., HTMLResponse]) -> Callable[..., HTMLResponse]:
    """Run a page (whose first parameter is `request`) in the request's language; a `FiliereError` (an
    unknown case, evidence or entity: 404; a merge or split refused: 400) becomes the error page."""

    @functools.wraps(endpoint)
    def page(**kwargs: Any) -> HTMLResponse:
        request: Request = kwargs["request"]
        with using_language(fmt.request_language(request)):
            try:
                return endpoint(**kwargs)
            except FiliereError as exc:
                status = 404 if request.method == "GET" else 400
                return render(request, "error.html", status_code=status, message=str(exc))

    return page
