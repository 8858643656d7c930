"""Whether the requested State can act on the request: legal basis, language, dual criminality, and
national provisions that are cited and in force."""

from __future__ import annotations

from babel import Locale

from filiere.i18n import _, current_language
from filiere.mla import countries
from filiere.mla.checks.findings import ERROR, WARNING, Finding, state_name
from filiere.mla.request import COERCIVE, COERCIVE_IN_SOME_STATES, Request


def _languages(codes: list[str]) -> str:
    """ "Arabic, French" in the interface language (CLDR names through Babel)."""
    names = Locale(current_language()).languages
    return ", ".join(names.get(code, code) for code in codes)


def legal_basis(request: Request) -> list[Finding]:
    """A treaty binding both States, or at least reciprocity: without one the request is refused."""
    state = state_name(request.requested_state)
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


def language(request: Request, record) -> list[Finding]:
    """The request is in a language the requested State accepts (UNTOC Art. 18(14))."""
    state = state_name(request.requested_state)
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


def dual_criminality(request: Request, record) -> list[Finding]:
    """Coercive measures need the facts to be an offence in the requested State too."""
    if request.dual_criminality.strip():
        return []
    required = record.requirements.dual_criminality_for_coercive if record else None
    state = state_name(request.requested_state)
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


def provisions(request: Request) -> list[Finding]:
    """Each offence cites a national provision, and none of them is repealed."""
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
