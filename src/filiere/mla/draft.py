"""Draft a request for mutual legal assistance from what the case already knows.

The requesting State is the case's country; the requested State's record (mla.countries) gives the
language, the central authority and the legal bases; the analysis (network.analyze) gives the people,
their numbers, the route and the timeline; the qualification (qualify.run) gives the offences and the
provisions. Only what a measure needs about a person goes in: victims and migrants are never named unless
a measure concerns them. Whatever the case cannot tell (who signs, a contact) is left empty for the
checker to report.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from filiere.cases import Case
from filiere.errors import FiliereError
from filiere.evidence import list_evidence
from filiere.extract.language import fold_text
from filiere.i18n import _, current_language, using_language
from filiere.mla import countries
from filiere.mla.drafting.annex import evidence_annex
from filiere.mla.drafting.facts import facts_summary
from filiere.mla.drafting.legal import fill_legal, legal_notes
from filiere.mla.drafting.measures import fill_links, fill_measures
from filiere.mla.drafting.offences import qualified_offences
from filiere.mla.drafting.people import PROTECTED_ROLES, People
from filiere.mla.drafting.protection import heard_status, protected_names
from filiere.mla.drafting.statements import fill_statements, parse_deadline, requesting_authority
from filiere.mla.request import MEASURE_KINDS, Authority, Request
from filiere.mla.texts import word
from filiere.qualify.run import qualify_case
from filiere.report.gather import GENERATED
from filiere.store.tables import evidence, evidence_pages
from filiere.workspace import Workspace

NATURES = ("investigation", "prosecution", "trial")
_SPEC = re.compile(r"^\s*([A-Za-z_-]+)\s*:\s*(.+?)\s*$")


def parse_measure(spec: str) -> tuple[str, str]:
    """ "subscriber:+218925550147" -> ("subscriber", "+218925550147"); kinds may use '-' for '_'."""
    match = _SPEC.match(spec or "")
    kind = match.group(1).lower().replace("-", "_") if match else ""
    if not match or kind not in MEASURE_KINDS:
        raise FiliereError(
            _(
                "--measure {spec!r}: write KIND:TARGET with KIND one of {kinds}, e.g. subscriber:+22376315842"
            ).format(spec=spec, kinds=", ".join(MEASURE_KINDS))
        )
    return kind, match.group(2)


def draft_request(
    ws: Workspace,
    case: Case,
    to: str,
    measures: list[str],
    *,
    language: str | None = None,
    authority: Authority | None = None,
    contacts: list[Authority] | None = None,
    urgent: str | None = None,
    deadline: str | None = None,
    nature: str = "investigation",
    place: str = "",
    reference: str | None = None,
    today: dt.date | None = None,
) -> Request:
    """A request from `case` to State `to` for the measures given as "KIND:TARGET"."""
    today = today or dt.date.today()
    requesting = (case.country or "").upper()
    if not requesting:
        raise FiliereError(
            _(
                "Case {case} has no country: the requesting State is the case's country (case create "
                "--country)"
            ).format(case=case.slug)
        )
    requested = (to or "").strip().upper()
    if requested not in countries.ISO_COUNTRIES:
        raise FiliereError(
            _("--to {code!r}: give the requested State's ISO code, e.g. ML or GH").format(code=to)
        )
    if requested == requesting:
        raise FiliereError(
            _("--to {code}: the requested State must differ from the case's country").format(code=to)
        )
    if nature not in NATURES:
        raise FiliereError(_("--nature must be one of: {choices}").format(choices=", ".join(NATURES)))
    if not measures:
        raise FiliereError(_("Give at least one --measure KIND:TARGET, e.g. subscriber:+22376315842"))
    specs = [parse_measure(m) for m in measures]
    limit = parse_deadline(deadline, today, bool(urgent))
    notes: list[str] = []
    try:
        record = countries.load_country(requested)
    except countries.MlaDataError as exc:
        record = None
        notes.append(str(exc))
    lang = _language(record, language, notes)
    with using_language(lang):
        from filiere.network.analyze import analyze_case

        analysis = analyze_case(ws, case)
        bases = countries.legal_bases_between(requesting, requested, on=today) if record else []
    ui_bases = countries.legal_bases_between(requesting, requested, on=today) if record else []
    qualification = qualify_case(ws, case, analysis=analysis)
    people = People(analysis, case)
    suspects = {s["person"] for s in qualification.get("suspects", []) if s.get("offences")}
    victims = {v.get("person") for v in qualification.get("victims", [])}
    request = Request(
        case=case.slug,
        requesting_state=requesting,
        requested_state=requested,
        language=lang,
        reference=reference or f"{case.slug.upper()}/MLA/{requested}/{today:%Y%m%d}",
        case_title=case.title or "",
        created_on=today.isoformat(),
        training=_training(ws, case),
        place=place,
        urgent=bool(urgent),
    )
    request.requesting_authority = requesting_authority(ws, authority, requesting)
    request.contacts = list(contacts or [])
    if not request.contacts and (request.requesting_authority.phone or request.requesting_authority.email):
        request.contacts = [request.requesting_authority]
    fill_measures(ws, case, request, specs, people, victims, suspects)
    concerned = {p.id for p in request.persons if p.id is not None}
    request.offences = qualified_offences(ws, qualification, concerned, requesting, lang)
    names = {p["id"]: p["name"] for p in analysis["people"]}
    rank = {pid: i for i, pid in enumerate(names)}
    for offence in request.offences:
        offence.persons = sorted(set(offence.persons), key=lambda pid: rank.get(pid, len(rank)))
        offence.names = [names[pid] for pid in offence.persons if pid in names]
    protected = protected_names(analysis, qualification, heard_status(ws, case), concerned)
    kinds = sorted(
        {
            word(f"evidence_kinds.{e['kind']}", lang)
            for e in list_evidence(ws, case)
            if e["kind"] in ("transcript", "interview", "cdr", "money", "subscribers")
        }
    )
    only_service = all(m.kind == "service" for m in request.measures)
    protected_people = len({p["id"] for p in analysis["people"] if p["role"] in PROTECTED_ROLES} - concerned)
    request.facts, facts_cited = facts_summary(
        analysis, request.persons, request.offences, kinds, lang, protected, protected_people, only_service
    )
    request.facts_date = qualification.get("facts_date") or ""
    fill_links(request, names, lang)
    fill_legal(ws, request, record, bases, lang, notes)
    legal_notes(ui_bases, notes)
    fill_statements(request, urgent, limit, nature)
    cited = facts_cited + [e for m in request.measures for e in m.evidence]
    cited += [e for o in request.offences for e in o.evidence] + [
        e for p in request.persons for e in p.evidence
    ]
    request.evidence = evidence_annex(ws, case, cited, protected, lang)
    request.protected = protected
    request.notes = notes
    return request


def _language(record, language: str | None, notes: list[str]) -> str:
    """The language to write in: --lang, else the first accepted one Filière writes, else a note."""
    if language:
        code = language.strip().lower()
        if code not in ("fr", "en"):
            raise FiliereError(_("--lang must be fr or en (the languages Filière writes requests in)"))
        return code
    accepted = record.languages_accepted if record else ()
    chosen = next((code for code in accepted if code in ("fr", "en")), None)
    if chosen:
        return chosen
    fallback = current_language() if current_language() in ("fr", "en") else "en"
    notes.append(
        _(
            "The requested State's languages ({languages}) are none Filière writes: drafted in {lang}; have "
            "it translated."
        ).format(languages=", ".join(accepted) or "?", lang=fallback)
    )
    return fallback


def _training(ws: Workspace, case: Case) -> bool:
    """Whether the case holds generated training data (such a request must never be sent)."""
    with ws.engine.connect() as conn:
        first = conn.execute(
            select(evidence_pages.c.text)
            .join(evidence, evidence.c.id == evidence_pages.c.evidence_id)
            .where(evidence.c.case_id == case.id, evidence_pages.c.page_no == 1)
        ).scalars()
        hit = any(GENERATED.search(fold_text((t or "")[:300])) for t in first)
    return hit or bool(GENERATED.search(fold_text(case.title or "")))
