"""The legal basis cited, the requested State's central authority and channel, and the dual criminality
statement coercive measures need; whatever is uncertain becomes a note for the officer."""

from __future__ import annotations

from filiere.i18n import _, current_language
from filiere.mla.drafting.offences import dual_criminality
from filiere.mla.request import COERCIVE, COERCIVE_IN_SOME_STATES, Authority, LegalBasis, Request


def _chosen(bases: list) -> list:
    """The treaty bases the request cites: those that apply, else the uncertain ones; reciprocity last."""
    treaties = [b for b in bases if b.kind != "reciprocity"]
    applies = [b for b in treaties if b.status == "applies"]
    return (applies or treaties) + [b for b in bases if b.kind == "reciprocity"]


def legal_notes(bases: list, notes: list[str]) -> None:
    """Tell the officer (in the interface language) about every uncertain basis, cited or not."""
    lang = current_language()
    for basis in bases:
        if basis.kind != "reciprocity" and basis.status == "uncertain":
            reason = basis.status_reason or (basis.note.get(lang) if basis.note else "?")
            notes.append(
                _("Legal basis {title}: uncertain — {reason}").format(
                    title=basis.title.get(lang), reason=reason
                )
            )


def fill_legal(ws, request: Request, record, bases, lang: str, notes: list[str]) -> None:
    """The bases cited, the requested authority and channel, and dual criminality if needed."""
    for basis in _chosen(bases):
        note = basis.status_reason or (basis.note.get(lang) if basis.note else "")
        request.legal_bases.append(
            LegalBasis(
                id=basis.id,
                instrument=basis.title.get(lang),
                kind=basis.kind,
                status=basis.status,
                note=note if basis.status == "uncertain" else "",
            )
        )
    if record is not None:
        authority = record.central_authority
        request.requested_authority = Authority(
            name=authority.name.get(lang) if authority.name else "",
            ministry=authority.ministry.get(lang) if authority.ministry else "",
            address=authority.address or "",
            email=authority.email or "",
            phone=authority.phone or "",
            country=request.requested_state,
        )
        if not request.requested_authority.name and request.requested_authority.ministry:
            request.requested_authority.name = request.requested_authority.ministry
            request.requested_authority.ministry = ""
        central = record.channel("central_authority")
        request.channel = (
            "central_authority" if central is None or central.available is not False else "diplomatic"
        )
    if any(m.kind in COERCIVE | COERCIVE_IN_SOME_STATES for m in request.measures) and request.offences:
        request.dual_criminality, gaps = dual_criminality(ws, request.offences, request.requested_state, lang)
        if gaps:
            notes.append(
                _("No law of {state} in the legal library for: {offences}; check dual criminality.").format(
                    state=request.requested_state, offences=", ".join(gaps)
                )
            )
