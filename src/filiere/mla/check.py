"""The checker: what a central authority would send back, found before the request leaves.

Requests fail for avoidable reasons — no legal basis, the wrong language, a coercive measure without dual
criminality, facts that never mention the person whose records are sought, personal data the measure does
not need, a missing Art. 18(15) section. Each finding has a code, a message and the fix; errors must be
fixed before sending, warnings are to be read. The requested State's requirements come from mla.countries
at the time of the check, so a request drafted before a data update is checked against the new facts.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from babel import Locale

from filiere.i18n import _, current_language
from filiere.mla import countries
from filiere.mla.request import COERCIVE, COERCIVE_IN_SOME_STATES, RECORDS, Request, name_tokens, token_digest
from filiere.mla.texts import country_name

ERROR, WARNING = "error", "warning"
_CONCERNING = frozenset({"witness", "suspect", "service", "identify"})  # measures that need the identity
_NUMBER = re.compile(r"\+?\d[\d .-]{5,}\d")


@dataclass
class Finding:
    severity: str  # error | warning
    code: str
    message: str
    fix: str
    field: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _words(text: str) -> set[str]:
    return set(name_tokens(text))


def _names_in(text: str, names: list[str]) -> bool:
    """Whether one of `names` appears in `text`: all its words (of three letters or more), in any order."""
    words = _words(text)
    for name in names:
        wanted = _words(name)
        if wanted and wanted <= words:
            return True
    return False


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _number_in(text: str, number: str) -> bool:
    """An E.164 number in text written as +22376315842, 00223 76 31 58 42 or 76 31 58 42."""
    digits = _digits(number)
    for found in _NUMBER.findall(text or ""):
        written = _digits(found)
        if written == digits or (written.endswith(digits[-8:]) and len(written) >= 8):
            return True
    return False


def _record(iso2: str) -> countries.CountryRequirements | None:
    try:
        return countries.load_country(iso2)
    except countries.MlaDataError:
        return None


def _state(iso2: str) -> str:
    return country_name(iso2, current_language())


def _languages(codes: list[str]) -> str:
    """ "Arabic, French" in the interface language (CLDR names through Babel)."""
    names = Locale(current_language()).languages
    return ", ".join(names.get(code, code) for code in codes)


def check_request(request: Request) -> list[Finding]:
    """Every error and warning of a request, errors first."""
    found: list[Finding] = []
    record = _record(request.requested_state)
    found += _sections(request)
    found += _legal_basis(request)
    found += _language(request, record)
    found += _dual_criminality(request, record)
    found += _facts_mention(request)
    found += _personal_data(request)
    found += _provisions(request)
    if record is not None and not record.verified:
        found.append(
            Finding(
                WARNING,
                "REQUIREMENTS_UNVERIFIED",
                _("What Filière records about {state}'s requirements is not verified.").format(
                    state=_state(request.requested_state)
                ),
                _(
                    "Confirm the central authority, languages and legal basis with the WACAP focal point or "
                    "the central authority before sending (source: {file})."
                ).format(file=record.path.rsplit("/", 1)[-1]),
            )
        )
    if request.training:
        found.append(
            Finding(
                WARNING,
                "TRAINING_CASE",
                _("The case holds generated training data: this request must not be sent."),
                _("Use it for training only."),
            )
        )
    return sorted(found, key=lambda f: f.severity != ERROR)


def _missing(code_field: str, message: str, fix: str) -> Finding:
    return Finding(ERROR, "MISSING_SECTION", message, fix, code_field)


def _sections(request: Request) -> list[Finding]:
    """The Art. 18(15) contents and the usual statements, each present."""
    out = []
    if not request.requesting_authority.name.strip():
        out.append(
            _missing(
                "requesting_authority",
                _("The requesting authority (Art. 18(15)(a)) is not named."),
                _(
                    'Give --authority "…" to `filiere mla draft` (or set [mla] name in the workspace '
                    "settings.toml), or fill requesting_authority.name in the request file."
                ),
            )
        )
    if not request.requested_authority.name.strip():
        out.append(
            _missing(
                "requested_authority",
                _("The requested authority (the central authority, Art. 18(13)) is not named."),
                _(
                    "Find it in the UNODC directory of competent national authorities and fill "
                    "requested_authority.name in the request file."
                ),
            )
        )
    if not request.urgency.strip():
        out.append(
            _missing(
                "urgency",
                _("The request says nothing about its urgency."),
                _("State whether the request is urgent and why (--urgent REASON), or that it is not."),
            )
        )
    if not request.confidentiality.strip():
        out.append(
            _missing(
                "confidentiality",
                _("The request has no confidentiality statement (Art. 18(20))."),
                _(
                    "Ask that the request and its contents be kept confidential, or say it is not "
                    "confidential."
                ),
            )
        )
    if not request.proceedings.strip():
        out.append(
            _missing(
                "proceedings",
                _("The subject and nature of the proceedings (Art. 18(15)(b)) are missing."),
                _(
                    "Say which authority conducts which investigation, prosecution or trial, for which "
                    "offences."
                ),
            )
        )
    only_service = bool(request.measures) and all(m.kind == "service" for m in request.measures)
    if not request.facts.strip() and not only_service:
        out.append(
            _missing(
                "facts",
                _("The summary of the facts (Art. 18(15)(c)) is missing."),
                _("Summarise who did what, when and where, naming the persons the measures concern."),
            )
        )
    if not request.offences:
        out.append(
            _missing(
                "offences",
                _("No offence is given with its national provisions."),
                _(
                    "Run `filiere qualify --case {case}` so the draft can name the offences, or fill "
                    "offences in the request file."
                ).format(case=request.case),
            )
        )
    if not request.measures:
        out.append(
            _missing(
                "measures",
                _("No assistance is asked for (Art. 18(15)(d))."),
                _("Add --measure KIND:TARGET, e.g. subscriber:+22376315842."),
            )
        )
    for i, measure in enumerate(request.measures, 1):
        if not measure.description.strip():
            out.append(
                _missing(
                    f"measures[{i - 1}].description",
                    _("Measure {n} does not say what is asked.").format(n=i),
                    _("Describe the records, hearing or act sought."),
                )
            )
        if not measure.link.strip():
            out.append(
                _missing(
                    f"measures[{i - 1}].link",
                    _("Measure {n} does not say how it serves the proceedings (Art. 18(15)(f)).").format(n=i),
                    _("Explain the link between this measure and the offences."),
                )
            )
        if measure.kind in _CONCERNING and request.person(measure.person) is None:
            out.append(
                _missing(
                    f"measures[{i - 1}].person",
                    _("Measure {n} concerns a person the request does not identify (Art. 18(15)(e)).").format(
                        n=i
                    ),
                    _("Name the person with their identity data under persons."),
                )
            )
    if not request.procedures:
        out.append(
            _missing(
                "procedures",
                _("No procedure to follow is given (Art. 18(15)(d))."),
                _("Say how the evidence must be gathered and certified to be usable in court."),
            )
        )
    if not request.time_limits.strip() or not request.time_limit:
        out.append(
            _missing(
                "time_limits",
                _("The request gives no time limit."),
                _("Give --deadline YYYY-MM-DD and the reason for it."),
            )
        )
    elif request.created_on and request.time_limit < request.created_on:
        out.append(
            Finding(
                WARNING,
                "DEADLINE_PAST",
                _("The time limit {date} is before the request's date.").format(date=request.time_limit),
                _("Give a later --deadline."),
                "time_limit",
            )
        )
    if not request.contacts:
        out.append(
            _missing(
                "contacts",
                _("The request gives no contact for questions."),
                _('Give --contact "name, function, telephone, email".'),
            )
        )
    return out


def _legal_basis(request: Request) -> list[Finding]:
    state = _state(request.requested_state)
    treaties = [b for b in request.legal_bases if b.kind != "reciprocity"]
    if not request.legal_bases:
        return [
            Finding(
                ERROR,
                "NO_LEGAL_BASIS",
                _("The request gives no legal basis for asking {state}.").format(state=state),
                _(
                    "Cite a treaty binding both States (UNTOC Art. 18 between parties, a regional or "
                    "bilateral treaty) or offer reciprocity; see data/mla/countries/{file}.yaml."
                ).format(file=request.requested_state.lower()),
                "legal_bases",
            )
        ]
    if not treaties:
        return [
            Finding(
                WARNING,
                "RECIPROCITY_ONLY",
                _("No treaty with {state} is cited: the request relies on reciprocity alone.").format(
                    state=state
                ),
                _(
                    "Check that {state} grants assistance on reciprocity for these measures (coercive "
                    "measures are often refused without a treaty)."
                ).format(state=state),
                "legal_bases",
            )
        ]
    if all(b.status == "uncertain" for b in treaties):
        return [
            Finding(
                WARNING,
                "LEGAL_BASIS_UNCERTAIN",
                _("Every treaty cited with {state} is of uncertain application: {titles}.").format(
                    state=state, titles="; ".join(b.instrument for b in treaties)
                ),
                _(
                    "Confirm with the central authority which instrument it will accept, and cite UNTOC "
                    "where both States are parties."
                ),
                "legal_bases",
            )
        ]
    return []


def _language(request: Request, record) -> list[Finding]:
    state = _state(request.requested_state)
    try:
        accepted = countries.accepts_language(request.requested_state, request.language)
    except countries.MlaDataError:
        accepted = None
    if accepted is None:
        return [
            Finding(
                ERROR,
                "LANGUAGE_UNKNOWN",
                _("Filière does not know which languages {state} accepts; the request is in {lang}.").format(
                    state=state, lang=_languages([request.language])
                ),
                _(
                    "Ask the central authority which languages it accepts (UNTOC Art. 18(14): its "
                    "notification to the UN) and record them in data/mla/countries/{file}.yaml."
                ).format(file=request.requested_state.lower()),
                "language",
            )
        ]
    if accepted:
        return []
    languages = list(record.languages_accepted) if record else []
    writable = [code for code in languages if code in ("fr", "en")]
    fix = (
        _("Draft it again with --lang {lang}.").format(lang=writable[0])
        if writable
        else _(
            "Have it translated into {languages} (Filière writes French and English) and send the "
            "translation with the original."
        ).format(languages=_languages(languages))
    )
    return [
        Finding(
            ERROR,
            "LANGUAGE_NOT_ACCEPTED",
            _("{state} accepts requests in {languages}, not in {lang} (UNTOC Art. 18(14)).").format(
                state=state, languages=_languages(languages) or "?", lang=_languages([request.language])
            ),
            fix,
            "language",
        )
    ]


def _dual_criminality(request: Request, record) -> list[Finding]:
    if request.dual_criminality.strip():
        return []
    required = record.requirements.dual_criminality_for_coercive if record else None
    state = _state(request.requested_state)
    out = []
    for i, measure in enumerate(request.measures, 1):
        if measure.kind in COERCIVE and required is not False:
            severity = ERROR
        elif measure.kind in COERCIVE_IN_SOME_STATES and required is not False:
            severity = ERROR if required else WARNING
        else:
            continue
        if measure.kind in COERCIVE:
            message = _(
                "Measure {n} ({kind}) is coercive, but the request does not note that the facts are also an "
                "offence in {state} (dual criminality)."
            )
        else:
            message = _(
                "Measure {n} ({kind}) is coercive in some States, and the request does not note that the "
                "facts are also an offence in {state} (dual criminality)."
            )
        out.append(
            Finding(
                severity,
                "DUAL_CRIMINALITY",
                message.format(n=i, kind=measure.kind, state=state),
                _(
                    "Add under dual_criminality the law of {state} that punishes the same facts (see "
                    "`filiere law search --country {code}`)."
                ).format(state=state, code=request.requested_state),
                f"measures[{i - 1}]",
            )
        )
    return out


def _facts_mention(request: Request) -> list[Finding]:
    """The facts must say who the person whose records are sought is (a request for the records of
    someone the facts never mention is sent back)."""
    out = []
    for i, measure in enumerate(request.measures, 1):
        if measure.kind not in RECORDS:
            continue
        person = request.person(measure.person)
        names = [person.name, *person.aliases] if person else []
        if _names_in(request.facts, names) or (measure.number and _number_in(request.facts, measure.number)):
            continue
        who = person.name if person else (measure.number or measure.target)
        out.append(
            Finding(
                ERROR,
                "FACTS_PERSON",
                _("The summary of the facts does not mention {who}, whose records measure {n} seeks.").format(
                    who=who, n=i
                ),
                _("Say in the facts who {who} is, which number they use and what they did.").format(who=who),
                "facts",
            )
        )
    return out


def _personal_data(request: Request) -> list[Finding]:
    """Only the identity data the measures need: a victim named in a request that does not concern them,
    a person listed whom no measure concerns."""
    out = []
    targets: dict[int, set[str]] = {}
    for measure in request.measures:
        if measure.person is not None:
            targets.setdefault(measure.person, set()).add(measure.kind)
    for i, person in enumerate(request.persons):
        kinds = targets.get(person.id, set()) if person.id is not None else set()
        if person.capacity == "victim" and not kinds & _CONCERNING:
            out.append(
                Finding(
                    ERROR,
                    "PERSONAL_DATA",
                    _(
                        "{name}, a victim, is identified though no measure asks to hear, serve or identify "
                        "them."
                    ).format(name=person.name),
                    _("Remove persons[{i}] from the request: the measures sought do not need it.").format(
                        i=i
                    ),
                    f"persons[{i}]",
                )
            )
        elif not kinds:
            out.append(
                Finding(
                    WARNING,
                    "EXTRA_PERSON",
                    _("{name} is identified though no measure concerns them.").format(name=person.name),
                    _("Remove persons[{i}] unless the requested State needs it.").format(i=i),
                    f"persons[{i}]",
                )
            )
    out += _protected_names(request)
    return out


def _protected_names(request: Request) -> list[Finding]:
    def digests(words: set[str]) -> dict[str, str]:
        return {token_digest(w): w for w in words}

    places = [("facts", request.facts), ("proceedings", request.proceedings)]
    places += [(f"measures[{i}]", m.description + " " + m.link) for i, m in enumerate(request.measures)]
    places += [(f"persons[{i}]", " ".join([p.name, *p.aliases])) for i, p in enumerate(request.persons)]
    places += [(f"offences[{i}]", " ".join(o.names)) for i, o in enumerate(request.offences)]
    out = []
    for where, text in places:
        seen = digests(_words(text))
        for protected in request.protected:
            if protected.tokens and set(protected.tokens) <= set(seen):
                shown = " ".join(sorted(seen[t] for t in protected.tokens))
                out.append(
                    Finding(
                        ERROR,
                        "PERSONAL_DATA",
                        _("{where} names a victim or migrant the request does not concern ({words}).").format(
                            where=where, words=shown
                        ),
                        _("Remove the name from {where}; refer to them without identifying them.").format(
                            where=where
                        ),
                        where,
                    )
                )
                break
    for i, item in enumerate(request.evidence):
        seen = digests(_words(item.name.replace("_", " ")))
        if any(set(p.tokens) & set(seen) for p in request.protected):
            out.append(
                Finding(
                    ERROR,
                    "PERSONAL_DATA",
                    _("The annex lists evidence #{id} under a file name that names a victim.").format(
                        id=item.id
                    ),
                    _("Replace evidence[{i}].name with the kind of record only.").format(i=i),
                    f"evidence[{i}]",
                )
            )
    return out


def _provisions(request: Request) -> list[Finding]:
    out = []
    for i, offence in enumerate(request.offences):
        if not offence.provisions:
            out.append(
                Finding(
                    WARNING,
                    "OFFENCE_WITHOUT_PROVISION",
                    _("The offence {offence} cites no provision.").format(
                        offence=offence.label or offence.code
                    ),
                    _("Add the national provision in force at the date of the facts, or drop the offence."),
                    f"offences[{i}]",
                )
            )
        for provision in offence.provisions:
            if provision.status == "repealed":
                out.append(
                    Finding(
                        WARNING,
                        "REPEALED_PROVISION",
                        _("{number} is repealed.").format(number=provision.number or provision.record),
                        _("Cite the law in force at the date of the facts ({date}).").format(
                            date=request.facts_date or "?"
                        ),
                        f"offences[{i}]",
                    )
                )
    return out


def summary(findings: list[Finding]) -> dict[str, list[dict[str, str]]]:
    """The findings split for JSON: {"errors": [...], "warnings": [...]}."""
    return {
        "errors": [f.as_dict() for f in findings if f.severity == ERROR],
        "warnings": [f.as_dict() for f in findings if f.severity == WARNING],
    }
