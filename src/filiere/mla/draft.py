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
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from filiere.cases import Case
from filiere.errors import FiliereError
from filiere.evidence import list_evidence
from filiere.extract.language import fold_text
from filiere.i18n import _, current_language, using_language
from filiere.ingest.datetimes import parse_date
from filiere.mla import countries
from filiere.mla.request import (
    COERCIVE,
    COERCIVE_IN_SOME_STATES,
    MEASURE_KINDS,
    NUMBER_MEASURES,
    RECORDS,
    Authority,
    EvidenceRef,
    LegalBasis,
    Measure,
    Offence,
    Person,
    Protected,
    Provision,
    Request,
    name_tokens,
    token_digest,
)
from filiere.mla.texts import (
    cite,
    country_name,
    join_words,
    list_separator,
    long_date,
    measure_word,
    offence_list,
    word,
)
from filiere.model.phones import normalise_phone
from filiere.qualify.run import qualify_case
from filiere.report.gather import GENERATED
from filiere.report.labels import role_name
from filiere.store.tables import entities, evidence, evidence_pages, observations, subscribers
from filiere.workspace import Workspace

NATURES = ("investigation", "prosecution", "trial")
PROTECTED_ROLES = ("victim", "migrant")
FREE_TEXT_MEASURES = frozenset({"search", "seizure"})
DEFAULT_DAYS, URGENT_DAYS = 90, 30
MAX_SUSPECTS, MAX_EVENTS = 8, 6
_CRIME_TYPES = {
    "TIP": "tip",
    "SOM": "som",
    "CORRUPTION": "corruption",
    "ORGANISED_GROUP": "organised_crime",
    "DOCUMENT_FRAUD": "document_fraud",
}
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


class _People:
    """The analysis people, found by entity id, number or name."""

    def __init__(self, analysis: dict[str, Any], case: Case):
        self.case = case
        self.by_id = {p["id"]: p for p in analysis["people"]}
        self.numbers = {row["number"]: row for row in analysis["phones"]}
        self.timeline = analysis["timeline"]

    def by_number(self, number: str) -> dict | None:
        row = self.numbers.get(number) or {}
        users = row.get("users") or []
        found = users[0] if len(users) == 1 else row.get("subscriber")
        if found is None:
            found = next((p["id"] for p in self.by_id.values() if number in p["phones"]), None)
        return self.by_id.get(found) if found is not None else None

    def find(self, target: str) -> dict:
        text = target.strip().lstrip("#")
        if text.isdigit() and int(text) in self.by_id:
            return self.by_id[int(text)]
        wanted = " ".join(name_tokens(text))
        exact = [p for p in self.by_id.values() if wanted in {" ".join(name_tokens(n)) for n in _names(p)}]
        if not exact:
            words = set(wanted.split())
            exact = [
                p
                for p in self.by_id.values()
                if any(words <= set(name_tokens(n)) for n in _names(p)) and words
            ]
        if len(exact) == 1:
            return exact[0]
        if exact:
            raise FiliereError(
                _("{target!r} names several people of case {case}: {names}; give the entity number").format(
                    target=target,
                    case=self.case.slug,
                    names=", ".join(f"#{p['id']} {p['name']}" for p in exact),
                )
            )
        raise FiliereError(
            _("No person {target!r} in case {case}; see `filiere entity list --case {case}`").format(
                target=target, case=self.case.slug
            )
        )


def _names(person: dict) -> list[str]:
    return [person["name"], *person.get("aliases", [])]


def _resolve(kind: str, target: str, people: _People, region: str) -> tuple[str, dict | None]:
    """(E.164 number or "", person or None) for one measure."""
    number = normalise_phone(target, region)
    if kind in NUMBER_MEASURES:
        if number is None:
            raise FiliereError(
                _("--measure {kind}:{target}: a telephone number is expected, e.g. +22376315842").format(
                    kind=kind, target=target
                )
            )
        return number, people.by_number(number)
    if number is not None:
        return number, people.by_number(number)
    if kind in FREE_TEXT_MEASURES:
        try:
            return "", people.find(target)
        except FiliereError:
            return "", None  # a place or an object, not a person
    return "", people.find(target)


def _capacity(kind: str, person: dict, victims: set[int], suspects: set[int]) -> str:
    if kind == "witness":
        return "witness"
    if kind == "suspect" or person["id"] in suspects:
        return "suspect"
    if person["id"] in victims or person.get("role") in PROTECTED_ROLES:
        return "victim"
    return "suspect" if person.get("role") not in (None, "", "unknown") else "other"


def _identity(ws: Workspace, case: Case, entity_id: int) -> dict[str, Any]:
    """Identity data the evidence holds: the hearing record's header, the operator's subscriber list."""
    out: dict[str, Any] = {"documents": [], "evidence": []}
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(observations.c.kind, observations.c.key, observations.c.evidence_id).where(
                observations.c.case_id == case.id,
                observations.c.entity_id == entity_id,
                observations.c.kind.in_(("heard", "subscriber")),
            )
        ).all()
        for row in rows:
            if row.kind == "heard":
                details = conn.execute(
                    select(evidence.c.details).where(evidence.c.id == row.evidence_id)
                ).scalar()
                header = (details or {}).get("header") or {}
                born = parse_date(header["birth_date"]) if header.get("birth_date") else None
                out.setdefault("birth_date", born.isoformat() if born else "")
                out.setdefault("birth_place", header.get("birth_place") or "")
                out.setdefault("nationality", header.get("nationality") or "")
                out["evidence"].append(row.evidence_id)
            else:
                parts = row.key.split(":")
                if len(parts) != 3:
                    continue
                sub = conn.execute(
                    select(subscribers).where(
                        subscribers.c.evidence_id == int(parts[1]), subscribers.c.line == int(parts[2])
                    )
                ).first()
                if sub is not None:
                    if sub.id_document and sub.id_document not in out["documents"]:
                        out["documents"].append(sub.id_document)
                    out.setdefault("address", sub.address or "")
                    out["evidence"].append(row.evidence_id)
    return out


def _phone_evidence(ws: Workspace, entity_id: int, number: str) -> list[int]:
    """The evidence that links the person to the number (user or subscriber)."""
    with ws.engine.connect() as conn:
        details = conn.execute(select(entities.c.details).where(entities.c.id == entity_id)).scalar()
    links = ((details or {}).get("phones") or {}).get(number) or {}
    return sorted({e for ids in links.values() for e in ids})


def _text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return value.get(lang) or next((v for v in value.values() if v), "")
    return "" if value is None else str(value)


def _provisions(ws: Workspace, laws: Iterable[dict], requesting: str, lang: str) -> list[Provision]:
    from filiere.law.store import LawRecordNotFound, get_record

    national, international, seen = [], [], set()
    for law in laws:
        key = (law.get("instrument"), law.get("article"))
        if key in seen or not law.get("instrument"):
            continue
        seen.add(key)
        try:
            record = get_record(ws, law["instrument"])
        except LawRecordNotFound:
            record = {}
        if record.get("repeals") and not any(a.get("offence") for a in record.get("articles", [])):
            continue  # a repealing text punishes nothing
        article = next((a for a in record.get("articles", []) if a.get("number") == law.get("article")), None)
        text = _text((article or {}).get("summary"), lang) or _text(record.get("summary"), lang)
        provision = Provision(
            record=law["instrument"],
            title=_text(law.get("title") or record.get("title"), lang),
            number=law.get("number") or record.get("number", ""),
            article=law.get("article") or "",
            heading=_text(law.get("heading") or (article or {}).get("heading"), lang),
            text=text,
            status=law.get("status") or record.get("status", ""),
        )
        (national if record.get("country") == requesting else international).append(provision)
    return national or international


def _offences(ws, qualification, concerned: set[int], requesting: str, lang: str) -> list[Offence]:
    by_code: dict[str, Offence] = {}
    laws: dict[str, list[dict]] = {}
    for suspect in qualification.get("suspects", []):
        for key, qualified in (("offences", True), ("possible_offences", False)):
            for o in suspect.get(key, []):
                if not qualified and suspect["person"] not in concerned:
                    continue
                code = o["offence"]
                offence = by_code.setdefault(
                    code, Offence(code, word(f"offences.{code}", lang), qualified=False)
                )
                if qualified:
                    offence.qualified = True
                    offence.persons.append(suspect["person"])
                laws.setdefault(code, []).extend(o.get("law", []))
                if suspect["person"] in concerned:
                    offence.evidence.extend(
                        ev["evidence"] for el in o.get("elements", []) for ev in el.get("evidence", [])
                    )
    order = list(_CRIME_TYPES)
    out = sorted(
        by_code.values(), key=lambda o: (not o.qualified, order.index(o.code) if o.code in order else 9)
    )
    for offence in out:
        offence.provisions = _provisions(ws, laws.get(offence.code, []), requesting, lang)
        offence.evidence = sorted(set(offence.evidence))[:6]
    return out


def _dual_criminality(ws, offences: list[Offence], requested: str, lang: str) -> tuple[str, list[str]]:
    """A statement that the offences are punishable in the requested State too, from its laws in the
    library; and the offences for which none was found."""
    from filiere.law.store import all_records, display_title

    records = [
        r
        for r in all_records(ws)
        if r.get("country") == requested and r.get("kind") == "legislation" and r.get("status") != "repealed"
    ]
    found, gaps = [], []
    for offence in offences:
        crime = _CRIME_TYPES.get(offence.code, offence.code.lower())
        matches = []
        for record in records:
            articles = [a for a in record.get("articles", []) if a.get("offence") == crime]
            if articles:
                numbers = ", ".join(a["number"] for a in articles)
                matches.append(f"{record.get('number') or display_title(record, lang)}, art. {numbers}")
            elif crime in record.get("crime_types", []) and not record.get("repeals"):
                matches.append(record.get("number") or display_title(record, lang))
        if matches:
            found.append(f"{offence.label} ({list_separator(lang).join(dict.fromkeys(matches))})")
        else:
            gaps.append(offence.label)
    state = country_name(requested, lang)
    parts = []
    if found:
        parts.append(
            word("text.dual_criminality", lang, requested=state, laws=list_separator(lang).join(found))
        )
    if found and gaps:
        parts.append(word("text.dual_criminality_gap", lang, requested=state, offences=", ".join(gaps)))
    return "\n\n".join(parts), gaps


def _protected(analysis, qualification, heard: dict[int, str], concerned: set[int]) -> list[Protected]:
    """Victims and migrants the request does not concern, as digests of their names' words."""
    names: dict[int, list[str]] = {}
    for p in analysis["people"]:
        if p["role"] in PROTECTED_ROLES or "victim" in (heard.get(p["id"]) or "").lower():
            names[p["id"]] = _names(p)
    for v in qualification.get("victims", []):
        person = next((p for p in analysis["people"] if p["id"] == v.get("person")), None)
        names[v.get("person")] = _names(person) if person else [v.get("name", "")]
    out = []
    for pid, variants in names.items():
        if pid in concerned:
            continue
        for variant in dict.fromkeys(variants):
            tokens = sorted({token_digest(t) for t in name_tokens(variant)})
            if len(tokens) >= 2 and tokens not in [p.tokens for p in out]:
                out.append(Protected("victim", tokens))
    return out


def _heard_status(ws: Workspace, case: Case) -> dict[int, str]:
    with ws.engine.connect() as conn:
        rows = conn.execute(
            select(observations.c.entity_id, evidence.c.details)
            .join(evidence, evidence.c.id == observations.c.evidence_id)
            .where(observations.c.case_id == case.id, observations.c.kind == "heard")
        ).all()
    return {r.entity_id: ((r.details or {}).get("header") or {}).get("status") or "" for r in rows}


def _training(ws: Workspace, case: Case) -> bool:
    with ws.engine.connect() as conn:
        first = conn.execute(
            select(evidence_pages.c.text)
            .join(evidence, evidence.c.id == evidence_pages.c.evidence_id)
            .where(evidence.c.case_id == case.id, evidence_pages.c.page_no == 1)
        ).scalars()
        hit = any(GENERATED.search(fold_text((t or "")[:300])) for t in first)
    return hit or bool(GENERATED.search(fold_text(case.title or "")))


def _facts(
    analysis,
    persons: list[Person],
    offences: list[Offence],
    kinds: list[str],
    lang: str,
    protected: list[Protected],
    protected_count: int,
    only_service: bool,
) -> tuple[str, list[int]]:
    """The summary of facts and the evidence it cites: the network, its members, then what the evidence
    says of each person the request concerns."""
    if only_service:
        return word("text.facts_service", lang), []
    dates = sorted(t["time"][:10] for t in analysis["timeline"] if t.get("time"))
    crimes = offence_list([o.label for o in offences if o.qualified], lang) or word(
        "text.facts_crime_default", lang
    )
    route = " – ".join(analysis["route"])
    route_text = word("text.facts_route", lang, route=route) if route else ""
    kinds_text = ", ".join(kinds)
    if dates:
        opening = word(
            "text.facts_network",
            lang,
            kinds=kinds_text,
            offences=crimes,
            route=route_text,
            first=long_date(dates[0], lang),
            last=long_date(dates[-1], lang),
        )
    else:
        opening = word(
            "text.facts_network_undated", lang, kinds=kinds_text, offences=crimes, route=route_text
        )
    paragraphs = [opening]
    suspects = [
        p
        for p in analysis["people"]
        if p["role"] not in ("unknown", *PROTECTED_ROLES) and p.get("rank") is not None
    ][:MAX_SUSPECTS]
    if suspects:
        named = [f"{p['name']} ({role_name(p['role'], lang)})" for p in suspects]
        paragraphs.append(word("text.facts_suspects", lang, people=list_separator(lang).join(named)))
    cited: list[int] = []
    by_id = {p["id"]: p for p in analysis["people"]}
    for person in persons:
        aliases = (
            word("text.facts_alias", lang, aliases=", ".join(person.aliases[:3])) if person.aliases else ""
        )
        role = (
            role_name(person.role, lang)
            if person.role not in ("", "unknown") and person.capacity != "witness"
            else word(f"capacities.{person.capacity}", lang)
        )
        numbers = person.phones
        if numbers:
            number_text = (
                word("text.facts_number", lang, number=numbers[0])
                if len(numbers) == 1
                else word("text.facts_numbers", lang, numbers=join_words(numbers, lang))
            )
            line = word(
                "text.facts_person",
                lang,
                name=person.name,
                aliases=aliases,
                role=role,
                numbers=number_text,
                cite=_cite(person.evidence, lang),
            )
        else:
            line = word(
                "text.facts_person_no_number",
                lang,
                name=person.name,
                aliases=aliases,
                role=role,
                cite=_cite(person.evidence, lang),
            )
        cited += person.evidence
        source = by_id.get(person.id)
        events = _events(analysis, source, protected) if source else []
        if events:
            lines = [word("text.facts_events_intro", lang, name=person.name)]
            for event in events:
                cited.append(event["evidence"])
                lines.append(
                    "– "
                    + word(
                        "text.facts_event",
                        lang,
                        date=long_date(event["time"][:10], lang),
                        summary=event["summary"].rstrip("."),
                        cite=_cite([event["evidence"]], lang),
                    )
                )
            paragraphs.append(line + "\n\n" + "\n".join(lines))
        else:
            paragraphs.append(line)
    if protected_count:
        paragraphs.append(word("text.facts_protected", lang, count=protected_count))
    return "\n\n".join(paragraphs), cited


def _cite(ids: list[int], lang: str) -> str:
    return cite([i for i in ids if i is not None], lang)


def _names_protected(text: str, protected: list[Protected]) -> bool:
    words = {token_digest(t) for t in name_tokens(text)}
    return any(p.tokens and set(p.tokens) <= words for p in protected)


def _events(analysis: dict[str, Any], person: dict, protected: list[Protected]) -> list[dict]:
    """The timeline entries naming the person (calls, payments), oldest first, a few at most."""
    names = [n for n in _names(person) if n and len(n) > 2]
    found = [
        t
        for t in analysis["timeline"]
        if t.get("kind") in ("call", "sms", "payment")
        and t.get("evidence") is not None
        and any(n in t.get("summary", "") for n in names)
        and not _names_protected(t.get("summary", ""), protected)
    ]
    return found[:MAX_EVENTS]


def _authority(ws: Workspace, given: Authority | None, country: str) -> Authority:
    """The requesting authority: the command's options over the workspace settings' [mla] section."""
    stored = (ws.settings or {}).get("mla", {}) or {}
    base = Authority(**{k: str(v) for k, v in stored.items() if k in Authority.__dataclass_fields__})
    if given is not None:
        for key, value in vars(given).items():
            if value:
                setattr(base, key, value)
    base.country = base.country or country
    return base


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
    limit = _deadline(deadline, today, bool(urgent))
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
    people = _People(analysis, case)
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
    request.requesting_authority = _authority(ws, authority, requesting)
    request.contacts = list(contacts or [])
    if not request.contacts and (request.requesting_authority.phone or request.requesting_authority.email):
        request.contacts = [request.requesting_authority]
    _fill_measures(ws, case, request, specs, people, victims, suspects)
    concerned = {p.id for p in request.persons if p.id is not None}
    request.offences = _offences(ws, qualification, concerned, requesting, lang)
    names = {p["id"]: p["name"] for p in analysis["people"]}
    rank = {pid: i for i, pid in enumerate(names)}
    for offence in request.offences:
        offence.persons = sorted(set(offence.persons), key=lambda pid: rank.get(pid, len(rank)))
        offence.names = [names[pid] for pid in offence.persons if pid in names]
    protected = _protected(analysis, qualification, _heard_status(ws, case), concerned)
    kinds = sorted(
        {
            word(f"evidence_kinds.{e['kind']}", lang)
            for e in list_evidence(ws, case)
            if e["kind"] in ("transcript", "interview", "cdr", "money", "subscribers")
        }
    )
    only_service = all(m.kind == "service" for m in request.measures)
    protected_people = len({p["id"] for p in analysis["people"] if p["role"] in PROTECTED_ROLES} - concerned)
    request.facts, facts_cited = _facts(
        analysis, request.persons, request.offences, kinds, lang, protected, protected_people, only_service
    )
    request.facts_date = qualification.get("facts_date") or ""
    _fill_links(request, names, lang)
    _fill_legal(ws, request, record, bases, lang, notes)
    _legal_notes(ui_bases, notes)
    _fill_statements(request, urgent, limit, nature)
    cited = facts_cited + [e for m in request.measures for e in m.evidence]
    cited += [e for o in request.offences for e in o.evidence] + [
        e for p in request.persons for e in p.evidence
    ]
    request.evidence = _annex(ws, case, cited, protected, lang)
    request.protected = protected
    request.notes = notes
    return request


def _language(record, language: str | None, notes: list[str]) -> str:
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


def _fill_measures(ws, case, request: Request, specs, people: _People, victims, suspects) -> None:
    lang = request.language
    for kind, target in specs:
        number, person = _resolve(kind, target, people, request.requesting_state)
        if kind in NUMBER_MEASURES or (kind == "mobile_money" and number):
            shown = number
        elif person is not None and kind not in FREE_TEXT_MEASURES:
            shown = person["name"]
        else:
            shown = target
        measure = Measure(kind=kind, target=target, person=person["id"] if person else None, number=number)
        if kind in ("traffic", "bank", "mobile_money"):
            dates = sorted(t["time"][:10] for t in people.timeline if t.get("time"))
            if dates:
                measure.period_from, measure.period_to = dates[0], dates[-1]
        period = (
            word(
                "text.period",
                lang,
                start=long_date(measure.period_from, lang),
                end=long_date(measure.period_to, lang),
            )
            if measure.period_from
            else ""
        )
        measure.description = measure_word(kind, "description", lang, target=shown, period=period)
        measure.procedure = measure_word(kind, "procedure", lang)
        if person is not None:
            if number:
                measure.evidence = _phone_evidence(ws, person["id"], number)
            _add_person(ws, case, request, kind, person, victims, suspects)
        request.measures.append(measure)


def _add_person(ws, case, request: Request, kind: str, person: dict, victims, suspects) -> None:
    capacity = _capacity(kind, person, victims, suspects)
    existing = request.person(person["id"])
    if existing is not None:
        if capacity in ("witness", "suspect"):
            existing.capacity = capacity
        return
    identity = _identity(ws, case, person["id"])
    phone_evidence = [e for n in person["phones"] for e in _phone_evidence(ws, person["id"], n)]
    request.persons.append(
        Person(
            name=person["name"],
            id=person["id"],
            capacity=capacity,
            role=person.get("role") or "",
            aliases=[a for a in person.get("aliases", []) if a != person["name"]][:5],
            phones=list(person["phones"]),
            nationality=identity.get("nationality", ""),
            birth_date=identity.get("birth_date", ""),
            birth_place=identity.get("birth_place", ""),
            address=identity.get("address", ""),
            documents=identity["documents"],
            evidence=sorted(set(phone_evidence + identity["evidence"]))[:6],
        )
    )


def _fill_links(request: Request, names: dict[int, str], lang: str) -> None:
    crimes = offence_list([o.label for o in request.offences], lang) or word("text.facts_crime_default", lang)
    for i, measure in enumerate(request.measures, 1):
        shown = measure.number or (names.get(measure.person) if measure.person else "") or measure.target
        purpose = measure_word(measure.kind, "purpose", lang, target=shown)
        own = [o.label for o in request.offences if measure.person in o.persons]
        concerned = request.person(measure.person)
        person = ""
        if concerned is not None and concerned.capacity == "suspect":
            person = word("text.link_person", lang, name=concerned.name)
        measure.link = word(
            "text.link",
            lang,
            n=i,
            purpose=purpose[:1].upper() + purpose[1:],
            offences=offence_list(own, lang) if own else crimes,
            person=person,
        )


def _chosen(bases: list) -> list:
    """The treaty bases the request cites: those that apply, else the uncertain ones; reciprocity last."""
    treaties = [b for b in bases if b.kind != "reciprocity"]
    applies = [b for b in treaties if b.status == "applies"]
    return (applies or treaties) + [b for b in bases if b.kind == "reciprocity"]


def _legal_notes(bases: list, notes: list[str]) -> None:
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


def _fill_legal(ws, request: Request, record, bases, lang: str, notes: list[str]) -> None:
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
        request.dual_criminality, gaps = _dual_criminality(
            ws, request.offences, request.requested_state, lang
        )
        if gaps:
            notes.append(
                _("No law of {state} in the legal library for: {offences}; check dual criminality.").format(
                    state=request.requested_state, offences=", ".join(gaps)
                )
            )


def _deadline(deadline: str | None, today: dt.date, urgent: bool) -> dt.date:
    if not deadline:
        return today + dt.timedelta(days=URGENT_DAYS if urgent else DEFAULT_DAYS)
    try:
        return dt.date.fromisoformat(deadline)
    except ValueError as exc:
        raise FiliereError(
            _("--deadline {value!r}: give a date as YYYY-MM-DD").format(value=deadline)
        ) from exc


def _fill_statements(request: Request, urgent: str | None, limit: dt.date, nature: str) -> None:
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


def _annex(ws, case: Case, cited: list[int], protected: list[Protected], lang: str) -> list[EvidenceRef]:
    """The originals cited, by SHA-256; a file name that carries a protected person's name is withheld
    (file names often carry the surname alone: "audition_KONATE_mineur")."""
    wanted = {i for i in cited if i is not None}
    digests = {d for p in protected for d in p.tokens}
    out = []
    for item in list_evidence(ws, case):
        if item["id"] not in wanted:
            continue
        name = item["original_name"]
        if digests & {token_digest(t) for t in name_tokens(name.replace("_", " "))}:
            name = word("text.annex_withheld", lang, kind=word(f"evidence_kinds.{item['kind']}", lang))
        out.append(EvidenceRef(item["id"], name, item["kind"], item["sha256"]))
    return out
