"""The checker: what a central authority would send back, found before the request leaves.

Requests fail for avoidable reasons — no legal basis, the wrong language, a coercive measure without dual
criminality, facts that never mention the person whose records are sought, personal data the measure does
not need, a missing Art. 18(15) section. Each finding has a code, a message and the fix; errors must be
fixed before sending, warnings are to be read. The requested State's requirements come from mla.countries
at the time of the check, so a request drafted before a data update is checked against the new facts.
"""

from __future__ import annotations

from filiere.i18n import _
from filiere.mla import countries
from filiere.mla.checks.findings import ERROR, WARNING, Finding, state_name
from filiere.mla.checks.legal import dual_criminality, language, legal_basis, provisions
from filiere.mla.checks.persons import facts_mention, personal_data
from filiere.mla.checks.sections import sections
from filiere.mla.request import Request

__all__ = ["ERROR", "WARNING", "Finding", "check_request", "summary"]


def _record(iso2: str) -> countries.CountryRequirements | None:
    try:
        return countries.load_country(iso2)
    except countries.MlaDataError:
        return None


def check_request(request: Request) -> list[Finding]:
    """Every error and warning of a request, errors first."""
    found: list[Finding] = []
    record = _record(request.requested_state)
    found += sections(request)
    found += legal_basis(request)
    found += language(request, record)
    found += dual_criminality(request, record)
    found += facts_mention(request)
    found += personal_data(request)
    found += provisions(request)
    if record is not None and not record.verified:
        found.append(
            Finding(
                WARNING,
                "REQUIREMENTS_UNVERIFIED",
                _("What Filière records about {state}'s requirements is not verified.").format(
                    state=state_name(request.requested_state)
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


def summary(findings: list[Finding]) -> dict[str, list[dict[str, str]]]:
    """The findings split for JSON: {"errors": [...], "warnings": [...]}."""
    return {
        "errors": [f.as_dict() for f in findings if f.severity == ERROR],
        "warnings": [f.as_dict() for f in findings if f.severity == WARNING],
    }
