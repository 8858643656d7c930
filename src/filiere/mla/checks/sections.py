"""Every Art. 18(15) section and the usual statements are there: what a central authority checks first."""

from __future__ import annotations

from filiere.i18n import _
from filiere.mla.checks.findings import CONCERNING, ERROR, WARNING, Finding
from filiere.mla.request import Request


def _missing(code_field: str, message: str, fix: str) -> Finding:
    return Finding(ERROR, "MISSING_SECTION", message, fix, code_field)


def sections(request: Request) -> list[Finding]:
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
        if measure.kind in CONCERNING and request.person(measure.person) is None:
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
