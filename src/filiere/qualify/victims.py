"""Each victim or migrant: a child or not, the means used on them, the exploitation, and what they are.

A person is a victim of trafficking when the evidence shows their exploitation and either the means used
or that they are a child; a smuggled migrant when it shows a paid, irregular journey and no exploitation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from filiere.i18n import _
from filiere.network.roles import TRAVELLER_ROLES
from filiere.qualify.ages import assess_age
from filiere.qualify.elements import NOT_REQUIRED, element, holds
from filiere.qualify.findings import CueIndex, Findings
from filiere.qualify.passages import CaseText

VICTIM_STATUS_WORDS = ("victim", "victime", "migrant", "rescape", "survivant", "survivor")


@dataclass
class VictimAssessment:
    person: int
    name: str
    minor: bool | None
    age: int | None
    findings: Findings
    elements: list[dict]
    exploitation: list[str]
    status: str
    missing: list[str]


def is_traveller(person: dict, heard_status: str | None) -> bool:
    status = (heard_status or "").lower()
    return person["role"] in TRAVELLER_ROLES or any(w in status for w in VICTIM_STATUS_WORDS)


def assess_victim(person: dict, text: CaseText, cues: CueIndex, facts_date: date | None) -> VictimAssessment:
    pid = person["id"]
    own = [p for p in text.passages if p.subject == pid or p.concerns(pid)]
    found = cues.findings(own)
    age = assess_age(text, pid, facts_date)
    minor = element("minor", age.supporting, age.contradicting, age=age.age)
    means = element("means", found.support("means."), found.contra("means."), kinds=found.kinds("means."))
    exploitation = element(
        "exploitation", found.support("purpose."), found.contra("purpose."), kinds=found.kinds("purpose.")
    )
    journey = element("smuggled_journey", found.support("som."), found.contra("som.illegal_crossing"))
    elements = [minor, means, exploitation, journey]
    return VictimAssessment(
        pid, person["name"], age.minor, age.age, found, elements, found.kinds("purpose."), "", []
    )


def victim_status(v: VictimAssessment) -> None:
    """Fill status and missing from the (possibly decided) elements."""
    minor, means, exploitation, journey = v.elements
    v.minor = True if minor["status"] == "supported" else False if minor["status"] == "contradicted" else None
    if v.minor and "decision" not in means:
        _child(means)
    missing = []
    if holds(exploitation) and holds(means):
        status = "victim_of_trafficking"
    elif holds(exploitation):
        status = "possible_victim_of_trafficking"
        missing.append(
            _("no evidence of means for victim {name}, who is an adult").format(name=v.name)
            if v.minor is False
            else _(
                "no evidence of means for {name}, and no evidence of age (means are not required for a child)"
            ).format(name=v.name)
        )
    elif holds(journey):
        status = "smuggled_migrant"
    else:
        status = "undetermined"
        missing.append(_("no evidence of exploitation or of a paid journey for {name}").format(name=v.name))
    if minor["status"] == "missing" and status != "smuggled_migrant":
        missing.append(
            _("age of {name} unknown: a birth date decides whether means must be proved").format(name=v.name)
        )
    v.status, v.missing = status, missing


def _child(means: dict) -> None:
    """A child: means are not required (Trafficking Protocol Art. 3(c)); any shown stay cited."""
    means["status"] = NOT_REQUIRED
    means["note"] = _("the person is a child: means are not required")
