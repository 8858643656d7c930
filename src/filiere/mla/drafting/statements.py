"""The requesting authority and the request's statements: urgency, confidentiality, the proceedings, the
procedures to follow and the time limits."""

from __future__ import annotations

import datetime as dt

from filiere.errors import FiliereError
from filiere.i18n import _
from filiere.mla.request import RECORDS, Authority, Request
from filiere.mla.texts import long_date, offence_list, word
from filiere.workspace import Workspace

DEFAULT_DAYS, URGENT_DAYS = 90, 30


def requesting_authority(ws: Workspace, given: Authority | None, country: str) -> Authority:
    """The requesting authority: the command's options over the workspace settings' [mla] section."""
    stored = (ws.settings or {}).get("mla", {}) or {}
    base = Authority(**{k: str(v) for k, v in stored.items() if k in Authority.__dataclass_fields__})
    if given is not None:
        for key, value in vars(given).items():
            if value:
                setattr(base, key, value)
    base.country = base.country or country
    return base


def parse_deadline(deadline: str | None, today: dt.date, urgent: bool) -> dt.date:
    """The --deadline date, or the default time limit (shorter when urgent)."""
    if not deadline:
        return today + dt.timedelta(days=URGENT_DAYS if urgent else DEFAULT_DAYS)
    try:
        return dt.date.fromisoformat(deadline)
    except ValueError as exc:
        raise FiliereError(
            _("--deadline {value!r}: give a date as YYYY-MM-DD").format(value=deadline)
        ) from exc


def fill_statements(request: Request, urgent: str | None, limit: dt.date, nature: str) -> None:
    """Urgency, confidentiality, the proceedings, the procedures to follow and the time limits."""
    lang = request.language
    authority = request.requesting_authority.name or word("text.requesting_authority_default", lang)
    if request.urgent:
        reason = urgent if urgent and urgent.strip().lower() not in ("yes", "oui", "1", "true") else ""
        request.urgency = word("text.urgent", lang, reason=reason or word("text.urgent_default_reason", lang))
    else:
        request.urgency = word("text.not_urgent", lang)
    request.confidentiality = word("text.confidential", lang)
    offences = offence_list([o.label for o in request.offences], lang) or word(
        "text.proceedings_no_offence", lang
    )
    title = word("text.proceedings_title", lang, title=request.case_title) if request.case_title else ""
    request.proceedings = word(
        "text.proceedings",
        lang,
        authority=authority,
        nature=word(f"natures.{nature}", lang),
        reference=request.reference,
        title=title,
        offences=offences,
    )
    general = list(word("text.procedures_general", lang))
    own = list(dict.fromkeys(m.procedure for m in request.measures if m.procedure))
    request.procedures = own + general
    request.time_limit = limit.isoformat()
    parts = [word("text.time_limit", lang, date=long_date(limit, lang))]
    if any(m.kind in RECORDS for m in request.measures):
        parts.append(word("text.time_limit_reason_records", lang))
    if len(request.measures) > 1:
        parts.append(word("text.time_limit_partial", lang))
    request.time_limits = "\n\n".join(parts)
